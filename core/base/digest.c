/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SHA-256 through nettle (core/base/digest.h). */

#include "core/base/digest.h"

#include "core/base/alloc.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

struct sp_hasher {
  struct sha256_ctx ctx;
};

sp_hasher *sp_hasher_new(void)
{
  sp_hasher *h = sp_xmalloc(sizeof *h);
  sha256_init(&h->ctx);
  return h;
}

void sp_hasher_add(sp_hasher *h, const void *data, size_t n) { sha256_update(&h->ctx, n, data); }

void sp_hasher_end(sp_hasher *h, sp_digest *out)
{
  sha256_digest(&h->ctx, SP_DIGEST_BYTES, out->b);
  free(h);
}

void sp_digest_bytes(const void *data, size_t n, sp_digest *out)
{
  sp_hasher *h = sp_hasher_new();
  sp_hasher_add(h, data, n);
  sp_hasher_end(h, out);
}

void sp_digest_hex(const sp_digest *d, char hex[SP_DIGEST_HEX])
{
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < SP_DIGEST_BYTES; i++) {
    hex[2 * i] = digits[d->b[i] >> 4];
    hex[2 * i + 1] = digits[d->b[i] & 15];
  }
  hex[2 * SP_DIGEST_BYTES] = '\0';
}

static int hex_value(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool sp_digest_from_hex(const char *s, sp_digest *out)
{
  if (strlen(s) != 2 * SP_DIGEST_BYTES)
    return false;
  for (int i = 0; i < SP_DIGEST_BYTES; i++) {
    int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return false;
    out->b[i] = (unsigned char)(hi << 4 | lo);
  }
  return true;
}
