/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ADM BWF metadata read, the audioObjects played (io/audio/adm_tree.h's
 * adm_select_tracks): as BS.2127 section 5.2 selects them and the EBU ADM
 * Renderer does, what each track's audioObjects say of it. */

#include "io/audio/adm_tree.h"

#include "core/base/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The elements of afe of kind kind, by their id_attr, sorted (bsearch). */
typedef struct id_index {
  const xnode **n;
  size_t len;
  const char *id_attr;
} id_index;

static int by_id_attr(const void *a, const void *b, const char *id_attr)
{
  const char *x = adm_peek(*(const xnode *const *)a, id_attr),
             *y = adm_peek(*(const xnode *const *)b, id_attr);
  return strcasecmp(x ? x : "", y ? y : "");
}

static int by_object_id(const void *a, const void *b) { return by_id_attr(a, b, "audioObjectID"); }

static int by_content_id(const void *a, const void *b)
{
  return by_id_attr(a, b, "audioContentID");
}

static id_index index_of(const xnode *afe, const char *kind, const char *id_attr,
                         int (*cmp)(const void *, const void *))
{
  id_index x = {NULL, 0, id_attr};
  size_t cap = 0;
  for (size_t i = 0; i < afe->n_kids; i++)
    if (strcmp(afe->kids[i]->name, kind) == 0) {
      SP_GROW(x.n, x.len, cap);
      x.n[x.len++] = afe->kids[i];
    }
  if (x.len)
    qsort(x.n, x.len, sizeof *x.n, cmp);
  return x;
}

static const xnode *index_find(const id_index *x, const char *id)
{
  size_t lo = 0, hi = x->len;
  while (id && lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const char *v = adm_peek(x->n[mid], x->id_attr);
    const int c = strcasecmp(id, v ? v : "");
    if (c == 0 && adm_attr(x->n[mid], x->id_attr))
      return x->n[mid];
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

typedef struct obj_walk {
  const xnode *afe;
  id_index objs;
  const char **skip; /* the complementary objects left out, IDs */
  size_t n_skip;
  char (*uids)[13];
  int tracks;
  double rate;
  track_obj *to;
  size_t visits;
  const xnode *path[18]; /* the objects walked into, outermost first (walk_object's depth) */
  /* the alternativeValueSetIDRefs of the programme played and its
   * contents (BS.2076-2), each with what refers to it and the object
   * whose alternativeValueSet it is, once found (NULL: none yet) */
  struct avs_ref {
    const char *id;
    const xnode *from, *in;
    size_t k; /* its place as written (the programme's first) */
  } * avs;    /* by ID (avs_by_id), then as written */
  size_t n_avs;
  const xnode *programme, *content; /* the audioProgramme played, its audioContent walked */
  char *why;
  size_t why_size;
} obj_walk;

/* An audioObject's or an alternativeValueSet's gain, mute and
 * positionOffset, as its elements say them (has: which it says). */
typedef struct obj_values {
  double gain;
  bool mute;
  int off_kind; /* 0 none, 1 polar, 2 X, Y, Z */
  double off[3];
  bool has_gain, has_mute;
} obj_values;

/* The gain, mute and positionOffset elements of h (an audioObject or an
 * alternativeValueSet of one, what of id said) into *v; false with why
 * for one said twice or not a value BS.2076 has. */
static bool values_of(obj_walk *w, const xnode *h, const char *id, obj_values *v)
{
  *v = (obj_values){.gain = 1};
  unsigned said = 0; /* its gain, mute and each positionOffset coordinate, once each */
  for (size_t i = 0; i < h->n_kids; i++) {
    const xnode *k = h->kids[i];
    double x;
    const bool gain = adm_is(k, "gain"), mute = !gain && adm_is(k, "mute");
    if ((gain && (said & 1)) || (mute && (said & 2))) {
      snprintf(w->why, w->why_size,
               "%s: a second %s; BS.2076 gives an object one (the EBU ADM Renderer refuses it, "
               "and the reader took their product): remove one",
               id, k->name);
      return false;
    }
    said |= gain ? 1u : mute ? 2u : 0u;
    if (gain || adm_is(k, "positionOffset")) {
      const char *unit = adm_attr(k, "gainUnit"), *co = adm_attr(k, "coordinate");
      if (!adm_number(k->text, &x) ||
          (k->name[0] == 'g' && unit && strcmp(unit, "dB") && strcmp(unit, "linear"))) {
        snprintf(w->why, w->why_size, "%s: a %s of '%s'%s%s", id, k->name, k->text, unit ? " " : "",
                 unit ? unit : "");
        return false;
      }
      if (k->name[0] == 'g') {
        v->gain = unit && strcmp(unit, "dB") == 0 ? pow(10.0, x / 20.0) : x;
        v->has_gain = true;
        continue;
      }
      static const char *const cn[2][3] = {{"azimuth", "elevation", "distance"}, {"X", "Y", "Z"}};
      int kind = 0, q = 0;
      for (int a = 0; a < 2 && !kind; a++)
        for (q = 0; q < 3 && !kind; q++)
          if (co && strcmp(co, cn[a][q]) == 0)
            kind = a + 1;
      if (!kind || (v->off_kind && v->off_kind != kind)) {
        snprintf(w->why, w->why_size, "%s: a positionOffset of coordinate '%s' %s", id,
                 co ? co : "",
                 kind ? "among the other kind's (azimuth, elevation, distance or X, Y, Z)"
                      : "(BS.2076-2's are azimuth, elevation, distance, X, Y, Z)");
        return false;
      }
      const unsigned bit = 4u << ((kind - 1) * 3 + q - 1);
      if (said & bit) {
        snprintf(w->why, w->why_size,
                 "%s: a second positionOffset of coordinate '%s'; BS.2076 gives an object one of "
                 "each (the EBU ADM Renderer refuses it, and the reader took their sum): remove "
                 "one",
                 id, co);
        return false;
      }
      said |= bit;
      v->off_kind = kind;
      v->off[q - 1] += x;
    } else if (mute) {
      if (!adm_flag(k->text, &v->mute)) {
        snprintf(w->why, w->why_size,
                 "%s: a mute of '%.64s', where BS.2076 writes 0 or 1 (the EBU ADM Renderer "
                 "refuses it)",
                 id, k->text);
        return false;
      }
      v->has_mute = true;
    }
  }
  return true;
}

/* Of audio object o (id), the alternativeValueSet the programme played
 * or the content walked refers to (w->avs), into *alt (NULL: none), each
 * of its alternativeValueSets read (values_of: a value not of BS.2076
 * refused, as the EAR refuses it, used or not), those not used let go
 * (they change nothing the EAR plays); false with why for two used (two
 * references to one object's: the EAR refuses them). */
static bool avs_of(obj_walk *w, const xnode *o, const char *id, obj_values *alt, bool *used)
{
  *used = false;
  const struct avs_ref *by = NULL;
  for (size_t i = 0; i < o->n_kids; i++) {
    const xnode *a = o->kids[i];
    if (!adm_is(a, "alternativeValueSet"))
      continue;
    const char *aid = adm_attr(a, "alternativeValueSetID");
    char what[96];
    snprintf(what, sizeof what, "audioObject %s's alternativeValueSet %.32s", id, aid ? aid : "?");
    obj_values v;
    if (!values_of(w, a, what, &v))
      return false;
    bool on = false;
    size_t lo = 0, hi = w->n_avs; /* the first reference to aid */
    while (aid && lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (strcasecmp(w->avs[mid].id, aid) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    for (size_t r = lo; aid && r < w->n_avs && strcasecmp(w->avs[r].id, aid) == 0; r++) {
      struct avs_ref *ref = &w->avs[r];
      if (ref->from != w->programme && ref->from != w->content)
        continue;
      if (by || on) {
        snprintf(w->why, w->why_size,
                 "audioObject %s: its alternativeValueSet %.32s is referred to by an %s, and "
                 "%.32s by an %s; BS.2127 plays one of an object's (the EBU ADM Renderer refuses "
                 "it): refer to one",
                 id, by ? by->id : aid, by ? by->from->name : ref->from->name, aid,
                 ref->from->name);
        return false;
      }
      ref->in = o, on = true, by = ref;
    }
    if (on)
      *alt = v, *used = true;
    else
      adm_let_go(a);
  }
  return true;
}

/* Audio object o's own gain, mute, positionOffset, start and duration on
 * acc (what the objects it is nested in gave), those of the
 * alternativeValueSet the programme or content played refers to in
 * place of its own (BS.2127 section 5.2, as the EBU ADM Renderer takes
 * them: a positionOffset whole); false with why. */
static bool object_adds(obj_walk *w, const xnode *o, const char *id, track_obj *acc)
{
  char what[48];
  snprintf(what, sizeof what, "audioObject %.32s", id);
  obj_values own, alt;
  bool used;
  if (!values_of(w, o, what, &own) || !avs_of(w, o, id, &alt, &used))
    return false;
  if (used && alt.has_gain)
    own.gain = alt.gain;
  if (used && alt.has_mute)
    own.mute = alt.mute;
  if (used && alt.off_kind)
    own.off_kind = alt.off_kind, memcpy(own.off, alt.off, sizeof own.off);
  acc->gain *= own.mute ? 0 : own.gain;
  if (own.off_kind) /* an object that nests others has none (parent_has) */
    acc->off_kind = own.off_kind, memcpy(acc->off, own.off, sizeof acc->off);
  const char *st = adm_attr(o, "start"), *du = adm_attr(o, "duration");
  adm_frames s = {0, 0, 1}, d = {0, 0, 1};
  if ((st && !adm_parse_time(st, w->rate, &s)) || (du && !adm_parse_time(du, w->rate, &d))) {
    snprintf(w->why, w->why_size, "audioObject %s: a start or duration that is not hh:mm:ss.zzzzz",
             id);
    return false;
  }
  adm_frames end;
  if (!adm_frames_add(acc->start, s, &acc->start) || (du && !adm_frames_add(acc->start, d, &end))) {
    snprintf(w->why, w->why_size,
             "audioObject %s: a start or duration whose fractions of a "
             "second add past 10^18 parts",
             id);
    return false;
  }
  if (du) {
    if (!acc->has_end || adm_frames_before(end, acc->end))
      acc->end = end;
    acc->has_end = true;
  }
  return true;
}

static int by_string(const void *a, const void *b)
{
  return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether id is among ids[n] (sorted by by_string). */
static bool among(const char *id, const char **ids, size_t n)
{
  return id && n && bsearch(&id, ids, n, sizeof *ids, by_string);
}

/* What of its own audioObject o has that BS.2076-2 gives only an object
 * that refers to no other ("a gain"; NULL: none, or o refers to none): a
 * start, a duration, a gain other than 1, a mute of 1, a positionOffset
 * (the EBU ADM Renderer refuses them too: it plays the objects' tracks by
 * the object that holds them). */
static const char *parent_has(const xnode *o)
{
  bool parent = false;
  for (size_t i = 0; i < o->n_kids && !parent; i++)
    parent = strcmp(o->kids[i]->name, "audioObjectIDRef") == 0;
  if (!parent)
    return NULL;
  if (adm_attr(o, "start"))
    return "a start";
  if (adm_attr(o, "duration"))
    return "a duration";
  for (size_t i = 0; i < o->n_kids; i++) {
    const xnode *k = o->kids[i];
    double v;
    if (strcmp(k->name, "positionOffset") == 0)
      return "a positionOffset";
    if (strcmp(k->name, "alternativeValueSet") == 0)
      return "an alternativeValueSet";
    if (strcmp(k->name, "mute") == 0 && strcmp(k->text, "0") != 0)
      return "a mute";
    if (strcmp(k->name, "gain") == 0 && !(adm_number(k->text, &v) && v == 1))
      return "a gain";
  }
  return NULL;
}

/* Audio object o played, nested depth deep in what gave acc: its tracks'
 * track_obj set, the objects nested in it walked; false with why. */
static bool walk_object(obj_walk *w, const xnode *o, track_obj acc, int depth)
{
  const char *id = adm_attr(o, "audioObjectID");
  if (depth > 16 || ++w->visits > 100000) {
    snprintf(w->why, w->why_size,
             depth > 16 ? "audioObject %s is nested 16 deep (do its audioObjectIDRefs loop?)"
                        : "audioObjects nested past 100000 paths (at %s)",
             id ? id : "?");
    return false;
  }
  for (int i = 0; i < depth; i++)
    if (w->path[i] == o) {
      snprintf(w->why, w->why_size,
               "audioObject %s holds itself (its audioObjectIDRefs loop back to it through %d "
               "object%s); BS.2076 nests objects as a tree: remove the reference that loops",
               id ? id : "?", depth - i, depth - i == 1 ? "" : "s");
      return false;
    }
  w->path[depth] = o;
  if (among(id, w->skip, w->n_skip))
    return true; /* a complementary object not chosen, and what it holds */
  const char *own = parent_has(o);
  if (own) {
    snprintf(w->why, w->why_size,
             "audioObject %s refers to other audioObjects and has %s; BS.2076-2 gives a start, "
             "duration, gain, mute and positionOffset only to an object that refers to none (the "
             "EBU ADM Renderer refuses it too): move it onto the objects it holds",
             id ? id : "?", own);
    return false;
  }
  if (!object_adds(w, o, id ? id : "?", &acc))
    return false;
  acc.id = id;
  acc.played = true;
  adm_play(o);
  for (size_t i = 0; i < o->n_kids; i++) {
    const xnode *k = o->kids[i];
    if (adm_is(k, "audioTrackUIDRef")) {
      int t = 0;
      while (t < w->tracks && strcasecmp(w->uids[t], k->text) != 0)
        t++;
      /* a UID's track is its chna row's (BS.2076-2: ATU_00000000 a silent
       * track, of none) */
      if (t == w->tracks && strcasecmp(k->text, "ATU_00000000") != 0) {
        snprintf(w->why, w->why_size,
                 "audioObject %s refers to the audioTrackUID %.32s, to which its chna gives no "
                 "track (the EBU ADM Renderer refuses it: a UID's track is its chna's): give it "
                 "its chna row, or remove the reference",
                 id ? id : "?", k->text);
        return false;
      }
      for (t = 0; t < w->tracks; t++) {
        if (strcasecmp(w->uids[t], k->text) != 0)
          continue;
        if (w->to[t].played && w->to[t].id == id) {
          snprintf(w->why, w->why_size,
                   "audioObject %s is played twice (the programme's contents, or the objects "
                   "nesting it, refer to it more than once); stemprint plays a track once: "
                   "refer to it once",
                   id ? id : "?");
          return false;
        }
        if (w->to[t].played) {
          snprintf(w->why, w->why_size,
                   "track %d (%s) is in audioObject %s and in %s, both played; stemprint plays a "
                   "track once",
                   t + 1, w->uids[t], w->to[t].id ? w->to[t].id : "?", id ? id : "?");
          return false;
        }
        w->to[t] = acc;
      }
    } else if (adm_is(k, "audioObjectIDRef")) {
      const xnode *sub = index_find(&w->objs, k->text);
      if (!sub) {
        char ref[160];
        snprintf(ref, sizeof ref, "audioObject %.64s's reference to %.64s", id ? id : "?", k->text);
        if (!adm_lacks_id(w->afe, "audioObject", ref, w->why, w->why_size))
          snprintf(w->why, w->why_size, "audioObject %s refers to %s, which the axml does not hold",
                   id ? id : "?", k->text);
        return false;
      }
      if (!walk_object(w, sub, acc, depth + 1))
        return false;
    }
  }
  return true;
}

/* The IDs that audioObjects' elements named ref (audioObjectIDRef,
 * audioComplementaryObjectIDRef) give, into *out (heap, n). */
static void refs_of(const id_index *objs, const char *ref, const char ***out, size_t *n)
{
  size_t cap = 0;
  *out = NULL, *n = 0;
  for (size_t i = 0; i < objs->len; i++)
    for (size_t j = 0; j < objs->n[i]->n_kids; j++)
      if (adm_is(objs->n[i]->kids[j], ref)) {
        SP_GROW(*out, *n, cap);
        (*out)[(*n)++] = objs->n[i]->kids[j]->text;
      }
}

/* The complementary objects left out into w->skip (sorted): of each group
 * (an audioObject's and those its audioComplementaryObjectIDRefs name) all
 * but the one choice names (none named: the group's first); false with
 * why for a choice of none of a group's, or of two of one. */
static bool complementary_skipped(obj_walk *w, const sp_adm_choice *choice)
{
  const size_t n_chosen = choice ? choice->n_complementary : 0;
  size_t cap = 0, used = 0;
  for (size_t i = 0; i < w->objs.len; i++) {
    const xnode *o = w->objs.n[i];
    const char *id = adm_peek(o, "audioObjectID"), *chosen = NULL;
    bool group = false;
    for (size_t j = 0; j <= o->n_kids; j++) {
      const bool root = j == o->n_kids;
      const char *member = root ? id : o->kids[j]->text;
      if (!root && !adm_is(o->kids[j], "audioComplementaryObjectIDRef"))
        continue;
      group |= !root;
      for (size_t c = 0; group && member && c < n_chosen; c++)
        if (strcasecmp(member, choice->complementary[c]) == 0) {
          if (chosen && strcasecmp(chosen, member) != 0) {
            snprintf(w->why, w->why_size,
                     "audioObjects %s and %s are chosen of one complementary group (%s's); "
                     "choose one",
                     chosen, member, id ? id : "?");
            return false;
          }
          chosen = member, used++;
        }
    }
    for (size_t j = 0; group && j <= o->n_kids; j++) {
      const bool root = j == o->n_kids;
      const char *member = root ? id : o->kids[j]->text;
      if ((!root && strcmp(o->kids[j]->name, "audioComplementaryObjectIDRef") != 0) || !member)
        continue;
      if (chosen ? strcasecmp(member, chosen) != 0 : !root) {
        SP_GROW(w->skip, w->n_skip, cap);
        w->skip[w->n_skip++] = member;
      }
    }
  }
  if (used < n_chosen) {
    snprintf(w->why, w->why_size,
             "an audioObject chosen of a complementary group is in none (the chosen: %s%s)",
             choice->complementary[0], n_chosen > 1 ? ", ..." : "");
    return false;
  }
  if (w->n_skip)
    qsort(w->skip, w->n_skip, sizeof *w->skip, by_string);
  return true;
}

static int avs_by_id(const void *a, const void *b)
{
  const struct avs_ref *x = a, *y = b;
  const int c = strcasecmp(x->id, y->id);
  return c ? c : (x->k > y->k) - (x->k < y->k);
}

/* The alternativeValueSetIDRefs of programme p and of the contents it
 * refers to (in contents) into w->avs, sorted (avs_by_id). */
static void avs_refs(obj_walk *w, const xnode *p, const id_index *contents)
{
  size_t cap = 0;
  for (size_t i = 0; i <= p->n_kids; i++) { /* the programme's, then its contents' */
    const xnode *from = i == 0 ? p : NULL;
    if (!from && strcmp(p->kids[i - 1]->name, "audioContentIDRef") == 0)
      from = index_find(contents, p->kids[i - 1]->text);
    for (size_t j = 0; from && j < from->n_kids; j++)
      if (adm_is(from->kids[j], "alternativeValueSetIDRef")) {
        SP_GROW(w->avs, w->n_avs, cap);
        w->avs[w->n_avs] = (struct avs_ref){from->kids[j]->text, from, NULL, w->n_avs};
        w->n_avs++;
      }
  }
  if (w->n_avs > 1)
    qsort(w->avs, w->n_avs, sizeof *w->avs, avs_by_id);
}

/* An alternativeValueSet of an audioObject of the axml: its ID, and the
 * object's. */
typedef struct avs_held {
  const char *id, *object;
} avs_held;

static int held_by_id(const void *a, const void *b)
{
  return strcasecmp(((const avs_held *)a)->id, ((const avs_held *)b)->id);
}

/* Each of w->avs found in an audioObject played (or in a complementary
 * object not chosen, which plays nothing), else false with why (the EBU
 * ADM Renderer refuses a reference to none of the referrer's objects). */
static bool avs_found(obj_walk *w)
{
  size_t r = 0;
  while (r < w->n_avs && w->avs[r].in)
    r++;
  if (r == w->n_avs)
    return true;
  avs_held *all = NULL; /* every object's sets, by ID */
  size_t n_all = 0, cap = 0;
  for (size_t i = 0; i < w->objs.len; i++)
    for (size_t j = 0; j < w->objs.n[i]->n_kids; j++) {
      const xnode *a = w->objs.n[i]->kids[j];
      const char *aid =
          strcmp(a->name, "alternativeValueSet") == 0 ? adm_peek(a, "alternativeValueSetID") : NULL;
      if (aid) {
        SP_GROW(all, n_all, cap);
        all[n_all++] = (avs_held){aid, adm_peek(w->objs.n[i], "audioObjectID")};
      }
    }
  if (n_all > 1)
    qsort(all, n_all, sizeof *all, held_by_id);
  bool ok = true;
  for (; ok && r < w->n_avs; r++) {
    const struct avs_ref *ref = &w->avs[r];
    const avs_held key = {ref->id, NULL};
    const avs_held *h = n_all ? bsearch(&key, all, n_all, sizeof *all, held_by_id) : NULL;
    const char *in = h ? h->object : NULL; /* the object that holds it, if any */
    if (ref->in || (in && among(in, w->skip, w->n_skip)))
      continue;
    const char *fid =
        adm_peek(ref->from, ref->from->name[5] == 'P' ? "audioProgrammeID" : "audioContentID");
    snprintf(w->why, w->why_size,
             "%s %.32s refers to the alternativeValueSet %.32s, which %s%.32s%s (the EBU ADM "
             "Renderer refuses it): refer to one of an object it plays",
             ref->from->name, fid ? fid : "?", ref->id,
             in ? "is of audioObject " : "no audioObject of its axml holds", in ? in : "",
             in ? ", none of those it plays" : "");
    ok = false;
  }
  free(all);
  return ok;
}

/* What of afe BS.2127 selection plays nothing of, let go (adm_let_go):
 * the audioProgrammes, audioContents and audioObjects not played (another
 * programme's, a complementary object not chosen, all of them where no
 * audioObject is there to play: the chna's tracks play). */
static void let_go_unplayed(const xnode *afe)
{
  static const char *const kinds[] = {"audioProgramme", "audioContent", "audioObject"};
  for (size_t i = 0; i < afe->n_kids; i++)
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
      if (!afe->kids[i]->played && strcmp(afe->kids[i]->name, kinds[k]) == 0)
        adm_let_go(afe->kids[i]);
}

/* Each track's track_obj (to[tracks]): the audioObjects of the programme
 * choice names (NULL, or none named: the one with the lowest ID) played,
 * of each complementary group the one it names (none: the first); false
 * with why. */
bool adm_select_tracks(const xnode *afe, char (*uids)[13], int tracks, double rate,
                       const sp_adm_choice *choice, track_obj *to, const xnode **played, char *why,
                       size_t why_size)
{
  const char *programme_id = choice ? choice->programme : NULL;
  *played = NULL;
  for (int t = 0; t < tracks; t++)
    to[t] = (track_obj){.gain = 1, .start = {0, 0, 1}, .end = {0, 0, 1}};
  bool ok = true;
  obj_walk w = {.afe = afe,
                .objs = index_of(afe, "audioObject", "audioObjectID", by_object_id),
                .uids = uids,
                .tracks = tracks,
                .rate = rate,
                .to = to,
                .why = why,
                .why_size = why_size};
  if (w.objs.len == 0) { /* no audioObject: the chna's tracks, each played */
    for (int t = 0; t < tracks; t++)
      to[t].played = true;
    let_go_unplayed(afe);
    return true;
  }
  if (!complementary_skipped(&w, choice))
    ok = false;
  const track_obj none = {.gain = 1, .start = {0, 0, 1}, .end = {0, 0, 1}};
  const xnode *prog = NULL;
  for (size_t i = 0; i < afe->n_kids; i++) {
    const xnode *p = afe->kids[i];
    const char *pid =
        strcmp(p->name, "audioProgramme") == 0 ? adm_peek(p, "audioProgrammeID") : NULL;
    if (pid && (programme_id ? strcasecmp(pid, programme_id) == 0
                             : !prog || strcasecmp(pid, adm_peek(prog, "audioProgrammeID")) < 0))
      prog = p;
  }
  if (!ok) {
    /* complementary_skipped said why */
  } else if (programme_id && !prog) {
    snprintf(why, why_size, "its axml has no audioProgramme %s", programme_id);
    ok = false;
  } else if (prog) {
    adm_play(prog);
    adm_attr(prog, "audioProgrammeID");
    const id_index contents = index_of(afe, "audioContent", "audioContentID", by_content_id);
    w.programme = prog;
    avs_refs(&w, prog, &contents);
    for (size_t i = 0; ok && i < prog->n_kids; i++) {
      if (!adm_is(prog->kids[i], "audioContentIDRef"))
        continue;
      const xnode *c = index_find(&contents, prog->kids[i]->text);
      if (c)
        adm_play(c);
      w.content = c;
      for (size_t j = 0; ok && c && j < c->n_kids; j++) {
        if (!adm_is(c->kids[j], "audioObjectIDRef"))
          continue;
        const xnode *o = index_find(&w.objs, c->kids[j]->text);
        if (!o) {
          const char *cid = adm_attr(c, "audioContentID") ? adm_attr(c, "audioContentID") : "?";
          char ref[160];
          snprintf(ref, sizeof ref, "audioContent %.64s's reference to %.64s", cid,
                   c->kids[j]->text);
          if (!adm_lacks_id(afe, "audioObject", ref, why, why_size))
            snprintf(why, why_size, "audioContent %s refers to %s, which the axml does not hold",
                     cid, c->kids[j]->text);
          ok = false;
        } else {
          ok = walk_object(&w, o, none, 0);
        }
      }
    }
    free(contents.n);
    ok = ok && avs_found(&w);
  } else { /* no programme: every audioObject no other holds */
    const char **nested;
    size_t n_nested;
    refs_of(&w.objs, "audioObjectIDRef", &nested, &n_nested);
    if (n_nested)
      qsort(nested, n_nested, sizeof *nested, by_string);
    for (size_t i = 0; ok && i < w.objs.len; i++) {
      const char *id = adm_peek(w.objs.n[i], "audioObjectID");
      if (!among(id, nested, n_nested))
        ok = walk_object(&w, w.objs.n[i], none, 0);
    }
    free(nested);
  }
  *played = prog;
  let_go_unplayed(afe);
  free(w.avs);
  free(w.skip);
  free(w.objs.n);
  return ok;
}
