/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iofloor_n: the I/O floor of a surround mix on this machine.
 *
 * As ../shared/bench/iofloor.c, into a file of N channels: reads every input
 * block by block with libsndfile (as float), adds a mono input into one
 * channel (input i into channel i mod N, the LFE's aside) and a stereo one into
 * the first two, and writes the sum as 24-bit WAV with the 5.1 (or 7.1.4)
 * channel mask. No DSP: what no renderer of these files into one N-channel file
 * can beat here.
 *
 *   cc -O2 -o iofloor_n iofloor_n.c $(pkg-config --cflags --libs sndfile)
 *   ./iofloor_n 6 OUT.wav IN.wav...
 *   FILES=4 ./iofloor_n 6 OUT.wav IN.wav...   (the sum written into 4 files,
 *                                             OUT.wav, OUT.wav.2 ...: what a
 *                                             mix and three stems write)
 */
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 8192 };

int main(int argc, char **argv)
{
  if (argc < 4) {
    fprintf(stderr, "usage: iofloor_n CHANNELS OUT.wav IN.wav...\n");
    return 2;
  }
  const int N = atoi(argv[1]);
  if (N != 6 && N != 12) {
    fprintf(stderr, "iofloor_n: 6 (5.1) or 12 (7.1.4) channels\n");
    return 2;
  }
  const int n = argc - 3;
  SNDFILE **in = calloc((size_t)n, sizeof *in);
  SF_INFO *info = calloc((size_t)n, sizeof *info);
  float *buf = malloc(sizeof(float) * BLOCK * 2);
  float *sum = malloc(sizeof(float) * BLOCK * (size_t)N);
  if (!in || !info || !buf || !sum)
    return 1;
  int rate = 0;
  for (int i = 0; i < n; i++) {
    in[i] = sf_open(argv[i + 3], SFM_READ, &info[i]);
    if (!in[i] || info[i].channels > 2) {
      fprintf(stderr, "iofloor_n: %s: %s\n", argv[i + 3], sf_strerror(in[i]));
      return 3;
    }
    rate = info[i].samplerate;
  }
  const int files = getenv("FILES") ? atoi(getenv("FILES")) : 1;
  if (files < 1 || files > 16) {
    fprintf(stderr, "iofloor_n: FILES is 1 to 16\n");
    return 2;
  }
  SNDFILE *outs[16];
  for (int k = 0; k < files; k++) {
    char name[4096];
    if (k)
      snprintf(name, sizeof name, "%s.%d", argv[2], k + 1);
    else
      snprintf(name, sizeof name, "%s", argv[2]);
    SF_INFO oi = {.samplerate = rate, .channels = N, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_24};
    outs[k] = sf_open(name, SFM_WRITE, &oi);
    if (!outs[k]) {
      fprintf(stderr, "iofloor_n: %s: %s\n", name, sf_strerror(NULL));
      return 3;
    }
  }
  static const int map51[] = {SF_CHANNEL_MAP_LEFT,      SF_CHANNEL_MAP_RIGHT,
                              SF_CHANNEL_MAP_CENTER,    SF_CHANNEL_MAP_LFE,
                              SF_CHANNEL_MAP_REAR_LEFT, SF_CHANNEL_MAP_REAR_RIGHT};
  static const int map714[] = {SF_CHANNEL_MAP_LEFT,          SF_CHANNEL_MAP_RIGHT,
                               SF_CHANNEL_MAP_CENTER,        SF_CHANNEL_MAP_LFE,
                               SF_CHANNEL_MAP_REAR_LEFT,     SF_CHANNEL_MAP_REAR_RIGHT,
                               SF_CHANNEL_MAP_SIDE_LEFT,     SF_CHANNEL_MAP_SIDE_RIGHT,
                               SF_CHANNEL_MAP_TOP_FRONT_LEFT, SF_CHANNEL_MAP_TOP_FRONT_RIGHT,
                               SF_CHANNEL_MAP_TOP_REAR_LEFT, SF_CHANNEL_MAP_TOP_REAR_RIGHT};
  for (int k = 0; k < files; k++)
    sf_command(outs[k], SFC_SET_CHANNEL_MAP_INFO, (void *)(N == 6 ? map51 : map714),
               (int)(sizeof(int) * (size_t)N));
  for (;;) {
    sf_count_t most = 0;
    memset(sum, 0, sizeof(float) * BLOCK * (size_t)N);
    for (int i = 0; i < n; i++) {
      sf_count_t got = sf_readf_float(in[i], buf, BLOCK);
      if (got > most)
        most = got;
      if (info[i].channels == 1) {
        int c = i % (N - 1);
        c += c >= 3; /* not the LFE */
        for (sf_count_t f = 0; f < got; f++)
          sum[N * f + c] += buf[f];
      } else {
        for (sf_count_t f = 0; f < got; f++) {
          sum[N * f] += buf[2 * f];
          sum[N * f + 1] += buf[2 * f + 1];
        }
      }
    }
    if (most == 0)
      break;
    for (int k = 0; k < files; k++)
      if (sf_writef_float(outs[k], sum, most) != most) {
        fprintf(stderr, "iofloor_n: %s: %s\n", argv[2], sf_strerror(outs[k]));
        return 3;
      }
  }
  for (int i = 0; i < n; i++)
    sf_close(in[i]);
  for (int k = 0; k < files; k++)
    sf_close(outs[k]);
  free(in);
  free(info);
  free(buf);
  free(sum);
  return 0;
}
