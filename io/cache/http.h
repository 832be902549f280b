/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTTP_H
#define SP_HTTP_H

/* Plain HTTP requests for the render cache, through libcurl (the only
 * module that includes it): GET into a callback, PUT of bytes or of a
 * file, HEAD. http:// and https:// (certificates checked as curl does;
 * credentials in the URL, user:password@host, are sent as basic auth).
 *
 * Every request gives up when it cannot connect within
 * SP_HTTP_CONNECT_SECONDS, has no answer SP_HTTP_ANSWER_SECONDS after it
 * was sent (a server that accepts the connection and says nothing),
 * moves fewer than 1 KB/s for SP_HTTP_STALL_SECONDS, or has moved less
 * than SP_HTTP_MIN_RATE bytes a second on average once its first
 * SP_HTTP_ANSWER_SECONDS are past (a server that answers and trickles):
 * a request of n bytes takes at most SP_HTTP_ANSWER_SECONDS +
 * n / SP_HTTP_MIN_RATE, and a cache that is down, stuck or slower than
 * rendering costs a render, never a hung job. $STEMPRINT_CACHE_ANSWER_SECONDS
 * sets another SP_HTTP_ANSWER_SECONDS (the tests' 1 s). Safe to call from
 * several threads. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SP_HTTP_CONNECT_SECONDS 5
#define SP_HTTP_ANSWER_SECONDS 5
#define SP_HTTP_STALL_SECONDS 20
/* 64 KB/s: slower than any render. A print is written as fast as the
 * render goes, and a render goes faster than real time (a mix plays
 * live), so even a mono 16-bit 44.1 kHz WAV, 88 KB a second of audio,
 * comes out faster than this; a file fetched slower would have been
 * rendered sooner. */
#define SP_HTTP_MIN_RATE 65536

/* Receives a GET's body piece by piece; returns false to stop. */
typedef bool (*sp_http_sink)(void *ctx, const void *data, size_t n);

/* A request's outcome. */
typedef enum sp_http_outcome {
  SP_HTTP_ANSWERED, /* a reply came: its status in *status (200, 404, ...) */
  /* none came, or it was cut off (why says): no connection, no answer
   * within SP_HTTP_ANSWER_SECONDS, a stall, slower than SP_HTTP_MIN_RATE,
   * a connection closed: the server's or the network's doing */
  SP_HTTP_UNANSWERED,
  SP_HTTP_TOO_LARGE, /* a GET's 200 announced more than max bytes: refused at its header */
  /* this side's (why says): a sink that stopped, a file that cannot be
   * read, no libcurl */
  SP_HTTP_FAILED,
} sp_http_outcome;

/* GET url into sink; a 200 whose Content-Length is over max bytes is
 * refused at its header (SP_HTTP_TOO_LARGE), never waited on. */
sp_http_outcome sp_http_get(const char *url, int64_t max, sp_http_sink sink, void *ctx,
                            long *status, char *why, size_t why_size);
sp_http_outcome sp_http_head(const char *url, long *status, char *why, size_t why_size);
sp_http_outcome sp_http_put(const char *url, const void *data, size_t n, long *status, char *why,
                            size_t why_size);
sp_http_outcome sp_http_put_file(const char *url, const char *path, long *status, char *why,
                                 size_t why_size);

/* The URL without its credentials, for messages (heap string). */
char *sp_http_redact(const char *url);

#endif
