/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mklong: write a session of any length for the memory benchmark.
 *
 *   mklong DIR MINUTES
 *
 * Writes DIR/tracks/t1..t8.wav (48 kHz 24-bit; odd tracks mono, even
 * stereo) and DIR/session.yaml routing them through two group buses and a
 * post-fader return into four stems. The audio is cheap to make (sines and
 * filtered noise from a fixed seed), written in blocks, so a 30-minute
 * session is generated without holding it in memory. */

#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { RATE = 48000, TRACKS = 8, BLOCK = 4800 };

static int write_track(const char *dir, int k, long frames)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/tracks/t%d.wav", dir, k);
  SF_INFO si = {0};
  si.samplerate = RATE;
  si.channels = k % 2 ? 1 : 2;
  si.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
  SNDFILE *f = sf_open(path, SFM_WRITE, &si);
  if (!f) {
    fprintf(stderr, "mklong: error: %s: %s\n", path, sf_strerror(NULL));
    return 1;
  }
  static float buf[2 * BLOCK];
  uint64_t seed = 0x9E3779B97F4A7C15ull * (uint64_t)k;
  double lp = 0, freq = 55.0 * k;
  for (long t = 0; t < frames; t += BLOCK) {
    long n = frames - t < BLOCK ? frames - t : BLOCK;
    for (long i = 0; i < n; i++) {
      seed ^= seed << 13;
      seed ^= seed >> 7;
      seed ^= seed << 17;
      double noise = (double)(seed >> 11) / 9007199254740992.0 - 0.5;
      lp += 0.05 * (noise - lp);
      double env = 0.5 + 0.5 * sin(2 * M_PI * 0.5 * (double)(t + i) / RATE);
      double v = 0.2 * env * sin(2 * M_PI * freq * (double)(t + i) / RATE) + 0.3 * lp;
      for (int c = 0; c < si.channels; c++)
        buf[i * si.channels + c] = (float)(c ? 0.9 * v : v);
    }
    if (sf_writef_float(f, buf, n) != n) {
      fprintf(stderr, "mklong: error: %s: %s\n", path, sf_strerror(f));
      return 1;
    }
  }
  sf_close(f);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: mklong DIR MINUTES\n");
    return 2;
  }
  const char *dir = argv[1];
  double minutes = atof(argv[2]);
  long frames = (long)(minutes * 60 * RATE);
  char path[4096];
  mkdir(dir, 0777);
  snprintf(path, sizeof path, "%s/tracks", dir);
  mkdir(path, 0777);
  for (int k = 1; k <= TRACKS; k++)
    if (write_track(dir, k, frames))
      return 1;
  snprintf(path, sizeof path, "%s/session.yaml", dir);
  FILE *f = fopen(path, "w");
  if (!f)
    return 1;
  fprintf(f, "stemprint: 1\n"
             "tracks:\n");
  for (int k = 1; k <= TRACKS; k++)
    fprintf(f,
            "  t%d: {file: tracks/t%d.wav, gain: -9 dB, pan: %.2f, to: %s,\n"
            "       sends: [{to: verb, level: -12 dB}]}\n",
            k, k, -0.7 + 0.2 * k, k <= 4 ? "grp_a" : "grp_b");
  fprintf(f, "buses:\n"
             "  grp_a: {gain: -2 dB}\n"
             "  grp_b: {gain: -2 dB}\n"
             "  verb: {gain: -6 dB}\n"
             "stems:\n"
             "  a12: [t1, t2]\n"
             "  a34: [t3, t4]\n"
             "  b56: [t5, t6]\n"
             "  b78: [t7, t8]\n"
             "output: {dir: out, depth: 24}\n");
  fclose(f);
  return 0;
}
