/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A send's digest and RETURN.sent (core/media/sent.h). */

#include "core/media/sent.h"

#include "core/base/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sp_send_digest {
  sp_hasher *h;
};

sp_send_digest *sp_send_digest_new(void)
{
  sp_send_digest *d = sp_xcalloc(1, sizeof *d);
  d->h = sp_hasher_new();
  return d;
}

void sp_send_digest_add(sp_send_digest *d, const float *interleaved, size_t frames, int channels)
{
  unsigned char buf[4096];
  const size_t n = frames * (size_t)channels;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t u;
    memcpy(&u, &interleaved[i], 4);
    buf[k++] = (unsigned char)u, buf[k++] = (unsigned char)(u >> 8);
    buf[k++] = (unsigned char)(u >> 16), buf[k++] = (unsigned char)(u >> 24);
    if (k == sizeof buf)
      sp_hasher_add(d->h, buf, k), k = 0;
  }
  sp_hasher_add(d->h, buf, k);
}

void sp_send_digest_end(sp_send_digest *d, int channels, int sample_rate, char hex[SP_DIGEST_HEX])
{
  char tail[48];
  int n = snprintf(tail, sizeof tail, "|%d|%d", channels, sample_rate);
  sp_hasher_add(d->h, tail, (size_t)n);
  sp_digest out;
  sp_hasher_end(d->h, &out);
  sp_digest_hex(&out, hex);
  free(d);
}

char *sp_sent_text(const sp_sent *s, const char *send)
{
  /* the name as a quoted YAML scalar of printable bytes: a control
   * character cannot make a line of its own ('?'), a quote is written
   * twice, as YAML reads one back */
  char *name = sp_xmalloc(2 * strlen(send) + 1), *c = name;
  for (const char *in = send; *in; in++) {
    const bool control = (unsigned char)*in < 0x20 || *in == 0x7f;
    *c++ = control ? '?' : *in;
    if (*in == '\'')
      *c++ = '\'';
  }
  *c = '\0';
  char *text =
      sp_xasprintf("# stemprint: the send this return was recorded from (stemprint latency "
                   "--mark); a render\n# whose send at this insert is another says the return "
                   "is stale\nsend: '%s'\ndigest: %s\nsample_rate: %d\nlatency: %lld smp\n"
                   "gain: %.2f dB\npolarity: %s\nlinear: %s\n",
                   name, s->digest, s->sample_rate, (long long)s->latency_frames, s->gain_db,
                   s->inverted ? "inverted" : "normal", s->linear ? "true" : "false");
  free(name);
  return text;
}

bool sp_sent_parse(const char *text, sp_sent *out, char *why, size_t why_size)
{
  memset(out, 0, sizeof *out);
  out->linear = true;
  bool has_digest = false, has_rate = false, has_latency = false;
  for (const char *line = text; *line;) {
    const size_t len = strcspn(line, "\n");
    char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf - 1 ? len : sizeof buf - 1), line);
    line += len + (line[len] == '\n');
    char *colon = strchr(buf, ':');
    if (buf[0] == '#' || !colon)
      continue;
    *colon = '\0';
    const char *v = colon + 1 + strspn(colon + 1, " ");
    char *end = NULL;
    if (strcmp(buf, "digest") == 0) {
      sp_digest d;
      if (!sp_digest_from_hex(v, &d)) {
        snprintf(why, why_size, "digest: not 64 hex digits");
        return false;
      }
      snprintf(out->digest, sizeof out->digest, "%s", v);
      has_digest = true;
    } else if (strcmp(buf, "sample_rate") == 0) {
      long r = strtol(v, &end, 10);
      if (end == v || r < 1 || r > 2000000) {
        snprintf(why, why_size, "sample_rate: not a rate in Hz");
        return false;
      }
      out->sample_rate = (int)r, has_rate = true;
    } else if (strcmp(buf, "latency") == 0) {
      long long f = strtoll(v, &end, 10);
      if (end == v || f < 0 || f > 100000000 || strcmp(end, " smp") != 0) {
        snprintf(why, why_size, "latency: not a whole number of frames ('137 smp')");
        return false;
      }
      out->latency_frames = f, has_latency = true;
    } else if (strcmp(buf, "gain") == 0) {
      out->gain_db = strtod(v, &end);
    } else if (strcmp(buf, "polarity") == 0) {
      out->inverted = strcmp(v, "inverted") == 0;
    } else if (strcmp(buf, "linear") == 0) {
      out->linear = strcmp(v, "false") != 0;
    }
  }
  if (!has_digest || !has_rate || !has_latency) {
    snprintf(why, why_size, "%s missing",
             !has_digest ? "digest:"
             : !has_rate ? "sample_rate:"
                         : "latency:");
    return false;
  }
  return true;
}
