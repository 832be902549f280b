/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An ADM BWF master rendered by stemprint's BS.2127 gains
 * (core/dsp/bs2127/), written apart from the re-renders' renderer
 * (core/dsp/adm_render.c), for bench/adm/bs2127_null.py to hold against
 * the EBU ADM Renderer's render of the same file:
 *
 *   bs2127_render MASTER.wav LAYOUT OUT.f32
 *
 * OUT.f32 is raw float32, interleaved, in stemprint's channel order for
 * LAYOUT. Beds play by BS.2127's DirectSpeakers rules, each channel as the
 * Dolby Atmos Master ADM Profile labels and places it (io/audio/adm_profile.c's
 * roles: RC_L .. RC_Rts, the LFE by its band); objects by its object
 * rules, Cartesian, width height and depth the block's width (as
 * stemprint writes them), a stereo object's channels 30° to either side;
 * each block's gains ramp from the last's over the block, or over its
 * interpolationLength where it jumps, as EAR samples the ramp. Built by
 * hand against the build's libraries (bs2127_null.py does). */

#include "core/dsp/bs2127/bs2127.h"
#include "io/audio/adm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the profile's bed channel of channel k of l (core/dsp/adm.h's sp_adm_rc,
 * as io/audio writes them; a channel it has no role for stays unset) */
static void bed_channel(const sp_layout *l, int k, sp_bs2127_speaker *s)
{
  memset(s, 0, sizeof *s);
  s->cartesian = true;
  s->gain = 1;
  const int role = sp_adm_rc_role(l, k);
  if (role < 0)
    return;
  s->label = sp_adm_rc[role].label;
  s->x = sp_adm_rc[role].x, s->y = sp_adm_rc[role].y, s->z = sp_adm_rc[role].z;
  s->lfe_band = role == SP_ADM_RC_LFE;
}

static void block_gains(const sp_bs2127 *r, const sp_adm_object *o, const sp_adm_block *k, int ch,
                        double *g)
{
  sp_bs2127_object b = sp_bs2127_object_default();
  b.cartesian = true;
  b.x = k->x, b.y = k->y, b.z = k->z;
  if (o->channels == 2) {
    double az, el, d;
    sp_adm_cart_to_polar(k->x, k->y, k->z, &az, &el, &d);
    sp_adm_polar_to_cart(az + (ch == 0 ? 30 : -30), el, d, &b.x, &b.y, &b.z);
    /* as the file has it: six decimals */
    b.x = round(b.x * 1e6) / 1e6, b.y = round(b.y * 1e6) / 1e6, b.z = round(b.z * 1e6) / 1e6;
  }
  b.width = b.height = b.depth = k->width;
  b.gain = k->gain;
  sp_bs2127_object_gains(r, &b, g, NULL);
}

/* one object channel's frames [t0, t0 + n) into acc (n x N) */
static void object(const sp_bs2127 *r, int N, const sp_adm *m, const sp_adm_object *o, int ch,
                   int64_t t0, size_t n, const float *x, double *acc)
{
  for (size_t b = 0; b < o->n_blocks; b++) {
    const sp_adm_block *k = &o->blocks[b];
    if (k->start >= t0 + (int64_t)n || k->start + k->dur <= t0)
      continue;
    double to[SP_MAX_CHANNELS], from[SP_MAX_CHANNELS] = {0};
    block_gains(r, o, k, ch, to);
    const double len = k->jump ? (k->no_interp ? 0.0 : k->interp_s * m->rate) : (double)k->dur;
    sp_bs2127_ramp ramp = sp_bs2127_ramp_make((double)k->start, (double)k->start + len);
    if (b == 0)
      ramp = sp_bs2127_ramp_make((double)k->start, (double)k->start);
    else
      block_gains(r, o, &o->blocks[b - 1], ch, from);
    for (int64_t t = k->start > t0 ? k->start : t0; t < k->start + k->dur && t < t0 + (int64_t)n;
         t++) {
      const double p = sp_bs2127_ramp_at(&ramp, t), v = x[t - t0];
      for (int c = 0; c < N; c++)
        acc[(size_t)(t - t0) * N + c] += (from[c] * (1 - p) + to[c] * p) * v;
    }
  }
}

int main(int argc, char **argv)
{
  if (argc != 4) {
    fprintf(stderr, "usage: bs2127_render MASTER.wav LAYOUT OUT.f32\n");
    return 2;
  }
  const sp_layout *l = sp_layout_find(argv[2]);
  sp_bs2127 *r = sp_bs2127_new(l);
  char why[512];
  sp_adm m;
  sp_adm_file *af;
  if (!r || sp_adm_open(argv[1], &af, &m, why, sizeof why) != SP_OK) {
    fprintf(stderr, "bs2127_render: %s\n", r ? why : "no BS.2127 layout");
    return 1;
  }
  FILE *out = fopen(argv[3], "wb");
  const int N = l->n;
  /* the beds' gains, a row each track */
  double bed[SP_ADM_MAX_BED_TRACKS][SP_MAX_CHANNELS];
  int at = 0;
  for (size_t b = 0; b < m.n_beds; b++)
    for (int k = 0; k < m.beds[b]->n; k++, at++) {
      sp_bs2127_speaker s;
      bed_channel(m.beds[b], k, &s);
      sp_bs2127_speaker_gains(r, &s, bed[at]);
    }
  enum { BLOCK = 4096 };
  float **in = calloc((size_t)m.tracks, sizeof *in), *frame = malloc(sizeof(float) * (size_t)N);
  double *acc = malloc(sizeof(double) * BLOCK * (size_t)N);
  for (int k = 0; k < m.tracks; k++)
    in[k] = malloc(BLOCK * sizeof(float));
  for (int64_t t = 0;;) {
    const int64_t n = sp_adm_read(af, in, BLOCK, why, sizeof why);
    if (n <= 0)
      break;
    memset(acc, 0, sizeof(double) * BLOCK * (size_t)N);
    for (int k = 0; k < at; k++)
      for (int64_t i = 0; i < n; i++)
        for (int c = 0; c < N; c++)
          acc[i * N + c] += bed[k][c] * in[k][i];
    for (size_t o = 0; o < m.n_objects; o++)
      for (int ch = 0; ch < m.objects[o].channels; ch++)
        object(r, N, &m, &m.objects[o], ch, t, (size_t)n, in[m.objects[o].track + ch], acc);
    for (int64_t i = 0; i < n; i++) {
      for (int c = 0; c < N; c++)
        frame[c] = (float)acc[i * N + c];
      fwrite(frame, sizeof(float), (size_t)N, out);
    }
    t += n;
  }
  fclose(out);
  sp_adm_close(af);
  sp_adm_fini(&m);
  sp_bs2127_free(r);
  return 0;
}
