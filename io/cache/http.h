/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_HTTP_H
#define SP_HTTP_H

/* Plain HTTP requests for the render cache, through libcurl (the only
 * module that includes it): GET into a callback, PUT of bytes or of a
 * file, HEAD. http:// and https:// (certificates checked as curl does;
 * credentials in the URL, user:password@host, are sent as basic auth).
 *
 * Every request gives up when it cannot connect within
 * SP_HTTP_CONNECT_SECONDS or moves fewer than 1 KB/s for
 * SP_HTTP_STALL_SECONDS: a cache that is down or stuck costs a render,
 * never a hung job. Safe to call from several threads. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SP_HTTP_CONNECT_SECONDS 5
#define SP_HTTP_STALL_SECONDS 20

/* Receives a GET's body piece by piece; returns false to stop. */
typedef bool (*sp_http_sink)(void *ctx, const void *data, size_t n);

/* A request's outcome: true when a reply came (its status in *status,
 * 200, 404, ...); false with why when none did (no connection, a
 * timeout, a sink that stopped). */
bool sp_http_get(const char *url, sp_http_sink sink, void *ctx, long *status, char *why,
                 size_t why_size);
bool sp_http_head(const char *url, long *status, char *why, size_t why_size);
bool sp_http_put(const char *url, const void *data, size_t n, long *status, char *why,
                 size_t why_size);
bool sp_http_put_file(const char *url, const char *path, long *status, char *why,
                      size_t why_size);

/* The URL without its credentials, for messages (heap string). */
char *sp_http_redact(const char *url);

#endif
