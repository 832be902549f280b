/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Readers parked where they stopped (io/audio/park.h). */

#include "io/audio/park.h"

#include <pthread.h>
#include <string.h>

enum { PARKED = 8 };

typedef struct parked_reader {
  sp_reader *r;
  const sp_probe *file;
  int64_t pos;
  void (*free)(sp_reader *r);
} parked_reader;

static struct {
  pthread_mutex_t lock;
  parked_reader v[PARKED]; /* the oldest first */
  size_t n;
} parked = {.lock = PTHREAD_MUTEX_INITIALIZER};

void sp_park(sp_reader *r, const sp_probe *file, int64_t pos, void (*free_fn)(sp_reader *r))
{
  parked_reader out = {0};
  pthread_mutex_lock(&parked.lock);
  if (parked.n == PARKED) {
    out = parked.v[0];
    memmove(&parked.v[0], &parked.v[1], --parked.n * sizeof *parked.v);
  }
  parked.v[parked.n++] = (parked_reader){r, file, pos, free_fn};
  pthread_mutex_unlock(&parked.lock);
  if (out.r)
    out.free(out.r);
}

sp_reader *sp_park_take(const sp_probe *file, int64_t after, int64_t upto)
{
  size_t best = PARKED;
  pthread_mutex_lock(&parked.lock);
  for (size_t i = 0; i < parked.n; i++) {
    const parked_reader *p = &parked.v[i];
    if (p->file == file && p->pos > after && p->pos <= upto &&
        (best == PARKED || p->pos > parked.v[best].pos))
      best = i;
  }
  sp_reader *r = best < PARKED ? parked.v[best].r : NULL;
  if (r)
    memmove(&parked.v[best], &parked.v[best + 1], (--parked.n - best) * sizeof *parked.v);
  pthread_mutex_unlock(&parked.lock);
  return r;
}

void sp_park_close_all(void)
{
  pthread_mutex_lock(&parked.lock);
  const size_t n = parked.n;
  parked_reader v[PARKED];
  memcpy(v, parked.v, n * sizeof *v);
  parked.n = 0;
  pthread_mutex_unlock(&parked.lock);
  for (size_t i = 0; i < n; i++)
    v[i].free(v[i].r);
}
