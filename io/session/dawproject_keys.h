/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_DAWPROJECT_KEYS_H
#define SP_DAWPROJECT_KEYS_H

/* What `stemprint export` does with each key of the recipe
 * (io/session/dawproject_keys.c): a row per key of every table of
 * core/recipe/keys.h. */

#include <stdbool.h>
#include <stddef.h>

typedef enum sp_export_fate_kind {
  SP_FATE_NONE = 0, /* not declared: a key the exporter does not know (the tests fail) */
  SP_FATE_WRITTEN,  /* written into the project */
  SP_FATE_NAMED,    /* not exported: named by its key wherever the recipe writes it */
  SP_FATE_CHECKED,  /* the exporter looks at its value: written, or named, as it holds */
  SP_FATE_PARENT    /* part of the key that holds it, which says */
} sp_export_fate_kind;

typedef struct sp_export_fate {
  sp_export_fate_kind fate;
  const char *why; /* how it is written, or what it is and why it is not */
} sp_export_fate;

/* How a value is written in a project: its unit there and the value
 * there of the recipe's (a pan 0 .. 1, a ratio in percent, a gate's range
 * as a level), which an import reads back. */
typedef enum sp_dp_unit {
  P_DB,
  P_PAN,
  P_HZ,
  P_SECONDS,
  P_LINEAR,
  P_PERCENT,
  P_RANGE,
  P_AZIMUTH, /* a position's azimuth, written as the pan across the front pair */
  P_BOOL,    /* a switch (a moving mute): BoolPoints, no unit */
  P_ENABLED  /* a moving bypass: BoolPoints on Enabled, each the point's opposite */
} sp_dp_unit;

/* A built-in device's parameter: its element, the insert's parameter it
 * holds, its unit. own: read by its device's own code (a compressor's
 * makeup, a gate's ratio); held: it cannot move (a limiter's lookahead
 * sets its latency), written and read at its value. */
typedef struct sp_dp_param {
  const char *element, *param;
  sp_dp_unit unit;
  bool own, held;
} sp_dp_param;

/* A built-in device: the insert class it holds, its element and
 * deviceName, its parameters in the schema's order (NULL-ended). */
typedef struct sp_dp_device {
  const char *cls, *element, *name;
  const sp_dp_param *params;
} sp_dp_device;

/* The built-in device of insert class cls, or NULL. */
const sp_dp_device *sp_dp_device_of(const char *cls);

/* The session rate an import takes (DAWproject has none): the rate most
 * of the audio has, the first of a tie, else 48 kHz. The rates seen (up
 * to 8: more are not counted) and how often. */
typedef struct sp_dp_rates {
  double seen[8];
  size_t count[8];
} sp_dp_rates;
void sp_dp_rates_add(sp_dp_rates *t, double rate);
double sp_dp_rates_choice(const sp_dp_rates *t);

/* An EQ band's type as DAWproject names it and as the recipe does, and
 * what the band has: a gain (shelves and bells), a slope (the passes). */
typedef struct sp_dp_band {
  const char *dawproject, *recipe;
  bool gain, slope;
} sp_dp_band;
/* The band types both ways, the recipe's default (bell: peak) first;
 * NULL-terminated. */
extern const sp_dp_band sp_dp_bands[];

/* A MIDI message as a DAWproject expression (Points Target expression=):
 * its status (high nibble), its name, the Target's attribute naming its
 * number (controller or key), NULL for none. */
typedef struct sp_dp_expression {
  int status;
  const char *name, *number;
} sp_dp_expression;
/* The five, polyphonic pressure to pitch bend by status (0xA0 .. 0xE0). */
extern const sp_dp_expression sp_dp_expressions[5];

/* The fate of key of the table object ("ROOT", "OUTPUT", ... as
 * sp_key_tables names them); NULL: no such key. */
const sp_export_fate *sp_export_fate_of(const char *object, const char *key);

/* The fate of processor class cls (its name in core/procs/list.h; a
 * family's: "lv2", "ladspa") when param is NULL (a built-in class no
 * device takes: named whole), else of its parameter param; NULL: not
 * declared. */
const sp_export_fate *sp_export_class_fate(const char *cls, const char *param);

/* Each key of r's mapping at prefix ("" the top level, "master",
 * "output", "checks", "tracks.NAME", "buses.NAME") that the recipe gives
 * (sp_recipe_given, core/recipe/walk.h: not at its default, in the
 * walk's order) and this table names (SP_FATE_NAMED): name(ctx,
 * "prefix.key", why). */
struct sp_recipe;
void sp_export_name_keys(const struct sp_recipe *r, const char *prefix,
                         void (*name)(void *ctx, const char *path, const char *why), void *ctx);

#endif
