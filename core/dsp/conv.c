/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Uniformly partitioned overlap-save convolution.
 *
 *   input ─► [prev P | cur P] ─► FFT 2P ─► X_b ─► FDL ring: X_b, X_b−1, …
 *                                             │
 *            Y = Σ_j X_b−j · H_j  ◄───────────┘   (H_j: partition j of the IR,
 *            │                                     zero-padded to 2P)
 *            └► IFFT 2P ─► keep the last P samples / 2P ─► output (2P later)
 *
 * The work of a completed input block is spread over the next block: its
 * transform when a quarter of that block has come in, the products at a
 * half, the inverse at three quarters; the result is handed out during the
 * block after. So no call does the whole of a partition's work at once (a
 * renderer's other work waits on none of it), for one partition more of
 * latency. Partitions that are all zero (a predelay) are skipped. */

#include "core/dsp/conv.h"

#include "core/base/alloc.h"
#include "core/dsp/fft.h"
#include "core/dsp/simd.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct sp_conv_ir {
  size_t block, parts, bins;
  size_t stride;  /* bins rounded up to 16 floats: every spectrum 64-byte aligned */
  float *spectra; /* parts × (real parts, imaginary parts): 2·stride each */
  bool *silent;   /* parts */
  sp_fft *fft;    /* 2·block points, shared by every instance (read only) */
};

struct sp_conv {
  const sp_conv_ir *h;
  const sp_fft *fft;
  float *fft_work; /* the transforms' work buffer */
  float *frame; /* 2P: previous and current input block */
  float *time;  /* 2P: inverse transform */
  float *out;   /* P: output being handed out */
  float *next;  /* P: the output of the block in the works */
  float *work;  /* 2P: that block's input window */
  int stage;    /* of its work, the next to do: 1 transform, 2 products, 3 inverse; 0 none */
  float *fdl;   /* parts × 2·stride: input spectra, a ring */
  float *acc;   /* 2·stride: the sum of products (real parts, imaginary parts) */
  size_t head;  /* fdl slot of the newest spectrum */
  size_t pos;   /* frames into the current block */
};

sp_conv_ir *sp_conv_ir_new(const float *ir, size_t frames, size_t block)
{
  sp_conv_ir *h = sp_xcalloc(1, sizeof *h);
  h->block = block;
  h->parts = frames ? (frames + block - 1) / block : 1;
  h->bins = block + 1;
  h->stride = (h->bins + 15) & ~(size_t)15;
  h->spectra = sp_fft_alloc_real(h->parts * 2 * h->stride);
  h->silent = sp_xcalloc(h->parts, sizeof *h->silent);
  h->fft = sp_fft_new(2 * block);
  float *buf = sp_fft_alloc_real(2 * block);
  float *work = sp_fft_alloc_real(sp_fft_work_floats(h->fft));
  for (size_t j = 0; j < h->parts; j++) {
    memset(buf, 0, 2 * block * sizeof *buf);
    size_t n = frames - j * block < block ? frames - j * block : block;
    bool any = false;
    for (size_t k = 0; k < n; k++) {
      buf[k] = ir[j * block + k];
      any |= buf[k] != 0.0f;
    }
    h->silent[j] = !any;
    float *re = h->spectra + j * 2 * h->stride;
    sp_fft_forward(h->fft, buf, re, re + h->stride, work);
  }
  sp_fft_release(work);
  sp_fft_release(buf);
  return h;
}

void sp_conv_ir_free(sp_conv_ir *h)
{
  if (!h)
    return;
  sp_fft_release(h->spectra);
  free(h->silent);
  sp_fft_free(h->fft);
  free(h);
}

sp_conv *sp_conv_new(const sp_conv_ir *h)
{
  sp_conv *c = sp_xcalloc(1, sizeof *c);
  c->h = h;
  c->fft = h->fft;
  c->fft_work = sp_fft_alloc_real(sp_fft_work_floats(h->fft));
  c->frame = sp_fft_alloc_real(2 * h->block);
  c->time = sp_fft_alloc_real(2 * h->block);
  c->out = sp_fft_alloc_real(h->block);
  c->next = sp_fft_alloc_real(h->block);
  c->work = sp_fft_alloc_real(2 * h->block);
  c->fdl = sp_fft_alloc_real(h->parts * 2 * h->stride);
  c->acc = sp_fft_alloc_real(2 * h->stride);
  return c;
}

void sp_conv_free(sp_conv *c)
{
  if (!c)
    return;
  sp_fft_release(c->fft_work);
  sp_fft_release(c->frame);
  sp_fft_release(c->time);
  sp_fft_release(c->out);
  sp_fft_release(c->next);
  sp_fft_release(c->work);
  sp_fft_release(c->fdl);
  sp_fft_release(c->acc);
  free(c);
}

void sp_conv_reset(sp_conv *c)
{
  const sp_conv_ir *h = c->h;
  memset(c->frame, 0, 2 * h->block * sizeof(float));
  memset(c->out, 0, h->block * sizeof(float));
  memset(c->next, 0, h->block * sizeof(float));
  c->stage = 0;
  memset(c->fdl, 0, h->parts * 2 * h->stride * sizeof(float));
  c->head = 0;
  c->pos = 0;
}

/* y += x · h, bin by bin, on split spectra (real parts, then imaginary
 * parts, stride apart): re += xr·hr − xi·hi, im += xr·hi + xi·hr. Plain
 * loops over contiguous floats, vectorized by the compiler, each lane
 * doing its bin's scalar operations: the same bits on every CPU. Offline
 * partitions are large and many (up to eight): a tenth of a reverb-heavy
 * render. */
SP_CLONES
static void cmac(float *restrict y, const float *restrict x, const float *restrict h,
                 size_t stride, size_t bins)
{
  float *restrict yr = y, *restrict yi = y + stride;
  const float *restrict xr = x, *restrict xi = x + stride, *restrict hr = h, *restrict hi = h + stride;
  for (size_t k = 0; k < bins; k++) {
    const float re = xr[k] * hr[k] - xi[k] * hi[k], im = xr[k] * hi[k] + xi[k] * hr[k];
    yr[k] += re;
    yi[k] += im;
  }
}

/* One stage of the work on the block in c->work. */
static void run_stage(sp_conv *c)
{
  const sp_conv_ir *h = c->h;
  const size_t P = h->block, bins = h->bins, stride = h->stride;
  switch (c->stage) {
  case 1: {
    c->head = c->head == 0 ? h->parts - 1 : c->head - 1;
    float *re = c->fdl + c->head * 2 * stride;
    sp_fft_forward(c->fft, c->work, re, re + stride, c->fft_work);
    break;
  }
  case 2:
    memset(c->acc, 0, 2 * stride * sizeof(float));
    for (size_t j = 0; j < h->parts; j++) {
      if (h->silent[j])
        continue;
      cmac(c->acc, c->fdl + ((c->head + j) % h->parts) * 2 * stride, h->spectra + j * 2 * stride,
           stride, bins);
    }
    break;
  case 3: {
    sp_fft_inverse(c->fft, c->acc, c->acc + stride, c->time, c->fft_work);
    const float scale = 1.0f / (float)(2 * P);
    for (size_t k = 0; k < P; k++)
      c->next[k] = c->time[P + k] * scale;
    break;
  }
  default: return;
  }
  c->stage = c->stage == 3 ? 0 : c->stage + 1;
}

/* The current input block is complete: its output so far is what the
 * last block's work made; this block's work begins. */
static void block_done(sp_conv *c)
{
  const size_t P = c->h->block;
  while (c->stage != 0) /* calls longer than a quarter block: catch up */
    run_stage(c);
  float *t = c->out;
  c->out = c->next;
  c->next = t;
  memcpy(c->work, c->frame, 2 * P * sizeof(float));
  memcpy(c->frame, c->frame + P, P * sizeof(float));
  c->stage = 1;
}

void sp_conv_process(sp_conv *c, float *x, size_t frames)
{
  const size_t P = c->h->block;
  float *cur = c->frame + P;
  for (size_t i = 0; i < frames;) {
    /* up to the next quarter of the block, where a stage may be due */
    size_t q = P / 4 > 0 ? P / 4 : 1, edge = (c->pos / q + 1) * q;
    edge = edge < P ? edge : P;
    size_t n = edge - c->pos < frames - i ? edge - c->pos : frames - i;
    for (size_t k = 0; k < n; k++) {
      float in = x[i + k];
      x[i + k] = c->out[c->pos + k];
      cur[c->pos + k] = in;
    }
    c->pos += n;
    i += n;
    if (c->pos == P) {
      block_done(c);
      c->pos = 0;
    } else if (c->stage != 0 && c->pos >= (size_t)c->stage * q) {
      run_stage(c);
    }
  }
}

/* ---- in three steps (sp_conv_feed, sp_conv_work, sp_conv_take) ---------- */

/* The buffers of one partition's products and inverse: a work call takes a
 * free set, so that calls of several blocks run at once (as many sets as
 * ever ran at once). */
typedef struct conv_scratch {
  float *acc, *time, *work;
  struct conv_scratch *next;
} conv_scratch;

struct sp_conv_split {
  const sp_conv_ir *h;
  float *frame;         /* 2P: previous and current input block */
  float *fft_work;      /* feed's */
  size_t pos;           /* frames into the current block */
  int64_t fed;          /* input blocks transformed */
  size_t n_spectra;     /* the ring of input spectra: partition m's in slot m mod n_spectra */
  float *spectra;       /* n_spectra × 2·stride */
  size_t n_outs;        /* the ring of outputs: output block q's in slot q mod n_outs */
  float *outs;          /* n_outs × P */
  pthread_mutex_t lock; /* of free */
  conv_scratch *free;
};

sp_conv_split *sp_conv_split_new(const sp_conv_ir *h, size_t ahead_frames)
{
  sp_conv_split *c = sp_xcalloc(1, sizeof *c);
  const size_t P = h->block, ahead = ahead_frames / P;
  c->h = h;
  c->frame = sp_fft_alloc_real(2 * P);
  c->fft_work = sp_fft_alloc_real(sp_fft_work_floats(h->fft));
  /* a work reads the spectra of its partition and parts − 1 before; the
   * feed may be ahead/P + 2 partitions further on; a take reads an output
   * the work of up to ahead/P + 3 partitions later would write over */
  c->n_spectra = h->parts + ahead + 3;
  c->spectra = sp_fft_alloc_real(c->n_spectra * 2 * h->stride);
  c->n_outs = ahead + 5;
  c->outs = sp_fft_alloc_real(c->n_outs * P);
  pthread_mutex_init(&c->lock, NULL);
  return c;
}

void sp_conv_split_free(sp_conv_split *c)
{
  if (!c)
    return;
  sp_fft_release(c->frame);
  sp_fft_release(c->fft_work);
  sp_fft_release(c->spectra);
  sp_fft_release(c->outs);
  while (c->free) {
    conv_scratch *w = c->free;
    c->free = w->next;
    sp_fft_release(w->acc);
    sp_fft_release(w->time);
    sp_fft_release(w->work);
    free(w);
  }
  pthread_mutex_destroy(&c->lock);
  free(c);
}

void sp_conv_split_reset(sp_conv_split *c)
{
  const sp_conv_ir *h = c->h;
  memset(c->frame, 0, 2 * h->block * sizeof(float));
  memset(c->spectra, 0, c->n_spectra * 2 * h->stride * sizeof(float));
  memset(c->outs, 0, c->n_outs * h->block * sizeof(float));
  c->pos = 0;
  c->fed = 0;
}

void sp_conv_feed(sp_conv_split *c, const float *x, size_t frames)
{
  const sp_conv_ir *h = c->h;
  const size_t P = h->block;
  for (size_t i = 0; i < frames;) {
    size_t n = P - c->pos < frames - i ? P - c->pos : frames - i;
    memcpy(c->frame + P + c->pos, x + i, n * sizeof(float));
    c->pos += n;
    i += n;
    if (c->pos < P)
      continue;
    float *re = c->spectra + (size_t)(c->fed % (int64_t)c->n_spectra) * 2 * h->stride;
    sp_fft_forward(h->fft, c->frame, re, re + h->stride, c->fft_work);
    memcpy(c->frame, c->frame + P, P * sizeof(float));
    c->fed++;
    c->pos = 0;
  }
}

static conv_scratch *scratch_take(sp_conv_split *c)
{
  pthread_mutex_lock(&c->lock);
  conv_scratch *w = c->free;
  if (w)
    c->free = w->next;
  pthread_mutex_unlock(&c->lock);
  if (w)
    return w;
  w = sp_xcalloc(1, sizeof *w);
  w->acc = sp_fft_alloc_real(2 * c->h->stride);
  w->time = sp_fft_alloc_real(2 * c->h->block);
  w->work = sp_fft_alloc_real(sp_fft_work_floats(c->h->fft));
  return w;
}

static void scratch_give(sp_conv_split *c, conv_scratch *w)
{
  pthread_mutex_lock(&c->lock);
  w->next = c->free;
  c->free = w;
  pthread_mutex_unlock(&c->lock);
}

/* Partition m's products and inverse (run_stage's 2 and 3): the output of
 * block m + 2. Spectra before the first are the ring's zeros, as the
 * engine's delay line starts. */
static void work_partition(sp_conv_split *c, conv_scratch *w, int64_t m)
{
  const sp_conv_ir *h = c->h;
  const size_t P = h->block, stride = h->stride, R = c->n_spectra;
  memset(w->acc, 0, 2 * stride * sizeof(float));
  for (size_t j = 0; j < h->parts; j++) {
    if (h->silent[j])
      continue;
    const size_t at = (size_t)((m + (int64_t)R - (int64_t)j) % (int64_t)R);
    cmac(w->acc, c->spectra + at * 2 * stride, h->spectra + j * 2 * stride, stride, h->bins);
  }
  sp_fft_inverse(h->fft, w->acc, w->acc + stride, w->time, w->work);
  const float scale = 1.0f / (float)(2 * P);
  float *out = c->outs + (size_t)((m + 2) % (int64_t)c->n_outs) * P;
  for (size_t k = 0; k < P; k++)
    out[k] = w->time[P + k] * scale;
}

void sp_conv_work(sp_conv_split *c, int64_t at, size_t frames)
{
  const int64_t P = (int64_t)c->h->block;
  const int64_t first = at / P, last = (at + (int64_t)frames) / P; /* [first, last) end here */
  if (first >= last)
    return;
  conv_scratch *w = scratch_take(c);
  for (int64_t m = first; m < last; m++)
    work_partition(c, w, m);
  scratch_give(c, w);
}

void sp_conv_take(const sp_conv_split *c, float *x, int64_t at, size_t frames)
{
  const int64_t P = (int64_t)c->h->block;
  for (size_t i = 0; i < frames;) {
    const int64_t t = at + (int64_t)i, q = t / P;
    const size_t off = (size_t)(t % P),
                 n = (size_t)P - off < frames - i ? (size_t)P - off : frames - i;
    if (q < 2)
      memset(x + i, 0, n * sizeof(float));
    else
      memcpy(x + i, c->outs + (size_t)(q % (int64_t)c->n_outs) * (size_t)P + off,
             n * sizeof(float));
    i += n;
  }
}
