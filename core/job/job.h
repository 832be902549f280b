/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_JOB_H
#define SP_JOB_H

/* A render as a hermetic job: everything that decides the bytes it prints,
 * known before it runs, and the cache key made of them (docs/cache.md).
 *
 *   recipe model ─► canonical text ─┐  (every value as parsed: units
 *                                   │   converted, defaults filled in,
 *                                   │   files by content digest, no
 *                                   │   comments, no paths, fixed key order)
 *   each input file ─► digest ──────┤  (the digest index spares reading
 *                                   │   unchanged files again)
 *   each plugin: URI, version, its  │
 *     library's digest ─────────────┤
 *   the tool: version, its sources' │
 *     digest, compiler, libraries,  │
 *     block size, what is printed ──┴─► the job's text ─► SHA-256 = the key
 *
 * Two recipes with the same key print the same bytes: a reformatted
 * recipe, one moved elsewhere with its sources, or one naming the same
 * sources by other paths keeps its key; any change to a source's bytes, a
 * parameter, the tool or what is printed gives another. The order of
 * tracks, buses, inserts and stems is part of it (it decides the order of
 * sums). */

#include "core/base/diag.h"
#include "core/graph/graph.h"
#include "core/base/digest.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The job format's version: in the key, and in plan --json's schema. */
#define SP_JOB_SCHEMA 1

typedef struct sp_job_input {
  char *path;       /* as the recipe resolved it */
  const char *key;  /* the recipe path that names it ("tracks.kick.regions[0]") */
  /* "source", "file" (an impulse response, a state file) or "plugin"
   * (an LV2 plugin's bundle folder); in sp_job_list's alone, "awaited":
   * a hardware insert's return not recorded yet, which is not there */
  const char *role;
  sp_file_digest file;
} sp_job_input;

typedef struct sp_job_plugin {
  const char *uri;
  const char *version; /* "minor.micro" as the plugin states it, or "" */
  const char *binary;  /* its library */
  sp_digest digest;    /* of its library */
} sp_job_plugin;

typedef struct sp_job_output {
  char *file;       /* its name in the output folder */
  const char *kind; /* "mix", "stem", "version", "bus", "adm", "send" */
  char *name;
  /* written only where the render finds it needed: a hardware insert's
   * send ("sends/NAME.wav"), where its return is missing, not marked or
   * recorded from another send (the render alone knows the send's bytes) */
  bool maybe;
} sp_job_output;

/* The tool's identity as it enters a key: version, the digest of the
 * sources it was built from, the compiler and the libraries whose output
 * is in the files (static strings). */
typedef struct sp_tool_id {
  const char *version, *sources, *compiler, *sndfile, *soxr, *arch;
} sp_tool_id;
/* This build's, with media's libraries. */
void sp_job_tool(const sp_media *media, sp_tool_id *t);

/* The digest of the file at path into *out; SP_ERR_IO with why (the path
 * and the reason) when it cannot be read. Called from several threads at
 * once. The cache's (io/cache/digests.h) reads a file only when its
 * digest index does not know it. */
typedef sp_err (*sp_digest_fn)(void *ctx, const char *path, sp_file_digest *out, char *why,
                               size_t why_size);

typedef struct sp_job_opts {
  size_t block_frames; /* 0: the default */
  const bool *skip;    /* [g->n_outputs]: outputs not printed (render --only), or NULL */
  sp_digest_fn digest; /* every input's and plugin library's digest */
  void *digest_ctx;
  const sp_tool_id *tool; /* NULL: this build's (a test names another) */
  int threads;            /* the inputs hashed side by side on this many (render's -j); 0: 1 */
} sp_job_opts;

typedef struct sp_job {
  char *recipe_text;    /* the canonical recipe (JSON, one line) */
  sp_digest recipe;     /* its digest */
  char *text;           /* the whole job as hashed: schema, tool, recipe, inputs, outputs */
  sp_digest key;        /* the cache key: the digest of text */
  sp_job_input *inputs; /* every file read, each once, in recipe order */
  size_t n_inputs;
  sp_job_plugin *plugins; /* every plugin class used, each once */
  size_t n_plugins;
  /* With plugins: the CPU's level ("x86-64-v3"), in the key, since a
   * plugin may choose its code (and so its bits) by the CPU; else NULL. */
  const char *cpu;
  sp_job_output *outputs; /* what it prints, mix first */
  size_t n_outputs;
  size_t block_frames;
  sp_tool_id tool;
  int64_t bytes_read; /* input bytes read for digests (not known from the index) */
  char **keys;        /* the strings inputs[].key point into */
  size_t n_keys;
} sp_job;

/* The job of rendering g as opts say. SP_ERR_IO (into d, at the recipe
 * path naming the file) when an input cannot be read. */
sp_err sp_job_build(const sp_graph *g, const sp_job_opts *opts, sp_job *job, sp_diags *d);
/* The files the job of rendering g reads, as sp_job_build lists them
 * (inputs, in recipe order, and plugins), none of them read: no digest,
 * no key, no text (--depfile's rule names them: io/report/depfile.h).
 * Free with sp_job_fini. */
void sp_job_list(const sp_graph *g, sp_job *job);
void sp_job_fini(sp_job *job);

#endif
