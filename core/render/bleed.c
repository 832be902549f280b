/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bleed: a measure-only render with a lane per source (docs/design.md,
 * Lanes: the bleed matrix is the same machine with one lane per source),
 * master's lane energies folded into a sources × stems matrix. */

#include "core/render/bleed.h"

#include "core/graph/graph_impl.h"
#include "core/graph/query.h"

#include "core/base/alloc.h"
#include "core/render/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The RMS level of energy e over samples, in dBFS; -inf for nothing. */
static double rms_db(double e, double samples)
{
  return e > 0 && samples > 0 ? 10 * log10(e / samples) : -INFINITY;
}

sp_err sp_bleed_measure(const sp_recipe *r, const sp_media *media, const sp_graph_opts *opts,
                        const sp_render_opts *ropts, sp_bleed *out, sp_diags *d)
{
  memset(out, 0, sizeof *out);
  sp_graph_opts go = opts ? *opts : (sp_graph_opts){0};
  go.per_source = true;
  go.rebuild = true;
  sp_graph *g;
  sp_err err = sp_graph_build(r, media, &go, &g, d);
  if (err != SP_OK)
    return err;
  if (!g->stems) {
    sp_recipe_error(r, d, SP_ERR_USAGE, "stems",
                    "bleed is measured between sources and stems; this recipe has no 'stems:'");
    sp_graph_free(g);
    return SP_ERR_USAGE;
  }
  sp_render_opts ro = {.measure_only = true};
  if (ropts) {
    ro.block_frames = ropts->block_frames;
    ro.cancel = ropts->cancel;
    ro.threads = ropts->threads;
    ro.progress = ropts->progress;
    ro.progress_ctx = ropts->progress_ctx;
  }
  sp_render_result res;
  err = sp_render(g, &ro, &res, d);
  if (err == SP_OK) {
    const size_t S = r->n_tracks, K = g->n_stems;
    out->n_sources = S;
    out->n_stems = K;
    out->sources = sp_xcalloc(S ? S : 1, sizeof *out->sources);
    out->stems = sp_xcalloc(K, sizeof *out->stems);
    const int C = res.lane_channels;
    out->layout = g->nodes[g->master].layout;
    out->db = sp_xcalloc(S * K + 1, sizeof *out->db);
    out->db_channel = sp_xcalloc(S * K * (size_t)C + 1, sizeof *out->db_channel);
    out->loudest = sp_xcalloc(S * K + 1, sizeof *out->loudest);
    out->home = sp_xcalloc(S ? S : 1, sizeof *out->home);
    out->silent = sp_xcalloc(S ? S : 1, sizeof *out->silent);
    double *e = sp_xcalloc(S * K * (size_t)C + 1, sizeof *e);
    for (size_t l = 0; l < g->n_lanes; l++)
      if (g->lane_source[l] >= 0 && g->lane_stem[l] >= 0)
        for (int c = 0; c < C; c++)
          e[((size_t)g->lane_source[l] * K + (size_t)g->lane_stem[l]) * (size_t)C + (size_t)c] +=
              res.lane_energy[l * (size_t)C + (size_t)c];
    const double frames = (double)res.frames;
    for (size_t k = 0; k < K; k++)
      out->stems[k] = r->stems[k].name;
    for (size_t s = 0; s < S; s++) {
      out->sources[s] = r->tracks[s].name;
      out->home[s] = sp_graph_home_stem(g, (int)s);
      out->silent[s] = g->nodes[s].silent;
      for (size_t k = 0; k < K; k++) {
        const double *ek = &e[(s * K + k) * (size_t)C];
        double sum = 0;
        out->loudest[s * K + k] = -INFINITY;
        for (int c = 0; c < C; c++) {
          sum += ek[c];
          const double vc = rms_db(ek[c], frames);
          out->db_channel[(s * K + k) * (size_t)C + (size_t)c] = vc;
          out->loudest[s * K + k] = vc > out->loudest[s * K + k] ? vc : out->loudest[s * K + k];
        }
        const double v = rms_db(sum, frames * C);
        out->db[s * K + k] = v;
        out->n_bleed += (int)k != out->home[s] && !isinf(v);
      }
    }
    free(e);
  }
  sp_render_result_fini(&res);
  sp_graph_free(g);
  return err;
}

void sp_bleed_fini(sp_bleed *b)
{
  free(b->sources);
  free(b->stems);
  free(b->db);
  free(b->db_channel);
  free(b->loudest);
  free(b->home);
  free(b->silent);
  memset(b, 0, sizeof *b);
}
