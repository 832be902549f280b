/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The differential oracle (issue 42): random recipes, rendered by stemprint
 * and by a small float64 reference mixer written here from docs/recipe.md,
 * compared sample by sample.
 *
 *   seed ─► generator ─► recipe model ─┬─► YAML text ─► stemprint ─► 32f prints ─┐
 *                                      └─► reference mixer (double) ──────────────┴─► compare
 *                                                                   mismatch ─► shrink ─► report
 *
 * A recipe is a topology of 1 to 6 tracks and up to 4 buses (group buses,
 * returns fed by pre- and post-fader sends, printed buses and cue mixes that
 * feed nothing), mono and stereo sources at 8 to 48 kHz (at the session's
 * rate: nothing is resampled), regions (at, from, length, fades as ramps and
 * as curves, overlaps, opaque layers crossfading those below, a region's
 * gain and envelope), trim, polarity, mute and solo, every pan law, balance
 * and the width panner, fader, pan, send-level and send-pan automation with
 * breakpoints between frames, jumps and steps on whole frames written in
 * seconds, and the linear inserts whose answer the docs define: `gain`
 * (fixed and moving), `eq` (the cookbook's biquads, fixed or one parameter
 * moving at the control rate), `delay` (straight and ping-pong), `width`, a
 * `convolver` with a short impulse response of a few taps (its partitions
 * are latency), and a `limiter` whose input stays 9 dB under its ceiling
 * (then a pure delay, compensated). Some of a strip's inserts come after
 * its fader (`post_inserts:`: the fader then acts in the chain, frame by
 * frame), and a send taps it before the fader, at it (`tap: fader`),
 * after some of those inserts (`tap: {after: N}`) or after them all.
 * Master has its trim, inserts (some after its fader), fader,
 * balance and `normalize` (the reference loudness is libebur128's). Outputs:
 * the mix, stems (`split: sources` and `split: buses`), linked and own
 * versions and printed buses, as 32-bit float without dither, rendered
 * through the library at a random block size (1 to 20,000 frames) and
 * thread count, or by the binary with `--only`, `-j` and `--block-frames`.
 * A third of the recipes put a limiter or a convolver on most buses, and a
 * normalized one mostly has a cue mix printed later than master, so that
 * automation on compensated routes and normalize's measurement (issue 48)
 * are always in the run.
 *
 * Everything here is linear, so the reference is exact: each output is the
 * graph evaluated in double with the tracks it holds sounding. Latency
 * never appears in it: a source sample at t is at t in every file, and
 * every automation acts at its timeline time, whatever delay compensation
 * the engine put on the path.
 *
 * Tolerance: the engine computes in float32, each rounding off by at most
 * u = 2^-24 of the value rounded, and no value on a path exceeds the
 * path's magnitude bound B (the sources' peaks times the largest gain of
 * every stage: fader, pan, send level, each filter section's L1 norm, a
 * delay's 1/(1 - feedback), an IR's Σ|h|, summed where paths meet). A print
 * is compared within R·u·B, R the roundings a path of the recipe can pass
 * through, counted generously (16, and a few for every strip, region, send
 * and insert, more for a filter's sections and a delay's repeats: 26 to a
 * few hundred), plus what a curve fade's gains may be off by (evaluated in
 * single precision, as Ardour does: 16 roundings of its cubic's largest
 * terms), and never below 2^-30. Measured over 6,000 recipes (seeds 1000
 * to 3999, 5000 to 5999, 20000 to 21999), the worst print without a curve
 * fade is off by 10.3 u·B (under half the tolerance); a curve fade's gains,
 * in single precision, come nearest: seed 21002 (a 14-frame curve, 1e-5 of
 * the signal off) reaches 0.985 of its tolerance.
 * A normalized output is compared after the gain fitted between the print
 * and the reference, which must be within 0.0005 dB of the gain
 * libebur128's loudness of the reference asks for (measured: 0.00000 dB).
 *
 * On a mismatch the recipe is shrunk, element by element (versions, stems,
 * tracks, buses, sends, inserts, bands, regions, automation points, flags,
 * times, the render's options), as long as it still fails, and the
 * smallest is printed with its seed and the first mismatching file, frame,
 * channel and values.
 *
 * Environment, for runs by hand:
 *   SP_ORACLE_COUNT=N    run N recipes (oracle::as_many_recipes_as_SP_ORACLE_
 *                        COUNT_says, with no timeout); without it the suite's
 *                        test runs 300 (60 in the sanitized build, where a
 *                        recipe costs about 5 times as much): 16 s of CPU
 *                        (18 s sanitized), medians of 3 runs
 *   SP_ORACLE_SEED=S     the first recipe's seed (default 1); recipe k has
 *                        seed S + k, so SP_ORACLE_SEED=S SP_ORACLE_COUNT=1
 *                        replays recipe S alone
 *   SP_ORACLE_VERBOSE=1  print every recipe's text and figures, and every
 *                        draft the generator threw away and why
 *   SP_ORACLE_KEEP_GOING=1  on a mismatch, say so and go on (no shrinking):
 *                        how many recipes fail
 *   SP_ORACLE_KEEP=DIR   the last recipe run, its prints and the reference
 *                        (<name>.ref, interleaved float64) copied into DIR
 * e.g. SP_ORACLE_COUNT=5000 SP_ORACLE_SEED=1000 build/tests/test_oracle */

#include "core/render/render.h"
#include "io/audio/media.h"
#include "io/outdir/print.h"
#include "io/recipe/parse.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <ebur128.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#if defined(SP_SANITIZED)
#define DEFAULT_COUNT 60
#else
#define DEFAULT_COUNT 300
#endif

enum {
  MAX_TRACKS = 6,
  MAX_BUSES = 4,
  MAX_REG = 3,
  MAX_INS = 3,
  MAX_SND = 3,
  MAX_PTS = 5,
  MAX_BANDS = 3,
  MAX_ENV = 4,
  MAX_STEMS = 4,
  MAX_VERS = 2,
  MAX_REFS = 12,
  N_SRC = 6, /* 0..3 mono, 4..5 stereo */
  N_IR = 4,  /* 0 unit, 1 taps (mono), 2 stereo, 3 true stereo */
  SRC_FRAMES = 24000,
  IR_FRAMES = 48,
  TO_MASTER = -1,
  TO_NONE = -2,
  TXT = 48,
};

#define U32 0x1p-24 /* float32's unit roundoff */

/* ---- random numbers -------------------------------------------------------- */

typedef struct rng {
  uint64_t s;
} rng;

static uint64_t next64(rng *g)
{
  uint64_t z = (g->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double uni(rng *g) { return (double)(next64(g) >> 11) * 0x1p-53; }
static int pick(rng *g, int n) { return (int)(uni(g) * n); }
static bool chance(rng *g, double p) { return uni(g) < p; }
static double between(rng *g, double a, double b) { return a + (b - a) * uni(g); }
static int64_t ibetween(rng *g, int64_t a, int64_t b) /* a .. b inclusive */
{
  return b <= a ? a : a + (int64_t)(uni(g) * (double)(b - a + 1));
}

/* ---- the recipe model ------------------------------------------------------ */

/* A value that may move: a constant, or breakpoints at exact times. */
typedef struct autom {
  int n;             /* breakpoints; 0: the constant v */
  double v;          /* dB for levels (-INFINITY allowed), else the value */
  double t[MAX_PTS]; /* frames, as the engine reads the text */
  double y[MAX_PTS];
  char tt[MAX_PTS][TXT];
} autom;

typedef enum { I_GAIN, I_EQ, I_DELAY, I_LIMITER, I_CONV, I_WIDTH, N_IKINDS } ikind;
typedef enum {
  B_PEAK,
  B_LOWSHELF,
  B_HIGHSHELF,
  B_HIGHPASS,
  B_LOWPASS,
  B_NOTCH,
  B_BANDPASS,
  N_BTYPES
} btype;
static const char *const btype_name[] = {"peak",    "lowshelf", "highshelf", "highpass",
                                         "lowpass", "notch",    "bandpass"};

typedef struct band {
  btype type;
  double freq, gain, q;
  int slope; /* 12 or 24 (passes) */
  bool has_gain, has_q;
  int moves; /* 0, or the parameter that moves: 1 freq, 2 gain, 3 q */
  autom mv;  /* its breakpoints (Hz, dB or q) */
} band;

typedef struct insert {
  ikind kind;
  autom gain;  /* I_GAIN, dB */
  int n_bands; /* I_EQ */
  band b[MAX_BANDS];
  int64_t time; /* I_DELAY, frames */
  char time_t[TXT];
  double fb;
  bool pingpong;
  double wet, dry; /* I_DELAY, I_CONV: dB */
  bool has_wet, has_dry;
  double ceiling; /* I_LIMITER: dBTP */
  char look_t[TXT];
  int ir, block; /* I_CONV */
  int64_t predelay;
  char predelay_t[TXT];
  double width; /* I_WIDTH */
} insert;

/* A fade drawn through points: times from the fade's start (exact), gains. */
typedef struct curve {
  int n;
  double secs[MAX_ENV], gain[MAX_ENV];
  char tt[MAX_ENV][TXT];
} curve;

typedef struct region {
  int src;
  int64_t at, from, len;                   /* frames */
  char at_t[TXT], from_t[TXT], len_t[TXT]; /* "": the key left out */
  int64_t fin, fout;
  char fin_t[TXT], fout_t[TXT];
  curve fc[2]; /* the fade-in's and fade-out's curves (n 0: a plain ramp) */
  bool opaque;
  bool has_gain;
  double gain;
  int n_env;
  int64_t env_t[MAX_ENV];
  char env_tt[MAX_ENV][TXT];
  double env_db[MAX_ENV];
} region;

typedef struct send {
  int to;
  bool pre;
  /* `tap: fader` (after 0), or `tap: {after: N}` after the strip's N-th
   * post_insert; pre false */
  bool fader;
  int after;
  bool has_level, has_pan;
  autom level, pan;
} send;

typedef struct strip {
  bool gone;      /* removed while shrinking */
  bool shorthand; /* a track's one region written on the track */
  int n_reg;
  region reg[MAX_REG];
  bool has_trim;
  double trim;
  bool invert, mute, solo;
  bool has_gain, has_pan, has_width;
  autom gain, pan;
  double width;
  int n_ins;
  insert ins[MAX_INS];
  int n_post; /* the last n_post of ins are `post_inserts:`, after the fader */
  int n_snd;
  send snd[MAX_SND];
  int to; /* TO_MASTER, TO_NONE or a bus */
  bool print;
} strip;

/* A stem's or a version's names: tracks i, buses REF_BUS + j, stems REF_STEM + k. */
enum { REF_BUS = 100, REF_STEM = 200 };

typedef struct group {
  bool gone;
  int n;
  int ref[MAX_REFS];
  bool own, keep; /* versions */
} group;

enum { LAW_0, LAW_3, LAW_45, LAW_6, LAW_ARDOUR, N_LAWS };
static const char *const law_name[] = {"0 dB", "-3 dB", "-4.5 dB", "-6 dB", "ardour"};

typedef struct recipe {
  uint64_t seed;
  int rate;
  int law;
  bool law_given;
  bool length_given;
  int64_t length, tail;
  char length_t[TXT], tail_t[TXT];
  int n_tracks, n_buses;
  strip tr[MAX_TRACKS], bus[MAX_BUSES], master;
  bool normalize;
  double target;
  int split; /* 0: no stems, 1: sources, 2: buses */
  int n_stems, n_vers;
  group stem[MAX_STEMS], ver[MAX_VERS];
  /* how it is rendered */
  size_t block;
  int threads;
  bool cli;       /* by the binary, with `only` */
  char only[128]; /* --only's list; "": every output */
} recipe;

/* ---- sources and impulse responses ---------------------------------------- */

/* The sources of one session rate: the floats in their files, kept here for
 * the reference, written once into their own folder. */
typedef struct pool {
  int rate;
  char *dir;
  int channels[N_SRC];
  float *x[N_SRC]; /* interleaved */
  double peak[N_SRC];
  int ir_channels[N_IR];
  float *ir[N_IR]; /* interleaved, IR_FRAMES */
} pool;

static const int rates[] = {8000, 16000, 44100, 48000};
enum { N_RATES = sizeof rates / sizeof *rates };

static char *dir;
static pool pools[N_RATES];

static void *xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    abort();
  return p;
}

/* A growing string. */
typedef struct buf {
  char *s;
  size_t n, cap;
} buf;

static void put(buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  va_list aq;
  va_copy(aq, ap);
  int k = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  if (b->n + (size_t)k + 1 > b->cap) {
    b->cap = (b->n + (size_t)k + 1) * 2;
    b->s = realloc(b->s, b->cap);
    if (!b->s)
      abort();
  }
  vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
  b->n += (size_t)k;
  va_end(ap);
}

/* Deterministic sources of several characters: noise whose level steps,
 * low-passed noise, a chirp over a little noise, sparse clicks with
 * decays (alignment shows at once), and two stereo ones, independent and
 * correlated. Peaks stay near 0.3. */
static void make_source(int k, int rate, int *channels, float **out)
{
  rng g = {0x5eed0000u + (uint64_t)k * 7919u + (uint64_t)rate};
  const int ch = k >= 4 ? 2 : 1;
  float *x = xcalloc((size_t)SRC_FRAMES * (size_t)ch, sizeof *x);
  double lp = 0, lp2 = 0, ph = 0, env = 0;
  for (int i = 0; i < SRC_FRAMES; i++) {
    const double n1 = between(&g, -1, 1), n2 = between(&g, -1, 1);
    double a = 0, b = 0;
    switch (k) {
    case 0: a = 0.3 * n1 * (0.2 + 0.8 * (double)((i / 997) % 5) / 4.0); break;
    case 1:
      lp += 0.05 * (n1 - lp);
      a = 1.2 * lp;
      break;
    case 2:
      ph += 2 * M_PI * (50.0 + 0.4 * rate * i / (double)SRC_FRAMES) / rate;
      a = 0.25 * sin(ph) + 0.02 * n1;
      break;
    case 3:
      if (i % 701 == 0 || i % 1499 == 3)
        env = 0.3 * (i % 2 ? 1 : -1);
      env *= 0.97;
      a = env + 0.01 * n1;
      break;
    case 4:
      a = 0.25 * n1;
      b = 0.25 * n2;
      break;
    default:
      lp += 0.2 * (n1 - lp);
      lp2 += 0.5 * (n2 - lp2);
      a = 0.5 * lp;
      b = 0.3 * lp + 0.15 * lp2;
      break;
    }
    x[(size_t)i * (size_t)ch] = (float)a;
    if (ch == 2)
      x[(size_t)i * 2 + 1] = (float)b;
  }
  *channels = ch;
  *out = x;
}

/* Impulse responses of a few taps: the convolver's answer is then a short
 * FIR, exact in double; its partitions are latency, compensated. */
static void make_ir(int k, int *channels, float **out)
{
  static const int chs[N_IR] = {1, 1, 2, 4};
  const int ch = chs[k];
  float *h = xcalloc((size_t)IR_FRAMES * (size_t)ch, sizeof *h);
  switch (k) {
  case 0: h[0] = 1; break;
  case 1: h[0] = 0.5f, h[3] = -0.25f, h[17] = 0.125f, h[40] = 0.375f; break;
  case 2: h[0] = 1, h[2 * 5 + 1] = 0.75f, h[2 * 9] = -0.5f; break;
  default: /* L to L, L to R, R to L, R to R */
    h[0] = 0.75f, h[4 * 2 + 1] = 0.5f, h[4 * 7 + 2] = -0.25f, h[4 * 1 + 3] = 1,
    h[4 * 30 + 0] = 0.125f;
    break;
  }
  *channels = ch;
  *out = h;
}

static bool mkdir_ok(const char *path) { return mkdir(path, 0700) == 0; }

static pool *pool_of(int rate)
{
  int k = 0;
  while (rates[k] != rate)
    k++;
  pool *p = &pools[k];
  if (p->dir)
    return p;
  p->rate = rate;
  char name[32];
  snprintf(name, sizeof name, "r%d", rate);
  p->dir = tu_path(dir, name);
  cr_assert(mkdir_ok(p->dir));
  for (int s = 0; s < N_SRC; s++) {
    make_source(s, rate, &p->channels[s], &p->x[s]);
    snprintf(name, sizeof name, "src%d.wav", s);
    free(tu_write_wav(p->dir, name, p->channels[s], rate, 32, p->x[s], SRC_FRAMES));
    double pk = 0;
    for (size_t i = 0; i < (size_t)SRC_FRAMES * (size_t)p->channels[s]; i++)
      pk = fmax(pk, fabs((double)p->x[s][i]));
    p->peak[s] = pk;
  }
  for (int s = 0; s < N_IR; s++) {
    make_ir(s, &p->ir_channels[s], &p->ir[s]);
    snprintf(name, sizeof name, "ir%d.wav", s);
    free(tu_write_wav(p->dir, name, p->ir_channels[s], rate, 32, p->ir[s], IR_FRAMES));
  }
  return p;
}

/* ---- text forms ------------------------------------------------------------ */

/* A time the engine takes exactly (automation): within a millionth of a
 * frame of a whole frame it is that frame (docs/recipe.md, Units). */
static double snap(double frames)
{
  const double w = nearbyint(frames);
  return fabs(frames - w) <= 1e-6 ? w : frames;
}

/* A time that places audio, f frames, in one of the forms the docs list;
 * in seconds a little off the frame, as the engine rounds to the nearest. */
static void place_text(rng *g, int rate, int64_t f, char *t)
{
  const double off = f == 0 ? between(g, 0, 0.3) : between(g, -0.3, 0.3);
  const double s = ((double)f + off) / rate;
  switch (pick(g, 6)) {
  case 0:
  case 1: snprintf(t, TXT, "%lld smp", (long long)f); break;
  case 2: snprintf(t, TXT, "%.17g", s); break;
  case 3: snprintf(t, TXT, "%.17g s", s); break;
  case 4: snprintf(t, TXT, "%.17g ms", s * 1000); break;
  default: {
    const int m = (int)(s / 60);
    snprintf(t, TXT, "%d:%09.6f", m, s - 60.0 * m);
    break;
  }
  }
}

/* An automation time at frame x (exact, maybe between frames), written so
 * that the engine reads it as x (a whole frame may be written in seconds:
 * its decimals stop, and the millionth rule brings it back). Returns the
 * frame the text means, and in *secs the seconds the text says, as the
 * engine converts them (ms × 0.001). */
static double exact_text(rng *g, int rate, double x, char *t, double *secs)
{
  const bool whole = x == floor(x);
  switch (pick(g, whole ? 4 : 3)) {
  case 0:
    snprintf(t, TXT, "%.17g", x / rate);
    *secs = strtod(t, NULL);
    return snap(*secs * rate);
  case 1:
    snprintf(t, TXT, "%.17g s", x / rate);
    *secs = strtod(t, NULL);
    return snap(*secs * rate);
  case 2:
    snprintf(t, TXT, "%.17g ms", x / rate * 1000);
    *secs = strtod(t, NULL) * 0.001;
    return snap(*secs * rate);
  default:
    snprintf(t, TXT, "%lld smp", (long long)x);
    *secs = x / rate;
    return x;
  }
}

/* A level in tenths of a dB (printed back exactly by %.10g). */
static double tenth_db(rng *g, double lo, double hi)
{
  return (double)ibetween(g, (int64_t)(lo * 10), (int64_t)(hi * 10)) / 10.0;
}

static double pan_value(rng *g) { return (double)ibetween(g, -1000, 1000) / 1000.0; }

/* Breakpoint times: nondecreasing, a few jumps (two points at one time),
 * whole frames or between frames, spread over and a little beyond span. */
static void gen_times(rng *g, autom *a, int rate, int64_t span)
{
  /* now and then steps: jumps only, on whole frames (a fader cut) */
  const bool steps = chance(g, 0.25);
  double x = 0, secs = 0;
  for (int i = 0; i < a->n; i++) {
    if (i == 0 || (steps ? i % 2 == 0 : !chance(g, 0.25))) { /* else a jump: the same time */
      const double t = i == 0 ? between(g, 0, (double)span * 0.5) : x + between(g, 1, span * 0.6);
      x = steps || chance(g, 0.6) ? floor(t) : floor(t) + (double)ibetween(g, 5, 95) / 100.0;
    }
    /* a jump's time maybe written otherwise: [[25.9375 ms, a], [0.0259375
     * s, b]] is a jump at frame 1245 (48 kHz), though 25.9375 × 0.001 is a
     * hair above 0.0259375 (docs/recipe.md, Units) */
    a->t[i] = exact_text(g, rate, x, a->tt[i], &secs);
    if (i > 0 && a->t[i] < a->t[i - 1])
      snprintf(a->tt[i], TXT, "%s", a->tt[i - 1]), a->t[i] = a->t[i - 1];
  }
}

/* A level (dB) that holds or moves. */
static void gen_level(rng *g, autom *a, int rate, int64_t span, double lo, double hi, double p_move)
{
  memset(a, 0, sizeof *a);
  if (!chance(g, p_move)) {
    a->v = chance(g, 0.03) ? -INFINITY : tenth_db(g, lo, hi);
    return;
  }
  a->n = 1 + pick(g, MAX_PTS);
  gen_times(g, a, rate, span);
  for (int i = 0; i < a->n; i++)
    a->y[i] = chance(g, 0.04) ? -INFINITY : tenth_db(g, lo, hi);
}

static void gen_pan(rng *g, autom *a, int rate, int64_t span, double p_move)
{
  memset(a, 0, sizeof *a);
  if (!chance(g, p_move)) {
    a->v = pan_value(g);
    return;
  }
  a->n = 1 + pick(g, MAX_PTS);
  gen_times(g, a, rate, span);
  for (int i = 0; i < a->n; i++)
    a->y[i] = pan_value(g);
}

/* ---- the generator --------------------------------------------------------- */

static double gen_freq(rng *g, int rate)
{
  return floor(exp(between(g, log(25.0), log(0.45 * rate))) * 10) / 10;
}

static void gen_band(rng *g, band *b, int rate, int64_t span)
{
  memset(b, 0, sizeof *b);
  b->type = (btype)pick(g, N_BTYPES);
  b->freq = gen_freq(g, rate);
  b->has_gain = b->type <= B_HIGHSHELF;
  b->gain = tenth_db(g, -12, 12);
  b->has_q = chance(g, 0.7);
  b->q = b->has_q ? (double)ibetween(g, 30, 400) / 100.0 : 1 / sqrt(2); /* the default */
  b->slope = (b->type == B_HIGHPASS || b->type == B_LOWPASS) && chance(g, 0.3) ? 24 : 12;
  if (chance(g, 0.2)) { /* a sweep, a boost that grows, a q that narrows */
    b->moves = 1 + pick(g, 3);
    if ((b->moves == 2 && !b->has_gain) || (b->moves == 3 && b->slope == 24))
      b->moves = 1;
    b->mv.n = 1 + pick(g, MAX_PTS);
    gen_times(g, &b->mv, rate, span);
    for (int i = 0; i < b->mv.n; i++)
      b->mv.y[i] = b->moves == 1   ? gen_freq(g, rate)
                   : b->moves == 2 ? tenth_db(g, -12, 12)
                                   : (double)ibetween(g, 30, 400) / 100.0;
  }
}

static void gen_wet_dry(rng *g, insert *in)
{
  in->has_wet = chance(g, 0.6);
  in->wet = in->has_wet ? (chance(g, 0.05) ? -INFINITY : tenth_db(g, -12, 3)) : 0;
  in->has_dry = chance(g, 0.5);
  in->dry = in->has_dry ? (chance(g, 0.2) ? -INFINITY : tenth_db(g, -12, 3)) : -INFINITY;
}

static void gen_insert(rng *g, insert *in, bool stereo, int rate, int64_t span)
{
  memset(in, 0, sizeof *in);
  static const ikind kinds[] = {I_GAIN,  I_GAIN,    I_EQ,      I_EQ,   I_EQ,   I_DELAY,
                                I_DELAY, I_LIMITER, I_LIMITER, I_CONV, I_CONV, I_WIDTH};
  do
    in->kind = kinds[pick(g, sizeof kinds / sizeof *kinds)];
  while (in->kind == I_WIDTH && !stereo);
  switch (in->kind) {
  case I_GAIN: gen_level(g, &in->gain, rate, span, -12, 6, 0.4); break;
  case I_EQ:
    in->n_bands = 1 + pick(g, MAX_BANDS);
    for (int k = 0; k < in->n_bands; k++)
      gen_band(g, &in->b[k], rate, span);
    break;
  case I_DELAY:
    in->time = ibetween(g, 1, span / 3 < rate / 4 ? span / 3 : rate / 4);
    place_text(g, rate, in->time, in->time_t);
    in->fb = (double)ibetween(g, 0, 90) / 100.0;
    in->pingpong = stereo && chance(g, 0.4);
    gen_wet_dry(g, in);
    break;
  case I_LIMITER:
    in->ceiling = chance(g, 0.5) ? 0 : tenth_db(g, -3, 0);
    snprintf(in->look_t, TXT, "%.10g ms", (double)ibetween(g, 1, 200) / 10.0);
    break;
  case I_CONV:
    in->ir = stereo ? pick(g, N_IR) : pick(g, 2);
    static const int blocks[] = {0, 64, 128, 256, 1024, 4096};
    in->block = blocks[pick(g, 6)];
    in->predelay = chance(g, 0.3) ? ibetween(g, 1, 300) : 0;
    place_text(g, rate, in->predelay, in->predelay_t);
    gen_wet_dry(g, in);
    break;
  case I_WIDTH: in->width = (double)ibetween(g, 0, 250) / 100.0; break;
  default: break;
  }
}

/* A fade's curve over n frames: its last point at n frames, the others
 * between, gains rising for a fade-in. Its last point is on a whole frame:
 * off it (a 98.09-frame curve, a fade of 98 frames), the engine draws the
 * curve over 97.09 frames, so that frame 97 falls short of the last point,
 * where docs/recipe.md (Fade shapes and curves) puts the last point on
 * frame N - 1; reported, not generated here. */
static void gen_curve(rng *g, curve *c, int rate, int64_t n, bool in)
{
  c->n = 2 + pick(g, MAX_ENV - 1);
  const double end = (double)n / rate;
  for (int i = 0; i < c->n; i++) {
    const double f = i == 0 ? 0 : i == c->n - 1 ? 1 : (i + between(g, -0.4, 0.4)) / (c->n - 1);
    if (chance(g, 0.5))
      snprintf(c->tt[i], TXT, "%.17g s", f * end);
    else
      snprintf(c->tt[i], TXT, "%.17g ms", f * end * 1000);
    c->secs[i] = strtod(c->tt[i], NULL) * (strstr(c->tt[i], "ms") ? 0.001 : 1);
    c->gain[i] = (double)ibetween(g, 0, 100) / 100.0;
  }
  if (chance(g, 0.7)) /* the usual shape: from silence, to full */
    c->gain[0] = in ? 0 : 1, c->gain[c->n - 1] = in ? 1 : 0;
}

static void gen_region(rng *g, region *r, bool stereo_track, bool listed, bool above, int rate,
                       int64_t span)
{
  memset(r, 0, sizeof *r);
  r->src = stereo_track && chance(g, 0.7) ? 4 + pick(g, 2) : pick(g, 4);
  r->from = chance(g, 0.3) ? 0 : ibetween(g, 0, SRC_FRAMES / 2);
  if (chance(g, 0.2)) { /* to the file's end */
    if (SRC_FRAMES - r->from > span)
      r->from = SRC_FRAMES - ibetween(g, 64, span);
    r->len = SRC_FRAMES - r->from;
  } else {
    const int64_t most = SRC_FRAMES - r->from < span ? SRC_FRAMES - r->from : span;
    r->len = ibetween(g, 64, most);
    place_text(g, rate, r->len, r->len_t);
  }
  if (r->from)
    place_text(g, rate, r->from, r->from_t);
  r->at = chance(g, 0.2) ? 0 : ibetween(g, 0, span * 6 / 10);
  if (r->at || chance(g, 0.3))
    place_text(g, rate, r->at, r->at_t);
  for (int k = 0; k < 2; k++) {
    if (!chance(g, 0.4))
      continue;
    int64_t *n = k ? &r->fout : &r->fin;
    *n = ibetween(g, 1, r->len / 3);
    place_text(g, rate, *n, k ? r->fout_t : r->fin_t);
    if (*n >= 2 && chance(g, 0.3))
      gen_curve(g, &r->fc[k], rate, *n, k == 0);
  }
  if (!listed)
    return;
  r->opaque = above && chance(g, 0.35);
  r->has_gain = chance(g, 0.2);
  r->gain = tenth_db(g, -12, 6);
  if (chance(g, 0.15)) {
    r->n_env = 1 + pick(g, MAX_ENV);
    int64_t t = 0;
    for (int k = 0; k < r->n_env; k++) {
      t = k == 0 ? ibetween(g, 0, r->len / 2) : ibetween(g, t + 1, t + 1 + r->len / 2);
      r->env_t[k] = t;
      place_text(g, rate, t, r->env_tt[k]);
      r->env_db[k] = tenth_db(g, -20, 6);
    }
  }
}

/* The buses a strip may feed (later ones: no cycles) and a destination. */
static void gen_strip_common(rng *g, recipe *R, strip *s, bool stereo, int first_bus, int64_t span)
{
  s->has_trim = chance(g, 0.25);
  s->trim = tenth_db(g, -12, 12);
  s->invert = chance(g, 0.1);
  s->mute = chance(g, 0.06);
  s->has_gain = chance(g, 0.8);
  gen_level(g, &s->gain, R->rate, span, -18, 6, 0.4);
  s->has_pan = chance(g, 0.6);
  gen_pan(g, &s->pan, R->rate, span, 0.35);
  s->has_width = stereo && chance(g, 0.15);
  s->width = (double)ibetween(g, -100, 100) / 100.0;
  s->n_ins = chance(g, 0.45) ? 0 : 1 + pick(g, MAX_INS);
  for (int k = 0; k < s->n_ins; k++)
    gen_insert(g, &s->ins[k], stereo, R->rate, span);
  /* some of them after the fader (every insert here keeps the channels) */
  s->n_post = s->n_ins && chance(g, 0.3) ? 1 + pick(g, s->n_ins) : 0;
  s->n_snd = 0;
  const int n_targets = R->n_buses - first_bus;
  if (n_targets > 0 && chance(g, 0.5)) {
    s->n_snd = 1 + pick(g, MAX_SND);
    for (int k = 0; k < s->n_snd; k++) {
      send *d = &s->snd[k];
      memset(d, 0, sizeof *d);
      d->to = first_bus + pick(g, n_targets);
      d->pre = chance(g, 0.4);
      /* at the fader, or after some post_inserts (all of them: as post) */
      d->fader = !d->pre && chance(g, s->n_post ? 0.6 : 0.15);
      d->after = d->fader && s->n_post && chance(g, 0.7) ? 1 + pick(g, s->n_post) : 0;
      d->has_level = chance(g, 0.8);
      gen_level(g, &d->level, R->rate, span, -18, 3, 0.35);
      d->has_pan = chance(g, 0.3);
      gen_pan(g, &d->pan, R->rate, span, 0.4);
    }
  }
  s->to = n_targets > 0 && chance(g, 0.5) ? first_bus + pick(g, n_targets) : TO_MASTER;
}

/* The tracks whose main output (`to`, bus by bus) reaches bus j. */
static bool reaches(const recipe *R, int track, int j)
{
  int to = R->tr[track].to;
  while (to >= 0) {
    if (to == j)
      return true;
    to = R->bus[to].to;
  }
  return false;
}

static bool sounds(const recipe *R, int i)
{
  bool solo = false;
  for (int k = 0; k < R->n_tracks; k++)
    solo |= !R->tr[k].gone && R->tr[k].solo;
  const strip *t = &R->tr[i];
  return !t->gone && !t->mute && (!solo || t->solo);
}

static void named_tracks(const recipe *R, int id, bool *tracks, bool *ret);

/* Stems: `split: sources` puts every unmuted track in one stem, a bus
 * standing for its tracks when they all went to that stem; `split: buses`
 * parts master's inputs. Versions leave out or keep a name or two. */
static void gen_groups(rng *g, recipe *R)
{
  R->split = chance(g, 0.6) ? (chance(g, 0.8) ? 1 : 2) : 0;
  if (R->split == 1) {
    R->n_stems = 1 + pick(g, R->n_tracks < MAX_STEMS ? R->n_tracks : MAX_STEMS);
    int of[MAX_TRACKS];
    for (int i = 0; i < R->n_tracks; i++) {
      of[i] = i < R->n_stems ? i : pick(g, R->n_stems);
      if (R->tr[i].mute && chance(g, 0.5))
        of[i] = -1;
    }
    bool covered[MAX_TRACKS] = {false};
    for (int j = R->n_buses - 1; j >= 0; j--) {
      int stem = -2;
      bool any = false;
      for (int i = 0; i < R->n_tracks; i++)
        if (reaches(R, i, j)) {
          any = true;
          if (covered[i] || of[i] < 0 || (stem != -2 && stem != of[i]))
            stem = -1;
          else if (stem == -2)
            stem = of[i];
        }
      if (!any || stem < 0 || !chance(g, 0.5))
        continue;
      group *s = &R->stem[stem];
      s->ref[s->n++] = REF_BUS + j;
      for (int i = 0; i < R->n_tracks; i++)
        if (reaches(R, i, j))
          covered[i] = true;
    }
    for (int i = 0; i < R->n_tracks; i++)
      if (of[i] >= 0 && !covered[i])
        R->stem[of[i]].ref[R->stem[of[i]].n++] = i;
  } else if (R->split == 2) {
    int in[MAX_TRACKS + MAX_BUSES], n = 0;
    for (int i = 0; i < R->n_tracks; i++)
      if (R->tr[i].to == TO_MASTER)
        in[n++] = i;
    for (int j = 0; j < R->n_buses; j++)
      if (R->bus[j].to == TO_MASTER)
        in[n++] = REF_BUS + j;
    R->n_stems = 1 + pick(g, n < MAX_STEMS ? n : MAX_STEMS);
    for (int k = 0; k < n; k++) {
      group *s = &R->stem[k < R->n_stems ? k : pick(g, R->n_stems)];
      s->ref[s->n++] = in[k];
    }
  }
  for (int k = 0; k < R->n_stems; k++)
    if (R->stem[k].n == 0)
      R->stem[k].gone = true;
  /* Versions leave out (or keep) a stem, a track or a group bus, and an
   * own version may leave out a return; one that would leave out nothing
   * or every track is drawn again. */
  R->n_vers = chance(g, 0.3) ? 1 + pick(g, MAX_VERS) : 0;
  for (int k = 0; k < R->n_vers; k++) {
    group *v = &R->ver[k];
    for (int tries = 0; tries < 20; tries++) {
      v->own = chance(g, 0.35);
      v->keep = chance(g, 0.3);
      v->n = 1 + pick(g, 2);
      bool named[MAX_TRACKS] = {false}, ret[MAX_BUSES] = {false};
      for (int m = 0; m < v->n; m++) {
        const int what = pick(g, 3);
        if (what == 0 && R->split && R->n_stems > 0 && !R->stem[0].gone)
          v->ref[m] = REF_STEM + pick(g, R->n_stems);
        else if (what == 1 && R->n_buses > 0)
          v->ref[m] = REF_BUS + pick(g, R->n_buses);
        else
          v->ref[m] = pick(g, R->n_tracks);
        named_tracks(R, v->ref[m], named, ret);
      }
      bool any_ret = false;
      for (int j = 0; j < R->n_buses; j++)
        any_ret |= ret[j];
      int out = 0, sounding = 0;
      for (int i = 0; i < R->n_tracks; i++)
        if (sounds(R, i)) {
          sounding++;
          out += v->keep ? !named[i] : named[i];
        }
      if (any_ret ? v->own && !v->keep : out > 0 && out < sounding)
        break;
    }
  }
}

static void gen(recipe *R, uint64_t seed, int attempt)
{
  memset(R, 0, sizeof *R);
  R->seed = seed;
  rng g0 = {seed * 0x100000001B3ull + (uint64_t)attempt}, *g = &g0;
  R->rate = rates[pick(g, N_RATES)];
  R->law = pick(g, N_LAWS);
  R->law_given = R->law != LAW_3 || chance(g, 0.5);
  /* the render's block (0: the default): a short session for the
   * smallest, whose renders cost a block's overhead a frame */
  static const size_t blocks[] = {0, 0, 0, 1, 7, 7, 64, 333, 1000, 1000, 4096, 4096, 20000, 20000};
  R->block = blocks[pick(g, sizeof blocks / sizeof *blocks)];
  if (R->block == 7)
    R->block = 2 + (size_t)pick(g, 30);
  R->normalize = R->block >= 64 && chance(g, 0.25);
  R->target = (double)ibetween(g, -30, -14);
  if (R->normalize && R->rate > 16000 && chance(g, 0.6))
    R->rate = rates[pick(g, 2)];
  /* latency on the paths: a limiter or a convolver on most buses, so that
   * routes wait for each other at the nodes they meet */
  const bool late = chance(g, 0.35);
  const int64_t span = R->block == 1               ? ibetween(g, 300, 1000)
                       : R->block && R->block < 64 ? ibetween(g, 1500, 3000)
                       : R->normalize ? ibetween(g, R->rate * 6 / 10, R->rate * 6 / 10 + 8000)
                                      : ibetween(g, 1500, 20000);
  R->n_tracks = 1 + pick(g, MAX_TRACKS);
  R->n_buses = pick(g, MAX_BUSES + 1);
  for (int j = 0; j < R->n_buses; j++) {
    strip *b = &R->bus[j];
    gen_strip_common(g, R, b, true, j + 1, span);
    if (late && b->n_ins < MAX_INS && chance(g, 0.8)) {
      insert in;
      do
        gen_insert(g, &in, true, R->rate, span);
      while (in.kind != I_LIMITER && in.kind != I_CONV);
      const int at = pick(g, b->n_ins + 1);
      memmove(&b->ins[at + 1], &b->ins[at], (size_t)(b->n_ins - at) * sizeof *b->ins);
      b->ins[at] = in;
      b->n_ins++;
    }
    b->mute = chance(g, 0.04);
    b->print = chance(g, R->normalize ? 0.5 : 0.25);
    if (b->print && chance(g, 0.4))
      b->to = TO_NONE;
  }
  for (int i = 0; i < R->n_tracks; i++) {
    strip *t = &R->tr[i];
    const bool stereo = chance(g, 0.35);
    t->n_reg = chance(g, 0.35) ? 2 + pick(g, MAX_REG - 1) : 1;
    t->shorthand = t->n_reg == 1 && chance(g, 0.5);
    for (int k = 0; k < t->n_reg; k++)
      gen_region(g, &t->reg[k], stereo, !t->shorthand, k > 0, R->rate, span);
    bool st = false;
    for (int k = 0; k < t->n_reg; k++)
      st |= t->reg[k].src >= 4;
    gen_strip_common(g, R, t, st, 0, span);
    t->solo = chance(g, 0.05);
  }
  /* a bus that feeds nothing is fed, or feeds master */
  for (int j = 0; j < R->n_buses; j++) {
    bool fed = false;
    for (int i = 0; i < R->n_tracks + j; i++) {
      const strip *s = i < R->n_tracks ? &R->tr[i] : &R->bus[i - R->n_tracks];
      fed |= s->to == j;
      for (int k = 0; k < s->n_snd; k++)
        fed |= s->snd[k].to == j;
    }
    if (!fed && R->bus[j].to == TO_NONE)
      R->bus[j].to = TO_MASTER;
  }
  R->master.has_trim = chance(g, 0.2);
  R->master.trim = tenth_db(g, -6, 6);
  R->master.has_gain = chance(g, 0.5);
  gen_level(g, &R->master.gain, R->rate, span, -12, 3, 0.3);
  R->master.has_pan = chance(g, 0.2);
  gen_pan(g, &R->master.pan, R->rate, span, 0.3);
  R->master.has_width = chance(g, 0.05);
  R->master.width = (double)ibetween(g, -100, 100) / 100.0;
  R->master.n_ins = chance(g, 0.6) ? 0 : 1 + pick(g, 2);
  for (int k = 0; k < R->master.n_ins; k++)
    gen_insert(g, &R->master.ins[k], true, R->rate, span);
  R->master.n_post = R->master.n_ins && chance(g, 0.3) ? 1 + pick(g, R->master.n_ins) : 0;
  R->master.to = TO_NONE;
  if (R->normalize && chance(g, 0.8)) {
    /* a printed cue mix later than master, fed by a pre-fader send:
     * normalize must measure master on its own clock (issue 48) */
    const int j = R->n_buses < MAX_BUSES ? R->n_buses++ : pick(g, R->n_buses);
    strip *b = &R->bus[j];
    memset(b, 0, sizeof *b);
    b->print = true;
    b->to = TO_NONE;
    b->n_ins = 1;
    do
      gen_insert(g, &b->ins[0], true, R->rate, span);
    while (b->ins[0].kind != I_LIMITER && b->ins[0].kind != I_CONV);
    strip *t = &R->tr[pick(g, R->n_tracks)];
    send *d = &t->snd[t->n_snd < MAX_SND ? t->n_snd++ : 0];
    memset(d, 0, sizeof *d);
    d->to = j;
    d->pre = true;
  }
  gen_groups(g, R);
  R->length_given = chance(g, 0.3);
  R->length = ibetween(g, span / 2, span + span / 5);
  place_text(g, R->rate, R->length, R->length_t);
  R->tail = chance(g, 0.3) ? 0 : ibetween(g, 1, 3000);
  place_text(g, R->rate, R->tail, R->tail_t);
  static const int threads[] = {0, 1, 2, 4};
  R->threads = threads[pick(g, 4)];
  R->cli = chance(g, 0.1);
  if (R->cli && chance(g, 0.7)) {
    /* --only: some of the outputs, by name or by kind */
    buf b = {0};
    const char *kinds[] = {"mix", "stems", "versions", "buses"};
    bool has[4] = {true, false, false, false};
    if (chance(g, 0.5))
      put(&b, "mix");
    for (int k = 0; k < R->n_stems; k++)
      if (R->split && !R->stem[k].gone && (has[1] = true) && chance(g, 0.4))
        put(&b, "%ss%d", b.n ? "," : "", k);
    for (int k = 0; k < R->n_vers; k++)
      if ((has[2] = true) && chance(g, 0.4))
        put(&b, "%sv%d", b.n ? "," : "", k);
    for (int j = 0; j < R->n_buses; j++)
      if (R->bus[j].print && (has[3] = true) && chance(g, 0.5))
        put(&b, "%sb%d", b.n ? "," : "", j);
    const int kind = pick(g, 4);
    if (has[kind] && (b.n == 0 || chance(g, 0.2)))
      put(&b, "%s%s", b.n ? "," : "", kinds[kind]);
    if (b.n == 0)
      put(&b, "mix");
    snprintf(R->only, sizeof R->only, "%s", b.s);
    free(b.s);
  }
}

/* ---- the recipe as text ---------------------------------------------------- */

static void put_db(buf *b, double v)
{
  if (isinf(v))
    put(b, "-inf dB");
  else
    put(b, "%.10g dB", v);
}

static void put_autom(buf *b, const autom *a, bool level)
{
  if (a->n == 0) {
    if (level)
      put_db(b, a->v);
    else
      put(b, "%.10g", a->v);
    return;
  }
  put(b, "[");
  for (int i = 0; i < a->n; i++) {
    put(b, "%s[%s, ", i ? ", " : "", a->tt[i]);
    if (level)
      put_db(b, a->y[i]);
    else
      put(b, "%.10g", a->y[i]);
    put(b, "]");
  }
  put(b, "]");
}

static const char *name_of(int id, char *t)
{
  if (id >= REF_STEM)
    snprintf(t, TXT, "s%d", id - REF_STEM);
  else if (id >= REF_BUS)
    snprintf(t, TXT, "b%d", id - REF_BUS);
  else
    snprintf(t, TXT, "t%d", id);
  return t;
}

/* A band's parameter k: its value, or its breakpoints when it moves. */
static void put_param(buf *b, const band *d, int k, double v, const char *unit)
{
  if (d->moves != k) {
    put(b, "%.10g%s", v, unit);
    return;
  }
  put(b, "[");
  for (int i = 0; i < d->mv.n; i++)
    put(b, "%s[%s, %.10g%s]", i ? ", " : "", d->mv.tt[i], d->mv.y[i], unit);
  put(b, "]");
}

static void put_insert(buf *b, const insert *in)
{
  switch (in->kind) {
  case I_GAIN:
    put(b, "gain: ");
    put_autom(b, &in->gain, true);
    break;
  case I_EQ:
    put(b, "eq: [");
    for (int k = 0; k < in->n_bands; k++) {
      const band *d = &in->b[k];
      put(b, "%s{type: %s, freq: ", k ? ", " : "", btype_name[d->type]);
      put_param(b, d, 1, d->freq, " Hz");
      if (d->has_gain || d->moves == 2)
        put(b, ", gain: "), put_param(b, d, 2, d->gain, " dB");
      if (d->has_q || d->moves == 3)
        put(b, ", q: "), put_param(b, d, 3, d->q, "");
      if (d->slope == 24)
        put(b, ", slope: 24");
      put(b, "}");
    }
    put(b, "]");
    break;
  case I_DELAY:
    put(b, "delay: {time: %s, feedback: %.10g", in->time_t, in->fb);
    if (in->pingpong)
      put(b, ", pingpong: true");
    break;
  case I_LIMITER:
    put(b, "limiter: {ceiling: %.10g dBTP, lookahead: %s}", in->ceiling, in->look_t);
    break;
  case I_CONV:
    put(b, "convolver: {ir: ir%d.wav", in->ir);
    if (in->block)
      put(b, ", block: %d", in->block);
    if (in->predelay)
      put(b, ", predelay: %s", in->predelay_t);
    break;
  case I_WIDTH: put(b, "width: %.10g", in->width); break;
  default: break;
  }
  if (in->kind == I_DELAY || in->kind == I_CONV) {
    if (in->has_wet)
      put(b, ", wet: "), put_db(b, in->wet);
    if (in->has_dry)
      put(b, ", dry: "), put_db(b, in->dry);
    put(b, "}");
  }
}

static void put_region_keys(buf *b, const region *r, const char *sep)
{
  put(b, "file: src%d.wav", r->src);
  if (r->at_t[0])
    put(b, "%sat: %s", sep, r->at_t);
  if (r->from_t[0])
    put(b, "%sfrom: %s", sep, r->from_t);
  if (r->len_t[0])
    put(b, "%slength: %s", sep, r->len_t);
  for (int k = 0; k < 2; k++) {
    const curve *c = &r->fc[k];
    if (!(k ? r->fout : r->fin))
      continue;
    put(b, "%sfade_%s: ", sep, k ? "out" : "in");
    if (c->n == 0) {
      put(b, "%s", k ? r->fout_t : r->fin_t);
      continue;
    }
    put(b, "{curve: [");
    for (int i = 0; i < c->n; i++)
      put(b, "%s[%s, %.10g]", i ? ", " : "", c->tt[i], c->gain[i]);
    put(b, "]}");
  }
}

static void put_strip(buf *b, const recipe *R, const strip *s, const char *name, bool is_master)
{
  put(b, "  %s:\n", name);
  bool any = false;
  if (s->shorthand) {
    put(b, "    ");
    put_region_keys(b, &s->reg[0], "\n    ");
    put(b, "\n");
    any = true;
  } else if (s->n_reg > 0) {
    put(b, "    regions:\n");
    for (int k = 0; k < s->n_reg; k++) {
      const region *r = &s->reg[k];
      put(b, "      - {");
      put_region_keys(b, r, ", ");
      if (r->opaque)
        put(b, ", opaque: true");
      if (r->has_gain)
        put(b, ", gain: %.10g dB", r->gain);
      if (r->n_env) {
        put(b, ", envelope: [");
        for (int e = 0; e < r->n_env; e++)
          put(b, "%s[%s, %.10g dB]", e ? ", " : "", r->env_tt[e], r->env_db[e]);
        put(b, "]");
      }
      put(b, "}\n");
    }
    any = true;
  }
  if (s->has_trim)
    put(b, "    trim: %.10g dB\n", s->trim), any = true;
  if (s->invert)
    put(b, "    invert: true\n"), any = true;
  if (s->mute)
    put(b, "    mute: true\n"), any = true;
  if (s->solo)
    put(b, "    solo: true\n"), any = true;
  if (s->has_gain) {
    put(b, "    gain: ");
    put_autom(b, &s->gain, true);
    put(b, "\n");
    any = true;
  }
  if (s->has_pan) {
    put(b, "    pan: ");
    put_autom(b, &s->pan, false);
    put(b, "\n");
    any = true;
  }
  if (s->has_width)
    put(b, "    width: %.10g\n", s->width), any = true;
  for (int post = 0; post < 2; post++) { /* before the fader, then after it */
    const int from = post ? s->n_ins - s->n_post : 0, to = post ? s->n_ins : s->n_ins - s->n_post;
    if (from == to)
      continue;
    put(b, "    %s:\n", post ? "post_inserts" : "inserts");
    for (int k = from; k < to; k++) {
      put(b, "      - ");
      put_insert(b, &s->ins[k]);
      put(b, "\n");
    }
    any = true;
  }
  if (s->n_snd) {
    put(b, "    sends:\n");
    for (int k = 0; k < s->n_snd; k++) {
      const send *d = &s->snd[k];
      put(b, "      - {to: b%d", d->to);
      if (d->pre)
        put(b, ", tap: pre");
      else if (d->fader && d->after)
        put(b, ", tap: {after: %d}", d->after);
      else if (d->fader)
        put(b, ", tap: fader");
      if (d->has_level)
        put(b, ", level: "), put_autom(b, &d->level, true);
      if (d->has_pan)
        put(b, ", pan: "), put_autom(b, &d->pan, false);
      put(b, "}\n");
    }
    any = true;
  }
  if (!is_master) {
    if (s->to >= 0)
      put(b, "    to: b%d\n", s->to), any = true;
    else if (s->to == TO_NONE)
      put(b, "    to: none\n"), any = true;
  }
  if (s->print)
    put(b, "    print: true\n"), any = true;
  if (is_master && R->normalize)
    put(b, "    normalize: {target: %.10g LUFS}\n", R->target), any = true;
  if (!any)
    put(b, "    {}\n");
}

static char *recipe_text(const recipe *R)
{
  buf b = {0};
  char t[TXT];
  put(&b, "stemprint: 1\nsample_rate: %d\n", R->rate);
  if (R->law_given)
    put(&b, "pan_law: %s\n", law_name[R->law]);
  if (R->length_given)
    put(&b, "length: %s\n", R->length_t);
  put(&b, "tail: %s\n", R->tail_t);
  put(&b, "output: {dir: out, depth: 32f, dither: none}\n");
  put(&b, "tracks:\n");
  for (int i = 0; i < R->n_tracks; i++)
    if (!R->tr[i].gone)
      put_strip(&b, R, &R->tr[i], name_of(i, t), false);
  bool buses = false;
  for (int j = 0; j < R->n_buses; j++)
    if (!R->bus[j].gone) {
      if (!buses)
        put(&b, "buses:\n");
      buses = true;
      put_strip(&b, R, &R->bus[j], name_of(REF_BUS + j, t), false);
    }
  const strip *m = &R->master;
  if (m->has_trim || m->has_gain || m->has_pan || m->has_width || m->n_ins || R->normalize) {
    put(&b, "master:\n");
    buf mb = {0};
    put_strip(&mb, R, m, "master", true);
    /* the master's keys one level up */
    const char *body = strchr(mb.s, '\n') + 1;
    for (const char *l = body; *l;) {
      const char *e = strchr(l, '\n');
      put(&b, "%.*s\n", (int)(e - l - 2), l + 2);
      l = e + 1;
    }
    free(mb.s);
  }
  bool stems = false;
  for (int k = 0; k < R->n_stems; k++) {
    const group *s = &R->stem[k];
    if (s->gone || R->split == 0)
      continue;
    if (!stems) {
      put(&b, "stems:\n");
      if (R->split == 2)
        put(&b, "  split: buses\n");
    }
    stems = true;
    put(&b, "  s%d: [", k);
    for (int m2 = 0; m2 < s->n; m2++)
      put(&b, "%s%s", m2 ? ", " : "", name_of(s->ref[m2], t));
    put(&b, "]\n");
  }
  bool vers = false;
  for (int k = 0; k < R->n_vers; k++) {
    const group *v = &R->ver[k];
    if (v->gone)
      continue;
    if (!vers)
      put(&b, "versions:\n");
    vers = true;
    put(&b, "  v%d: {%s: [", k, v->keep ? "keep" : "mute");
    for (int m2 = 0; m2 < v->n; m2++)
      put(&b, "%s%s", m2 ? ", " : "", name_of(v->ref[m2], t));
    put(&b, "]%s}\n", v->own ? ", mode: own" : "");
  }
  return b.s;
}

/* ---- the reference mixer (docs/recipe.md, in double) ----------------------- */

/* A signal of the session's length: 1 or 2 channels, with what bounds its
 * float32 rendering's error: b, the largest magnitude anything on its path
 * reaches (an error of a rounding is at most 2^-24 of it), and s, an error
 * allowed outright (a curve fade's single-precision gains). */
typedef struct sig {
  int ch;
  double *c[2];
  double b, s;
} sig;

static sig sig_new(int ch, int64_t n)
{
  sig s = {ch, {NULL, NULL}, 0, 0};
  for (int c = 0; c < ch; c++)
    s.c[c] = xcalloc((size_t)n, sizeof(double));
  return s;
}

static void sig_free(sig *s)
{
  free(s->c[0]);
  free(s->c[1]);
  s->c[0] = s->c[1] = NULL;
}

/* Automation (Automation, Units): before the first point the first value,
 * after the last the last; between two points a straight line over the
 * exact times, read at the frame; of two points at one time the later
 * holds from the first frame at or after it. A ramp from or to -inf dB
 * passes -200 dB. */
static double autom_at(const autom *a, double n, bool level)
{
  if (a->n == 0)
    return a->v;
  if (n < a->t[0])
    return a->y[0];
  int i = a->n - 1;
  while (i > 0 && a->t[i] > n)
    i--;
  if (i == a->n - 1)
    return a->y[i];
  double y0 = a->y[i], y1 = a->y[i + 1];
  if (level && isinf(y0) && isinf(y1))
    return -INFINITY;
  if (level)
    y0 = isinf(y0) ? -200 : y0, y1 = isinf(y1) ? -200 : y1;
  return y0 + (y1 - y0) * (n - a->t[i]) / (a->t[i + 1] - a->t[i]);
}

static double lin(double db) { return isinf(db) && db < 0 ? 0 : pow(10, db / 20); }
static double level_at(const autom *a, double n) { return lin(autom_at(a, n, true)); }

/* A mono signal placed by the pan law (Tracks, Pan). */
static void pan_mono(int law, double p, double *l, double *r)
{
  const double th = (p + 1) * M_PI / 4;
  switch (law) {
  case LAW_3: *l = cos(th), *r = sin(th); break;
  case LAW_6: *l = (1 - p) / 2, *r = (1 + p) / 2; break;
  case LAW_0: *l = fmin(1, 1 - p), *r = fmin(1, 1 + p); break;
  case LAW_45: *l = sqrt((1 - p) / 2 * cos(th)), *r = sqrt((1 + p) / 2 * sin(th)); break;
  default: {
    const double q = (p + 1) / 2, s = 2 - 4 * pow(10, -3.0 / 20);
    *r = q * (s * q + 1 - s);
    *l = (1 - q) * (s * (1 - q) + 1 - s);
    break;
  }
  }
}

/* The matrix from a strip's channels into a stereo destination at pan p:
 * the pan law for mono; for stereo a balance (the far side cos(|p|·π/2), or
 * 1 - |p| under ardour) or, with a width, each channel placed like a mono
 * one at p ∓ width, the width clamped to the room beside the pan.
 * m[dst][src]. */
static void matrix(int law, int src_ch, bool has_width, double width, double p, double m[2][2])
{
  if (src_ch == 1) {
    pan_mono(law, p, &m[0][0], &m[1][0]);
    m[0][1] = m[1][1] = 0;
  } else if (has_width) {
    const double room = 1 - fabs(p);
    const double w = fabs(width) > room ? copysign(room, width) : width;
    pan_mono(law, p - w, &m[0][0], &m[1][0]);
    pan_mono(law, p + w, &m[0][1], &m[1][1]);
  } else {
    const double far = law == LAW_ARDOUR ? 1 - fabs(p) : cos(fabs(p) * M_PI / 2);
    m[0][0] = p > 0 ? far : 1;
    m[1][1] = p < 0 ? far : 1;
    m[0][1] = m[1][0] = 0;
  }
}

enum { STRIPS = MAX_TRACKS + MAX_BUSES + 1, MASTER_ID = MAX_TRACKS + MAX_BUSES };

/* An edge's gains over the timeline: fader (post and main), send level and
 * pan, as a 2×2 matrix a frame (or one for all frames). */
typedef struct edge {
  bool done, varying;
  double c[4];
  double *m;       /* varying: 4 × N */
  double max_gain; /* the largest row sum: what the edge can amplify */
} edge;

typedef struct ref {
  const recipe *R;
  const pool *P;
  int64_t N;
  sig trk[MAX_TRACKS];
  bool trk_done[MAX_TRACKS];
  edge e[STRIPS][1 + MAX_SND];
  bool check_limits;
  double over[STRIPS]; /* the largest input peak over a limiter's safe level, per strip */
} ref;

static const strip *strip_of(const recipe *R, int id)
{
  return id < MAX_TRACKS ? &R->tr[id] : id < MASTER_ID ? &R->bus[id - MAX_TRACKS] : &R->master;
}

static edge *edge_of(ref *F, int id, int k, int src_ch)
{
  edge *e = &F->e[id][k];
  if (e->done)
    return e;
  const strip *s = strip_of(F->R, id);
  const send *d = k > 0 ? &s->snd[k - 1] : NULL;
  /* a strip with post_inserts runs its fader in its chain (run_post) */
  const autom *fader = s->has_gain && !(d && d->pre) && !s->n_post ? &s->gain : NULL;
  const autom *level = d && d->has_level ? &d->level : NULL;
  const autom *pan = d && d->has_pan ? &d->pan : s->has_pan ? &s->pan : NULL;
  e->varying = (fader && fader->n) || (level && level->n) || (pan && pan->n);
  const int64_t n_frames = e->varying ? F->N : 1;
  if (e->varying)
    e->m = xcalloc(4 * (size_t)F->N, sizeof(double));
  e->max_gain = 0;
  for (int64_t n = 0; n < n_frames; n++) {
    const double t = (double)n;
    const double g = (fader ? level_at(fader, t) : 1) * (level ? level_at(level, t) : 1);
    double m[2][2];
    matrix(F->R->law, src_ch, s->has_width, s->width, pan ? autom_at(pan, t, false) : 0, m);
    double *c = e->varying ? e->m + 4 * n : e->c;
    c[0] = g * m[0][0], c[1] = g * m[0][1], c[2] = g * m[1][0], c[3] = g * m[1][1];
    e->max_gain = fmax(e->max_gain, fmax(fabs(c[0]) + fabs(c[1]), fabs(c[2]) + fabs(c[3])));
  }
  e->done = true;
  return e;
}

/* dst (stereo) += the edge's matrix times x. */
static void add_edge(ref *F, int id, int k, const sig *x, sig *dst)
{
  const edge *e = edge_of(F, id, k, x->ch);
  const double *x0 = x->c[0], *x1 = x->ch == 2 ? x->c[1] : x->c[0];
  const bool two = x->ch == 2;
  for (int64_t n = 0; n < F->N; n++) {
    const double *c = e->varying ? e->m + 4 * n : e->c;
    const double b = two ? x1[n] : 0;
    dst->c[0][n] += c[0] * x0[n] + c[1] * b;
    dst->c[1][n] += c[2] * x0[n] + c[3] * b;
  }
  dst->b += x->b * e->max_gain;
  dst->s += x->s * e->max_gain;
}

/* RBJ's cookbook biquads (eq): b0 b1 b2 a1 a2, normalized by a0. */
static void rbj(btype type, double f, double gain, double q, double rate, double c[5])
{
  const double w0 = 2 * M_PI * f / rate, cw = cos(w0), sw = sin(w0);
  const double alpha = sw / (2 * q), A = pow(10, gain / 40), sa = 2 * sqrt(A) * alpha;
  double b0, b1, b2, a0, a1, a2;
  switch (type) {
  case B_PEAK:
    b0 = 1 + alpha * A, b1 = -2 * cw, b2 = 1 - alpha * A;
    a0 = 1 + alpha / A, a1 = -2 * cw, a2 = 1 - alpha / A;
    break;
  case B_LOWSHELF:
    b0 = A * ((A + 1) - (A - 1) * cw + sa), b1 = 2 * A * ((A - 1) - (A + 1) * cw);
    b2 = A * ((A + 1) - (A - 1) * cw - sa);
    a0 = (A + 1) + (A - 1) * cw + sa, a1 = -2 * ((A - 1) + (A + 1) * cw);
    a2 = (A + 1) + (A - 1) * cw - sa;
    break;
  case B_HIGHSHELF:
    b0 = A * ((A + 1) + (A - 1) * cw + sa), b1 = -2 * A * ((A - 1) + (A + 1) * cw);
    b2 = A * ((A + 1) + (A - 1) * cw - sa);
    a0 = (A + 1) - (A - 1) * cw + sa, a1 = 2 * ((A - 1) - (A + 1) * cw);
    a2 = (A + 1) - (A - 1) * cw - sa;
    break;
  case B_HIGHPASS:
    b0 = (1 + cw) / 2, b1 = -(1 + cw), b2 = (1 + cw) / 2;
    a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
    break;
  case B_LOWPASS:
    b0 = (1 - cw) / 2, b1 = 1 - cw, b2 = (1 - cw) / 2;
    a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
    break;
  case B_NOTCH:
    b0 = 1, b1 = -2 * cw, b2 = 1;
    a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
    break;
  default: /* bandpass, 0 dB at the centre */
    b0 = alpha, b1 = 0, b2 = -alpha;
    a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
    break;
  }
  c[0] = b0 / a0, c[1] = b1 / a0, c[2] = b2 / a0, c[3] = a1 / a0, c[4] = a2 / a0;
}

/* One section in transposed direct form II: y = b0·x + s1, s1 = b1·x -
 * a1·y + s2, s2 = b2·x - a2·y. */
static double section(const double c[5], double s[2], double x)
{
  const double y = c[0] * x + s[0];
  s[0] = c[1] * x - c[3] * y + s[1];
  s[1] = c[2] * x - c[4] * y;
  return y;
}

static void biquad(const double c[5], double *x, int64_t n)
{
  double s[2] = {0, 0};
  for (int64_t i = 0; i < n; i++)
    x[i] = section(c, s, x[i]);
}

/* A value between breakpoints geometrically (a frequency). */
static double autom_geo(const autom *a, double n)
{
  if (a->n == 0)
    return a->v;
  if (n < a->t[0])
    return a->y[0];
  int i = a->n - 1;
  while (i > 0 && a->t[i] > n)
    i--;
  if (i == a->n - 1)
    return a->y[i];
  return a->y[i] * pow(a->y[i + 1] / a->y[i], (n - a->t[i]) / (a->t[i + 1] - a->t[i]));
}

/* A band's sections with its values at frame n: one, or a 4th-order
 * Butterworth's two. */
static int sections(const band *b, double rate, double n, double c[2][5])
{
  const double f = b->moves == 1 ? autom_geo(&b->mv, n) : b->freq;
  const double gain = b->moves == 2 ? autom_at(&b->mv, n, false) : b->gain;
  const double q = b->moves == 3 ? autom_at(&b->mv, n, false) : b->q;
  if (b->slope == 24) {
    rbj(b->type, f, 0, 1 / (2 * cos(M_PI / 8)), rate, c[0]);
    rbj(b->type, f, 0, 1 / (2 * cos(3 * M_PI / 8)), rate, c[1]);
    return 2;
  }
  rbj(b->type, f, gain, q, rate, c[0]);
  return 1;
}

/* Σ|h| of each section of a band at frame n, multiplied. The impulse
 * response is summed until the section's state has died away (under 2^-60
 * of the sum so far: what is left cannot move the sum), at most 2^16 frames;
 * no buffer (a 512 KiB one a call cost a third of the suite's time in page
 * faults). */
static double band_l1(const band *b, double rate, double n)
{
  double l1 = 1, c[2][5];
  const int k = sections(b, rate, n, c);
  for (int s = 0; s < k; s++) {
    double st[2] = {0, 0}, sum = 0;
    for (int i = 0; i < 1 << 16; i++) {
      sum += fabs(section(c[s], st, i == 0 ? 1 : 0));
      if (i >= 64 && fabs(st[0]) + fabs(st[1]) < 0x1p-60 * sum)
        break;
    }
    l1 *= sum;
  }
  return l1;
}

/* The product of the sections' Σ|h| (for a band that moves, the largest at
 * its breakpoints): how much an EQ can amplify any signal, and a rounding
 * between two sections. */
static double eq_l1(const insert *in, double rate)
{
  double l1 = 1;
  for (int k = 0; k < in->n_bands; k++) {
    const band *b = &in->b[k];
    double most = band_l1(b, rate, -1);
    for (int i = 0; b->moves && i < b->mv.n; i++)
      most = fmax(most, band_l1(b, rate, b->mv.t[i] + 1));
    l1 *= most;
  }
  return l1;
}

/* An EQ whose parameters move, at the control rate: each piece takes the
 * values at its first frame; a piece starts at every multiple of 32 frames
 * and at every breakpoint (the first frame at or after it). Each section
 * keeps its state from piece to piece. */
static void eq_moving(const insert *in, sig *x, int64_t N, double rate)
{
  bool *cut = xcalloc((size_t)N, sizeof *cut);
  for (int k = 0; k < in->n_bands; k++)
    for (int i = 0; in->b[k].moves && i < in->b[k].mv.n; i++) {
      const double t = ceil(in->b[k].mv.t[i]);
      if (t >= 0 && t < (double)N)
        cut[(int64_t)t] = true;
    }
  double c[MAX_BANDS][2][5], st[2][MAX_BANDS][2][2];
  int ns[MAX_BANDS] = {0};
  memset(st, 0, sizeof st);
  for (int64_t n = 0; n < N; n++) {
    if (n % 32 == 0 || cut[n])
      for (int k = 0; k < in->n_bands; k++)
        ns[k] = sections(&in->b[k], rate, (double)n, c[k]);
    for (int ch = 0; ch < x->ch; ch++) {
      double v = x->c[ch][n];
      for (int k = 0; k < in->n_bands; k++)
        for (int s = 0; s < ns[k]; s++)
          v = section(c[k][s], st[ch][k][s], v);
      x->c[ch][n] = v;
    }
  }
  free(cut);
}

/* x delayed by d frames, times g, added to y. */
static void add_delayed(double *y, const double *x, int64_t d, double g, int64_t n)
{
  for (int64_t i = d; i < n; i++)
    y[i] += g * x[i - d];
}

static void run_insert(ref *F, int id, const insert *in, sig *x)
{
  double amp = 1; /* how much it can amplify */
  const int64_t N = F->N;
  const double rate = F->R->rate;
  switch (in->kind) {
  case I_GAIN: {
    double most = 0;
    for (int64_t n = 0; n < N; n++) {
      const double g = level_at(&in->gain, (double)n);
      most = fmax(most, g);
      for (int c = 0; c < x->ch; c++)
        x->c[c][n] *= g;
    }
    amp = most;
    break;
  }
  case I_EQ: {
    bool moves = false;
    for (int k = 0; k < in->n_bands; k++)
      moves |= in->b[k].moves != 0;
    if (moves) {
      eq_moving(in, x, N, rate);
    } else {
      for (int k = 0; k < in->n_bands; k++) {
        double c[2][5];
        const int n = sections(&in->b[k], rate, 0, c);
        for (int s = 0; s < n; s++)
          for (int ch = 0; ch < x->ch; ch++)
            biquad(c[s], x->c[ch], N);
      }
    }
    amp = eq_l1(in, rate);
    break;
  }
  case I_DELAY: {
    /* echoes at D, 2D, ... of levels 1, fb, fb², ... (ping-pong: of the
     * mono sum (L + R)/2, starting on the left) */
    const int64_t D = in->time;
    const double wet = lin(in->wet), dry = lin(in->dry);
    sig e = sig_new(x->ch, N);
    if (in->pingpong) {
      for (int64_t n = D; n < N; n++) {
        e.c[0][n] = (x->c[0][n - D] + x->c[1][n - D]) / 2 + in->fb * e.c[1][n - D];
        e.c[1][n] = in->fb * e.c[0][n - D];
      }
    } else {
      for (int c = 0; c < x->ch; c++)
        for (int64_t n = D; n < N; n++)
          e.c[c][n] = x->c[c][n - D] + in->fb * e.c[c][n - D];
    }
    for (int c = 0; c < x->ch; c++)
      for (int64_t n = 0; n < N; n++)
        x->c[c][n] = dry * x->c[c][n] + wet * e.c[c][n];
    sig_free(&e);
    amp = dry + wet / (1 - in->fb);
    break;
  }
  case I_LIMITER: {
    if (F->check_limits) {
      double pk = 0;
      for (int c = 0; c < x->ch; c++)
        for (int64_t n = 0; n < N; n++)
          pk = fmax(pk, fabs(x->c[c][n]));
      F->over[id] = fmax(F->over[id], pk / lin(in->ceiling - 9));
    }
    break;
  }
  case I_CONV: {
    const pool *P = F->P;
    const int hc = P->ir_channels[in->ir];
    const float *h = P->ir[in->ir];
    const double wet = lin(in->wet), dry = lin(in->dry);
    sig y = sig_new(x->ch, N);
    double l1 = 0;
    for (int o = 0; o < x->ch; o++) {
      double sum = 0;
      for (int i = 0; i < x->ch; i++) {
        int hk; /* which of the IR's channels takes input i to output o */
        if (hc == 4)
          hk = 2 * i + o;
        else if (hc == 2)
          hk = i == o ? i : -1;
        else
          hk = i == o ? 0 : -1;
        if (hk < 0)
          continue;
        for (int t = 0; t < IR_FRAMES; t++) {
          const double v = h[(size_t)t * (size_t)hc + (size_t)hk];
          if (v != 0)
            add_delayed(y.c[o], x->c[i], in->predelay + t, wet * v, N);
          sum += fabs(v);
        }
      }
      l1 = fmax(l1, sum);
    }
    for (int c = 0; c < x->ch; c++)
      for (int64_t n = 0; n < N; n++)
        x->c[c][n] = dry * x->c[c][n] + y.c[c][n];
    sig_free(&y);
    amp = dry + wet * l1;
    break;
  }
  case I_WIDTH:
    for (int64_t n = 0; n < N; n++) {
      const double m = (x->c[0][n] + x->c[1][n]) / 2, s = (x->c[0][n] - x->c[1][n]) / 2 * in->width;
      x->c[0][n] = m + s, x->c[1][n] = m - s;
    }
    amp = (fabs(1 + in->width) + fabs(1 - in->width)) / 2;
    break;
  default: break;
  }
  x->b *= amp;
  x->s *= amp;
}

/* A strip's trim and polarity, then its inserts before the fader. */
static void run_chain(ref *F, int id, sig *x)
{
  const strip *s = strip_of(F->R, id);
  const double k = (s->has_trim ? lin(s->trim) : 1) * (s->invert ? -1 : 1);
  if (k != 1)
    for (int c = 0; c < x->ch; c++)
      for (int64_t n = 0; n < F->N; n++)
        x->c[c][n] *= k;
  x->b *= fabs(k);
  x->s *= fabs(k);
  for (int i = 0; i < s->n_ins - s->n_post; i++)
    run_insert(F, id, &s->ins[i], x);
}

/* The taps of a strip with post_inserts (Inserts after the fader): x,
 * its chain's output before the fader, copied to tap[0]; × the fader,
 * frame by frame at its timeline time, copied to tap[1]; then each
 * post_insert, x after the j-th copied to tap[1 + j] (but after the last:
 * x is the strip's output). Without post_inserts nothing (the fader is in
 * the edges' gains). */
static void run_post(ref *F, int id, sig *x, sig tap[MAX_INS + 1])
{
  const strip *s = strip_of(F->R, id);
  if (!s->n_post)
    return;
  tap[0] = sig_new(x->ch, F->N);
  for (int c = 0; c < x->ch; c++)
    memcpy(tap[0].c[c], x->c[c], (size_t)F->N * sizeof(double));
  tap[0].b = x->b, tap[0].s = x->s;
  double most = 0;
  for (int64_t n = 0; n < F->N; n++) {
    const double g = s->has_gain ? level_at(&s->gain, (double)n) : 1;
    most = fmax(most, g);
    for (int c = 0; c < x->ch; c++)
      x->c[c][n] *= g;
  }
  x->b *= most;
  x->s *= most;
  for (int j = 0; j < s->n_post; j++) {
    tap[1 + j] = sig_new(x->ch, F->N);
    for (int c = 0; c < x->ch; c++)
      memcpy(tap[1 + j].c[c], x->c[c], (size_t)F->N * sizeof(double));
    tap[1 + j].b = x->b, tap[1 + j].s = x->s;
    run_insert(F, id, &s->ins[s->n_ins - s->n_post + j], x);
  }
}

/* What send k of strip id reads: x, its output, or one of its taps
 * (run_post). */
static const sig *send_src(const ref *F, int id, int k, const sig *x, const sig *tap)
{
  const strip *s = strip_of(F->R, id);
  const send *d = &s->snd[k];
  if (!s->n_post)
    return x;
  if (d->pre)
    return &tap[0];
  if (d->fader && d->after < s->n_post)
    return &tap[1 + d->after];
  return x;
}

static void taps_free(sig *tap)
{
  for (int j = 0; j <= MAX_INS; j++)
    sig_free(&tap[j]);
}

/* Ardour's fader law: position from gain and back (a region's envelope). */
static double fader_pos(double db) { return pow((6 * log2(lin(db)) + 192) / 198, 8); }
static double fader_gain(double pos) { return pow(2, (198 * pow(pos, 1.0 / 8) - 192) / 6); }

static double envelope(const region *r, int64_t j)
{
  if (r->n_env == 0)
    return 1;
  if (j <= r->env_t[0])
    return lin(r->env_db[0]);
  for (int k = 0; k + 1 < r->n_env; k++)
    if (j < r->env_t[k + 1]) {
      const double a = fader_pos(r->env_db[k]), b = fader_pos(r->env_db[k + 1]);
      const double f = (double)(j - r->env_t[k]) / (double)(r->env_t[k + 1] - r->env_t[k]);
      return fader_gain(a + (b - a) * f);
    }
  return lin(r->env_db[r->n_env - 1]);
}

/* A curve's gain at x (superclock ticks), through Kruger's constrained
 * cubic spline: through every point, never overshooting between two; two
 * points make a straight line. *terms: the sum of the magnitudes of the
 * cubic's terms there, a + b·x + c·x² + d·x³ (what its evaluation in single
 * precision can be off by, in units of 2^-24, give or take a few). */
static double kruger(const double *xs, const double *ys, int n, double x, double *terms)
{
  *terms = 1;
  if (x <= xs[0])
    return ys[0];
  if (x >= xs[n - 1])
    return ys[n - 1];
  int i = 1;
  while (xs[i] < x)
    i++;
  if (n == 2)
    return ys[0] + (ys[1] - ys[0]) * (x - xs[0]) / (xs[1] - xs[0]);
  double d[MAX_ENV]; /* the slopes at the points */
  for (int k = 1; k < n - 1; k++) {
    const double l = (ys[k] - ys[k - 1]) / (xs[k] - xs[k - 1]);
    const double r = (ys[k + 1] - ys[k]) / (xs[k + 1] - xs[k]);
    d[k] = l * r <= 0 ? 0 : 2 / (1 / l + 1 / r);
  }
  d[0] = 3 * (ys[1] - ys[0]) / (2 * (xs[1] - xs[0])) - d[1] / 2;
  d[n - 1] = 3 * (ys[n - 1] - ys[n - 2]) / (2 * (xs[n - 1] - xs[n - 2])) - d[n - 2] / 2;
  const double x0 = xs[i - 1], x1 = xs[i], h = x1 - x0, dy = ys[i] - ys[i - 1];
  const double f0 = -2 * (d[i] + 2 * d[i - 1]) / h + 6 * dy / (h * h);
  const double f1 = 2 * (2 * d[i] + d[i - 1]) / h - 6 * dy / (h * h);
  const double dd = (f1 - f0) / (6 * h), c = (x1 * f0 - x0 * f1) / (2 * h);
  const double b = (dy - c * (x1 * x1 - x0 * x0) - dd * (x1 * x1 * x1 - x0 * x0 * x0)) / h;
  const double a = ys[i - 1] - b * x0 - c * x0 * x0 - dd * x0 * x0 * x0;
  *terms = fabs(a) + fabs(b * x) + fabs(c * x * x) + fabs(dd * x * x * x) + fabs(b * x0) +
           fabs(c * x0 * x0) + fabs(dd * x0 * x0 * x0);
  return a + b * x + c * x * x + dd * x * x * x;
}

/* Frame i of an n-frame fade drawn by a curve: its first point on frame 0,
 * its last on frame n - 1, times in Ardour's superclock ticks. */
static double curve_at(const curve *c, int64_t i, int64_t n, double *terms)
{
  double xs[MAX_ENV];
  for (int k = 0; k < c->n; k++)
    xs[k] = nearbyint(c->secs[k] * 282240000.0);
  return kruger(xs, c->gain, c->n, xs[c->n - 1] * (double)i / (double)(n - 1), terms);
}

/* What a curve's gains may be off by, evaluated in single precision as
 * Ardour evaluates them (docs/recipe.md: an Ardour session's fades render
 * to its bits): 16 roundings of its cubic's largest terms. */
static double curve_slack(const curve *c, int64_t n)
{
  double most = 0, terms;
  for (int64_t i = 0; i < n; i++)
    curve_at(c, i, n, &terms), most = fmax(most, terms);
  return 16 * U32 * most;
}

/* Fades (sample-exact): frame i of a fade-in of n is at i/n, frame L-1-j of
 * a fade-out at j/n, or on their curves. */
static double fade(const region *r, int64_t j)
{
  double g = 1;
  double terms;
  if (j < r->fin)
    g *= r->fc[0].n ? curve_at(&r->fc[0], j, r->fin, &terms) : (double)j / (double)r->fin;
  if (j >= r->len - r->fout)
    g *= r->fc[1].n ? curve_at(&r->fc[1], j - (r->len - r->fout), r->fout, &terms)
                    : (double)(r->len - 1 - j) / (double)r->fout;
  return g;
}

/* What an opaque region leaves of the regions below it: their inverse of
 * its fades, nothing under its body. */
static double cover(const region *r, int64_t j)
{
  if (j < r->fin || j >= r->len - r->fout)
    return 1 - fade(r, j);
  return 0;
}

static const sig *track(ref *F, int i)
{
  if (F->trk_done[i])
    return &F->trk[i];
  const strip *t = &F->R->tr[i];
  const pool *P = F->P;
  int ch = 1;
  for (int k = 0; k < t->n_reg; k++)
    if (P->channels[t->reg[k].src] == 2)
      ch = 2;
  sig x = sig_new(ch, F->N);
  for (int k = 0; k < t->n_reg; k++) {
    const region *r = &t->reg[k];
    const int sc = P->channels[r->src];
    const float *s = P->x[r->src];
    const double g = r->has_gain ? lin(r->gain) : 1;
    if (r->opaque)
      for (int64_t j = 0; j < r->len && r->at + j < F->N; j++)
        for (int c = 0; c < ch; c++)
          x.c[c][r->at + j] *= cover(r, j);
    double most_env = 0;
    for (int64_t j = 0; j < r->len && r->at + j < F->N; j++) {
      const double e = envelope(r, j);
      most_env = fmax(most_env, e);
      const double k2 = fade(r, j) * g * e;
      for (int c = 0; c < ch; c++)
        x.c[c][r->at + j] += k2 * s[(size_t)(r->from + j) * (size_t)sc + (sc == 2 ? (size_t)c : 0)];
    }
    const double peak = P->peak[r->src] * g * (r->n_env ? most_env : 1);
    x.b += peak;
    if (r->fc[0].n || r->fc[1].n)
      x.s += peak * fmax(r->fc[0].n ? curve_slack(&r->fc[0], r->fin) : 0,
                         r->fc[1].n ? curve_slack(&r->fc[1], r->fout) : 0);
  }
  run_chain(F, i, &x);
  F->trk[i] = x;
  F->trk_done[i] = true;
  return &F->trk[i];
}

/* The tracks' frames: the end of the last region of a track that sounds,
 * or the recipe's length; then the tail. */
static int64_t total_frames(const recipe *R)
{
  int64_t len = 0;
  if (R->length_given) {
    len = R->length;
  } else {
    for (int i = 0; i < R->n_tracks; i++)
      if (sounds(R, i))
        for (int k = 0; k < R->tr[i].n_reg; k++)
          if (R->tr[i].reg[k].at + R->tr[i].reg[k].len > len)
            len = R->tr[i].reg[k].at + R->tr[i].reg[k].len;
  }
  return len + R->tail;
}

/* A reference made wrong on purpose (master's output times this), for the
 * test that the oracle notices. */
static double wrong_master = 1;

/* One evaluation of the graph: master's output (and each printed bus's)
 * with the tracks `on` sounding, the buses `off` silent, and (split:
 * buses) only master's inputs `in` (NULL: all). */
static void eval(ref *F, const bool *on, const bool *off, const bool *in, sig *mix, sig *printed)
{
  const recipe *R = F->R;
  sig bus[MAX_BUSES];
  for (int j = 0; j < R->n_buses; j++)
    bus[j] = sig_new(2, F->N);
  sig m = sig_new(2, F->N);
  for (int i = 0; i < R->n_tracks; i++) {
    if (!on[i] || !sounds(R, i))
      continue;
    const strip *t = &R->tr[i];
    const sig *x = track(F, i);
    sig post = {0}, tap[MAX_INS + 1] = {{0}};
    if (t->n_post) { /* the cached track is before its fader */
      post = sig_new(x->ch, F->N);
      for (int c = 0; c < x->ch; c++)
        memcpy(post.c[c], x->c[c], (size_t)F->N * sizeof(double));
      post.b = x->b, post.s = x->s;
      run_post(F, i, &post, tap);
      x = &post;
    }
    if (t->to >= 0)
      add_edge(F, i, 0, x, &bus[t->to]);
    else if (!in || in[i])
      add_edge(F, i, 0, x, &m);
    for (int k = 0; k < t->n_snd; k++)
      add_edge(F, i, 1 + k, send_src(F, i, k, x, tap), &bus[t->snd[k].to]);
    sig_free(&post);
    taps_free(tap);
  }
  for (int j = 0; j < R->n_buses; j++) {
    const strip *s = &R->bus[j];
    if (printed)
      printed[j] = sig_new(2, F->N);
    if (s->gone || s->mute || off[j])
      continue;
    run_chain(F, MAX_TRACKS + j, &bus[j]);
    sig tap[MAX_INS + 1] = {{0}};
    run_post(F, MAX_TRACKS + j, &bus[j], tap);
    if (printed)
      add_edge(F, MAX_TRACKS + j, 0, &bus[j], &printed[j]);
    if (s->to >= 0)
      add_edge(F, MAX_TRACKS + j, 0, &bus[j], &bus[s->to]);
    else if (s->to == TO_MASTER && (!in || in[REF_BUS + j]))
      add_edge(F, MAX_TRACKS + j, 0, &bus[j], &m);
    for (int k = 0; k < s->n_snd; k++)
      add_edge(F, MAX_TRACKS + j, 1 + k, send_src(F, MAX_TRACKS + j, k, &bus[j], tap),
               &bus[s->snd[k].to]);
    taps_free(tap);
  }
  for (int j = 0; j < R->n_buses; j++)
    sig_free(&bus[j]);
  run_chain(F, MASTER_ID, &m);
  sig tap[MAX_INS + 1] = {{0}};
  run_post(F, MASTER_ID, &m, tap);
  taps_free(tap);
  *mix = sig_new(2, F->N);
  add_edge(F, MASTER_ID, 0, &m, mix);
  sig_free(&m);
  for (int c = 0; c < 2 && wrong_master != 1; c++)
    for (int64_t n = 0; n < F->N; n++)
      mix->c[c][n] *= wrong_master;
}

static void ref_free(ref *F)
{
  for (int i = 0; i < MAX_TRACKS; i++)
    sig_free(&F->trk[i]);
  for (int s = 0; s < STRIPS; s++)
    for (int k = 0; k < 1 + MAX_SND; k++)
      free(F->e[s][k].m);
}

/* Integrated loudness (BS.1770-4, gated) of a stereo signal: libebur128's. */
static double loudness(const sig *x, int64_t n, int rate)
{
  ebur128_state *st = ebur128_init(2, (unsigned long)rate, EBUR128_MODE_I);
  double *inter = xcalloc(2 * (size_t)n, sizeof *inter);
  for (int64_t i = 0; i < n; i++)
    inter[2 * i] = x->c[0][i], inter[2 * i + 1] = x->c[1][i];
  ebur128_add_frames_double(st, inter, (size_t)n);
  double l = -HUGE_VAL;
  ebur128_loudness_global(st, &l);
  ebur128_destroy(&st);
  free(inter);
  return l;
}

/* ---- the answer ------------------------------------------------------------ */

/* The roundings a path of this recipe may pass through (the tolerance's R):
 * a few for every node (region gains, trim, fader and pan, the sums where
 * paths meet, the write), more for an insert, and a feedback delay's
 * repeats, each rounded again. */
static int roundings(const recipe *R)
{
  int r = 16;
  for (int id = 0; id < STRIPS; id++) {
    const strip *s = strip_of(R, id);
    if ((id < MAX_TRACKS && id >= R->n_tracks) ||
        (id >= MAX_TRACKS && id < MASTER_ID && id - MAX_TRACKS >= R->n_buses) || s->gone)
      continue;
    r += 4 + 2 * s->n_reg + 2 * s->n_snd + (s->n_post ? 4 : 0);
    for (int k = 0; k < s->n_ins; k++) {
      const insert *in = &s->ins[k];
      r += 4;
      if (in->kind == I_EQ)
        r += 4 * in->n_bands;
      if (in->kind == I_DELAY)
        r += (int)(4 / (1 - in->fb));
      if (in->kind == I_CONV)
        r += 8;
    }
  }
  return r;
}

typedef struct expected {
  char name[TXT];
  sig x;          /* before master.normalize's gain; its bounds */
  int gain;       /* 0: no normalize; 1: the mix's gain; 2: a gain of its own (own version) */
  double gain_db; /* the gain the reference loudness asks for */
} expected;

typedef struct answer {
  bool valid;
  double over[STRIPS]; /* a limiter's input over its safe level, by strip */
  char why[256];
  int64_t N;
  int roundings;
  int n;
  expected o[1 + MAX_STEMS + MAX_VERS + MAX_BUSES];
} answer;

static void answer_free(answer *A)
{
  for (int k = 0; k < A->n; k++)
    sig_free(&A->o[k].x);
}

/* The tracks a stem's or version's name stands for; a bus that no track's
 * main output reaches (a return) in *ret. */
static void named_tracks(const recipe *R, int id, bool *tracks, bool *ret)
{
  if (id >= REF_STEM) {
    const group *s = &R->stem[id - REF_STEM];
    for (int m = 0; m < s->n; m++)
      named_tracks(R, s->ref[m], tracks, NULL);
  } else if (id >= REF_BUS) {
    bool any = false;
    for (int i = 0; i < R->n_tracks; i++)
      if (!R->tr[i].gone && reaches(R, i, id - REF_BUS))
        tracks[i] = any = true;
    if (!any && ret)
      ret[id - REF_BUS] = true;
  } else {
    tracks[id] = true;
  }
}

static expected *add_output(answer *A, const char *name, sig x)
{
  expected *o = &A->o[A->n++];
  memset(o, 0, sizeof *o);
  snprintf(o->name, TXT, "%s", name);
  o->x = x;
  return o;
}

/* Every output the recipe prints, as the docs define it. */
static void compute(const recipe *R, answer *A)
{
  memset(A, 0, sizeof *A);
  A->valid = true;
  A->N = total_frames(R);
  A->roundings = roundings(R);
  if (A->N < 64) {
    A->valid = false;
    snprintf(A->why, sizeof A->why, "%lld frames", (long long)A->N);
    return;
  }
  ref F = {.R = R, .P = pool_of(R->rate), .N = A->N};
  bool all[MAX_TRACKS], none[MAX_BUSES] = {false};
  for (int i = 0; i < MAX_TRACKS; i++)
    all[i] = true;
  sig mix, printed[MAX_BUSES];
  F.check_limits = true;
  eval(&F, all, none, NULL, &mix, printed);
  F.check_limits = false;
  expected *m = add_output(A, "mix", mix);
  double mix_gain = 0;
  if (R->normalize) {
    const double l = loudness(&mix, A->N, R->rate);
    if (!(l > -60)) {
      A->valid = false;
      snprintf(A->why, sizeof A->why, "the mix to normalize measures %g LUFS", l);
    }
    mix_gain = R->target - l;
    m->gain = 1, m->gain_db = mix_gain;
  }
  char name[TXT];
  for (int k = 0; k < R->n_stems && R->split; k++) {
    const group *s = &R->stem[k];
    if (s->gone)
      continue;
    bool on[MAX_TRACKS] = {false}, in[REF_BUS + MAX_BUSES] = {false};
    if (R->split == 1) {
      for (int r = 0; r < s->n; r++)
        named_tracks(R, s->ref[r], on, NULL);
    } else {
      for (int i = 0; i < MAX_TRACKS; i++)
        on[i] = true;
      for (int r = 0; r < s->n; r++)
        in[s->ref[r]] = true;
    }
    sig x;
    eval(&F, on, none, R->split == 2 ? in : NULL, &x, NULL);
    snprintf(name, TXT, "s%d", k);
    expected *o = add_output(A, name, x);
    o->gain = R->normalize ? 1 : 0, o->gain_db = mix_gain;
  }
  for (int k = 0; k < R->n_vers; k++) {
    const group *v = &R->ver[k];
    if (v->gone)
      continue;
    bool named[MAX_TRACKS] = {false}, ret[MAX_BUSES] = {false}, on[MAX_TRACKS], off[MAX_BUSES];
    for (int r = 0; r < v->n; r++)
      named_tracks(R, v->ref[r], named, ret);
    for (int i = 0; i < MAX_TRACKS; i++)
      on[i] = v->keep ? named[i] : !named[i];
    for (int j = 0; j < MAX_BUSES; j++)
      off[j] = v->own && !v->keep && ret[j];
    sig x;
    F.check_limits = v->own;
    eval(&F, on, off, NULL, &x, NULL);
    F.check_limits = false;
    snprintf(name, TXT, "v%d", k);
    expected *o = add_output(A, name, x);
    if (R->normalize && v->own) {
      const double l = loudness(&x, A->N, R->rate);
      if (!(l > -60)) {
        A->valid = false;
        snprintf(A->why, sizeof A->why, "own version %s to normalize measures %g LUFS", name, l);
      }
      o->gain = 2, o->gain_db = R->target - l;
    } else if (R->normalize) {
      o->gain = 1, o->gain_db = mix_gain;
    }
  }
  for (int j = 0; j < R->n_buses; j++) {
    if (!R->bus[j].gone && R->bus[j].print) {
      snprintf(name, TXT, "b%d", j);
      add_output(A, name, printed[j]);
    } else {
      sig_free(&printed[j]);
    }
  }
  for (int id = 0; id < STRIPS; id++)
    if (F.over[id] > 1) {
      A->valid = false;
      A->over[id] = F.over[id];
      snprintf(A->why, sizeof A->why, "a limiter's input comes within %.1f dB of its ceiling",
               9 - 20 * log10(F.over[id]));
    }
  ref_free(&F);
}

/* ---- rendering and comparing ------------------------------------------------ */

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef enum { RUN_OK, RUN_INVALID, RUN_FAIL } outcome;

/* What a run found: a failure's first mismatch, and the figures. */
typedef struct verdict {
  char what[2048];
  double worst_dbfs;  /* the largest |print - reference| */
  double worst_ratio; /* the largest |print - reference| / (u·B), no curve fades on the path */
  double worst_frac;  /* the largest |print - reference| / tolerance */
  int files;
  double t_ref, t_render, t_compare; /* seconds spent */
  double over[STRIPS];               /* refused: a limiter's input over its safe level */
  char worst_at[96];                 /* where worst_ratio is */
  char frac_at[96];                  /* where worst_frac is */
  double worst_gain_db;              /* master.normalize's gain against the reference's */
} verdict;

static bool only_prints(const recipe *R, const char *name)
{
  if (!R->cli || !R->only[0])
    return true;
  char list[sizeof R->only];
  snprintf(list, sizeof list, "%s", R->only);
  const char *kind = strcmp(name, "mix") == 0 ? "mix"
                     : name[0] == 's'         ? "stems"
                     : name[0] == 'v'         ? "versions"
                                              : "buses";
  char *save = NULL;
  for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save))
    if (strcmp(t, name) == 0 || strcmp(t, kind) == 0)
      return true;
  return false;
}

static double dbfs(double x) { return x > 0 ? 20 * log10(x) : -INFINITY; }

/* The gain between a print and its reference (least squares); NAN where
 * the reference is too quiet to tell (under 2^-20, or a thousandth of its
 * path's bound: rounding would move the fit). */
static double fitted_gain(const double *e, const sig *r, int64_t n)
{
  double er = 0, rr = 0, peak = 0;
  for (int64_t i = 0; i < n; i++)
    for (int c = 0; c < 2; c++) {
      er += e[2 * i + c] * r->c[c][i], rr += r->c[c][i] * r->c[c][i];
      peak = fmax(peak, fabs(r->c[c][i]));
    }
  return peak < 0x1p-20 || peak < 1e-3 * r->b ? NAN : er / rr;
}

static bool compare(const recipe *R, const answer *A, const char *outdir, verdict *v)
{
  double *got[1 + MAX_STEMS + MAX_VERS + MAX_BUSES] = {NULL};
  bool printed[1 + MAX_STEMS + MAX_VERS + MAX_BUSES] = {false};
  bool ok = true;
  int want = 0;
  for (int k = 0; k < A->n && ok; k++) {
    const expected *o = &A->o[k];
    printed[k] = only_prints(R, o->name);
    if (!printed[k])
      continue;
    want++;
    char file[TXT + 8];
    snprintf(file, sizeof file, "%s.wav", o->name);
    char *p = tu_path(outdir, file);
    int64_t frames = 0;
    int ch = 0, rate = 0;
    got[k] = tu_read(p, &frames, &ch, &rate);
    free(p);
    if (!got[k] || frames != A->N || ch != 2 || rate != R->rate) {
      snprintf(v->what, sizeof v->what,
               "%s.wav: %s (%lld frames, %d channels at %d Hz; want %lld, 2 at %d)", o->name,
               got[k] ? "not what the recipe prints" : "missing", (long long)frames, ch, rate,
               (long long)A->N, R->rate);
      ok = false;
    }
  }
  if (ok && tu_count_prints(outdir) != want) {
    snprintf(v->what, sizeof v->what, "%d files printed, want %d", tu_count_prints(outdir), want);
    ok = false;
  }
  /* master.normalize: the mix's gain, fitted on the first print that has
   * it and can tell, must be the reference's; each own version's likewise
   * (one too quiet to tell is compared with the reference's gain) */
  double mix_gain = 1;
  bool mix_fitted = false;
  for (int k = 0; k < A->n && ok; k++) {
    const expected *o = &A->o[k];
    if (o->gain == 1 && !mix_fitted)
      mix_gain = pow(10, o->gain_db / 20);
    if (!printed[k] || o->gain == 0 || (o->gain == 1 && mix_fitted))
      continue;
    const double g = fitted_gain(got[k], &o->x, A->N);
    if (isnan(g))
      continue;
    v->worst_gain_db = fmax(v->worst_gain_db, fabs(dbfs(g) - o->gain_db));
    if (fabs(dbfs(g) - o->gain_db) > 0.0005) {
      snprintf(v->what, sizeof v->what,
               "%s.wav: master.normalize applied %.5f dB; the reference loudness asks %.5f dB",
               o->name, dbfs(g), o->gain_db);
      ok = false;
    }
    if (o->gain == 1)
      mix_gain = g, mix_fitted = true;
  }
  for (int k = 0; k < A->n && ok; k++) {
    const expected *o = &A->o[k];
    if (!printed[k])
      continue;
    v->files++;
    double g = o->gain == 0 ? 1 : o->gain == 1 ? mix_gain : fitted_gain(got[k], &o->x, A->N);
    if (isnan(g))
      g = pow(10, o->gain_db / 20);
    const double scale = U32 * o->x.b * fabs(g);
    const double tol = fmax(A->roundings * scale + o->x.s * fabs(g), 0x1p-30);
    for (int64_t i = 0; i < A->N && ok; i++)
      for (int c = 0; c < 2 && ok; c++) {
        const double want_x = g * o->x.c[c][i], d = fabs(got[k][2 * i + c] - want_x);
        v->worst_dbfs = fmax(v->worst_dbfs, dbfs(d));
        if (d / tol > v->worst_frac) {
          v->worst_frac = d / tol;
          snprintf(v->frac_at, sizeof v->frac_at, "%s.wav frame %lld channel %d (%.1f dBFS)",
                   o->name, (long long)i, c, dbfs(d));
        }
        if (scale > 0 && o->x.s == 0 && d / scale > v->worst_ratio) {
          v->worst_ratio = d / scale;
          snprintf(v->worst_at, sizeof v->worst_at, "%s.wav frame %lld channel %d (B %.3g)",
                   o->name, (long long)i, c, o->x.b * fabs(g));
        }
        if (d > tol) {
          snprintf(v->what, sizeof v->what,
                   "%s.wav, frame %lld, channel %d: printed %.9g, reference %.9g (off by %.1f "
                   "dBFS; tolerance %.1f dBFS = %d × 2^-24 × %.3g + %.3g)",
                   o->name, (long long)i, c, got[k][2 * i + c], want_x, dbfs(d), dbfs(tol),
                   A->roundings, o->x.b * fabs(g), o->x.s * fabs(g));
          ok = false;
        }
      }
  }
  for (int k = 0; k < A->n; k++)
    free(got[k]);
  return ok;
}

/* The diagnostics, as text. */
static void diag_text(sp_diags *d, char *out, size_t n)
{
  char *s = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&s, &len);
  sp_diags_print(d, f);
  fclose(f);
  snprintf(out, n, "%s", s ? s : "");
  free(s);
}

/* SP_ORACLE_KEEP=DIR: the last run's recipe, prints and the reference
 * (<name>.ref: interleaved stereo float64) copied into DIR, to look into. */
static void keep(const answer *A, const char *text, const char *outdir)
{
  const char *to = getenv("SP_ORACLE_KEEP");
  if (!to || !*to)
    return;
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' && cp -r '%s'/. '%s'/ 2>/dev/null", to,
           to, outdir, to);
  if (system(cmd) != 0) { /* a run that printed nothing */
  }
  free(tu_write_text(to, "t.yaml", text));
  for (int k = 0; k < A->n; k++) {
    char name[TXT + 8];
    snprintf(name, sizeof name, "%s.ref", A->o[k].name);
    char *p = tu_path(to, name);
    FILE *f = fopen(p, "wb");
    for (int64_t i = 0; f && i < A->N; i++)
      for (int c = 0; c < 2; c++)
        fwrite(&A->o[k].x.c[c][i], sizeof(double), 1, f);
    if (f)
      fclose(f);
    free(p);
  }
}

/* Render R (through the library, or the binary with its options) and
 * compare every print with the reference. */
static outcome run(const recipe *R, verdict *v)
{
  memset(v, 0, sizeof *v);
  v->worst_dbfs = -INFINITY;
  pool *P = pool_of(R->rate);
  char *text = recipe_text(R);
  char *path = tu_write_text(P->dir, "t.yaml", text);
  char *outdir = tu_path(P->dir, "out");
  tu_rmtree(outdir);
  sp_diags d;
  sp_diags_init(&d);
  sp_recipe *r = NULL;
  sp_graph *g = NULL;
  sp_err err = sp_recipe_parse_file(path, &r, &d);
  if (err == SP_OK)
    err = sp_graph_build(r, sp_audio_media(), NULL, &g, &d);
  outcome o = RUN_OK;
  answer A = {0};
  if (err != SP_OK) {
    diag_text(&d, v->what, sizeof v->what);
    o = RUN_INVALID;
  } else {
    const double t = now();
    compute(R, &A);
    v->t_ref = now() - t;
    if (!A.valid) {
      snprintf(v->what, sizeof v->what, "%s", A.why);
      memcpy(v->over, A.over, sizeof v->over);
      o = RUN_INVALID;
    }
  }
  const double t1 = now();
  if (o == RUN_OK && !R->cli) {
    sp_render_opts opts = {.block_frames = R->block, .threads = R->threads};
    sp_render_result res;
    err = sp_print(g, &opts, &res, &d);
    sp_render_result_fini(&res);
    if (err != SP_OK) {
      char t[1536];
      diag_text(&d, t, sizeof t);
      snprintf(v->what, sizeof v->what, "the render failed (%d):\n%s", (int)err, t);
      o = RUN_FAIL;
    }
  } else if (o == RUN_OK) {
    char block[32], jobs[32];
    snprintf(block, sizeof block, "%zu", R->block ? R->block : 8192);
    snprintf(jobs, sizeof jobs, "%d", R->threads ? R->threads : 1);
    const char *args[] = {"render", path, "-q", "--block-frames",
                          block,    "-j", jobs, R->only[0] ? "--only" : NULL,
                          R->only,  NULL};
    char *err_text = NULL;
    const int st = tu_run(args, NULL, &err_text);
    if (st != 0) {
      snprintf(v->what, sizeof v->what, "stemprint render exited %d:\n%s", st, err_text);
      o = RUN_FAIL;
    }
    free(err_text);
  }
  v->t_render = now() - t1;
  const double t2 = now();
  if (o == RUN_OK && !compare(R, &A, outdir, v))
    o = RUN_FAIL;
  v->t_compare = now() - t2;
  keep(&A, text, outdir);
  answer_free(&A);
  sp_diags_fini(&d);
  sp_graph_free(g);
  sp_recipe_free(r);
  tu_rmtree(outdir);
  free(outdir);
  free(path);
  free(text);
  return o;
}

/* ---- shrinking ------------------------------------------------------------- */

static void drop_ref(group *gr, int id, const int *instead, int n_instead)
{
  for (int m = 0; m < gr->n; m++)
    if (gr->ref[m] == id) {
      memmove(&gr->ref[m], &gr->ref[m + 1], (size_t)(gr->n - m - 1) * sizeof *gr->ref);
      gr->n--;
      for (int k = 0; k < n_instead && gr->n < MAX_REFS; k++)
        gr->ref[gr->n++] = instead[k];
      break;
    }
  if (gr->n == 0)
    gr->gone = true;
}

static void drop_track(recipe *R, int i)
{
  R->tr[i].gone = true;
  for (int k = 0; k < R->n_stems; k++)
    if (!R->stem[k].gone)
      drop_ref(&R->stem[k], i, NULL, 0);
  for (int k = 0; k < R->n_vers; k++)
    if (!R->ver[k].gone)
      drop_ref(&R->ver[k], i, NULL, 0);
}

/* A bus leaves: what went to it goes where it went (master, for a bus that
 * fed nothing), sends to it go, and a stem or version that named it names
 * what it stood for. */
static void drop_bus(recipe *R, int j)
{
  int tracks[MAX_TRACKS + MAX_BUSES], n_tracks = 0, inputs[MAX_TRACKS + MAX_BUSES], n_inputs = 0;
  for (int i = 0; i < R->n_tracks; i++)
    if (!R->tr[i].gone && reaches(R, i, j))
      tracks[n_tracks++] = i;
  const int to = R->bus[j].to == TO_NONE ? TO_MASTER : R->bus[j].to;
  for (int id = 0; id < MASTER_ID; id++) {
    if (id >= R->n_tracks && id < MAX_TRACKS)
      continue;
    if (id >= MAX_TRACKS && id - MAX_TRACKS >= R->n_buses)
      continue;
    strip *s = (strip *)strip_of(R, id);
    if (s->gone)
      continue;
    if (s->to == j) {
      s->to = to;
      inputs[n_inputs++] = id < MAX_TRACKS ? id : REF_BUS + id - MAX_TRACKS;
    }
    for (int k = 0; k < s->n_snd; k++)
      if (s->snd[k].to == j) {
        memmove(&s->snd[k], &s->snd[k + 1], (size_t)(s->n_snd - k - 1) * sizeof *s->snd);
        s->n_snd--, k--;
      }
  }
  for (int k = 0; k < R->n_stems; k++)
    if (!R->stem[k].gone)
      drop_ref(&R->stem[k], REF_BUS + j, R->split == 2 ? inputs : tracks,
               R->split == 2 ? n_inputs : n_tracks);
  for (int k = 0; k < R->n_vers; k++)
    if (!R->ver[k].gone)
      drop_ref(&R->ver[k], REF_BUS + j, tracks, n_tracks);
  R->bus[j].gone = true;
}

static void drop_point(autom *a, int p)
{
  memmove(&a->t[p], &a->t[p + 1], (size_t)(a->n - p - 1) * sizeof *a->t);
  memmove(&a->y[p], &a->y[p + 1], (size_t)(a->n - p - 1) * sizeof *a->y);
  memmove(&a->tt[p], &a->tt[p + 1], (size_t)(a->n - p - 1) * sizeof *a->tt);
  a->n--;
}

/* The c-th simplification of an automation: a point less, or a constant. */
#define TRY(cond, action)                                                                          \
  do {                                                                                             \
    if ((cond) && (*c)-- == 0) {                                                                   \
      action;                                                                                      \
      return true;                                                                                 \
    }                                                                                              \
  } while (0)

static bool simpler_autom(autom *a, int *c)
{
  TRY(a->n > 0, (a->v = a->y[0], a->n = 0));
  for (int p = 0; p < a->n; p++)
    TRY(a->n > 1, drop_point(a, p));
  return false;
}

/* Strip s without its insert k; a send tapped after a post_insert that
 * went taps after the one before it (or at the fader). */
static void drop_insert(strip *s, int k)
{
  const int first_post = s->n_ins - s->n_post;
  memmove(&s->ins[k], &s->ins[k + 1], (size_t)(s->n_ins - k - 1) * sizeof *s->ins);
  s->n_ins--;
  if (k < first_post)
    return;
  s->n_post--;
  for (int j = 0; j < s->n_snd; j++)
    if (s->snd[j].after > k - first_post)
      s->snd[j].after--;
}

/* Strip s with its first post_insert moved before the fader. */
static void post_to_pre(strip *s)
{
  s->n_post--;
  for (int j = 0; j < s->n_snd; j++)
    if (s->snd[j].after > 0)
      s->snd[j].after--;
}

static bool simpler_strip(strip *s, int *c)
{
  for (int k = 0; k < s->n_ins; k++)
    TRY(true, drop_insert(s, k));
  for (int k = 0; k < s->n_snd; k++)
    TRY(s->snd[k].after, s->snd[k].after = 0);
  for (int k = 0; k < s->n_snd; k++)
    TRY(s->snd[k].fader, s->snd[k].fader = false);
  TRY(s->n_post, post_to_pre(s));
  for (int k = 0; k < s->n_snd; k++)
    TRY(true, (memmove(&s->snd[k], &s->snd[k + 1], (size_t)(s->n_snd - k - 1) * sizeof *s->snd),
               s->n_snd--));
  for (int k = 0; k < s->n_reg; k++)
    TRY(s->n_reg > 1,
        (memmove(&s->reg[k], &s->reg[k + 1], (size_t)(s->n_reg - k - 1) * sizeof *s->reg),
         s->n_reg--));
  TRY(s->has_gain, s->has_gain = false);
  TRY(s->has_pan, s->has_pan = false);
  TRY(s->has_width, s->has_width = false);
  TRY(s->has_trim, s->has_trim = false);
  TRY(s->invert, s->invert = false);
  TRY(s->mute, s->mute = false);
  TRY(s->solo, s->solo = false);
  TRY(s->print && s->to != TO_NONE, s->print = false);
  if (s->has_gain && simpler_autom(&s->gain, c))
    return true;
  if (s->has_pan && simpler_autom(&s->pan, c))
    return true;
  for (int k = 0; k < s->n_snd; k++) {
    send *d = &s->snd[k];
    TRY(d->has_level, d->has_level = false);
    TRY(d->has_pan, d->has_pan = false);
    TRY(d->pre, d->pre = false);
    if (d->has_level && simpler_autom(&d->level, c))
      return true;
    if (d->has_pan && simpler_autom(&d->pan, c))
      return true;
  }
  for (int k = 0; k < s->n_ins; k++) {
    insert *in = &s->ins[k];
    for (int b = 0; b < in->n_bands; b++)
      TRY(in->n_bands > 1,
          (memmove(&in->b[b], &in->b[b + 1], (size_t)(in->n_bands - b - 1) * sizeof *in->b),
           in->n_bands--));
    TRY(in->kind == I_DELAY && in->pingpong, in->pingpong = false);
    TRY(in->kind == I_DELAY && in->fb > 0, in->fb = 0);
    TRY((in->kind == I_DELAY || in->kind == I_CONV) && in->has_wet,
        (in->has_wet = false, in->wet = 0));
    TRY((in->kind == I_DELAY || in->kind == I_CONV) && in->has_dry,
        (in->has_dry = false, in->dry = -INFINITY));
    TRY(in->kind == I_CONV && in->predelay, in->predelay = 0);
    TRY(in->kind == I_CONV && in->ir != 0, in->ir = 0);
    if (in->kind == I_GAIN && simpler_autom(&in->gain, c))
      return true;
  }
  for (int k = 0; k < s->n_reg; k++) {
    region *r = &s->reg[k];
    TRY(r->at, (r->at = 0, r->at_t[0] = '\0'));
    TRY(r->from, (r->from = 0, r->from_t[0] = '\0', r->len = r->len_t[0] ? r->len : SRC_FRAMES));
    TRY(r->at_t[0] && !strstr(r->at_t, "smp"),
        snprintf(r->at_t, TXT, "%lld smp", (long long)r->at));
    TRY(r->from_t[0] && !strstr(r->from_t, "smp"),
        snprintf(r->from_t, TXT, "%lld smp", (long long)r->from));
    TRY(r->len_t[0] && !strstr(r->len_t, "smp"),
        snprintf(r->len_t, TXT, "%lld smp", (long long)r->len));
    TRY(r->fin && !r->fc[0].n && !strstr(r->fin_t, "smp"),
        snprintf(r->fin_t, TXT, "%lld smp", (long long)r->fin));
    TRY(r->fout && !r->fc[1].n && !strstr(r->fout_t, "smp"),
        snprintf(r->fout_t, TXT, "%lld smp", (long long)r->fout));
    TRY(r->fin, (r->fin = 0, r->fc[0].n = 0));
    TRY(r->fout, (r->fout = 0, r->fc[1].n = 0));
    TRY(r->fc[0].n, r->fc[0].n = 0);
    TRY(r->fc[1].n, r->fc[1].n = 0);
    TRY(r->opaque, r->opaque = false);
    TRY(r->has_gain, r->has_gain = false);
    TRY(r->n_env, r->n_env = 0);
    TRY(s->shorthand == false && s->n_reg == 1 && !r->opaque && !r->has_gain && !r->n_env,
        s->shorthand = true);
  }
  return false;
}

/* Apply the c-th simplification of R; false when there is none left. The
 * big ones first: whole versions, stems, tracks and buses. */
static bool simpler(recipe *R, int c0)
{
  int cc = c0, *c = &cc;
  for (int k = 0; k < R->n_vers; k++)
    TRY(!R->ver[k].gone, R->ver[k].gone = true);
  TRY(R->split, R->split = 0);
  int alive = 0;
  for (int i = 0; i < R->n_tracks; i++)
    alive += !R->tr[i].gone;
  for (int i = 0; i < R->n_tracks; i++)
    TRY(!R->tr[i].gone && alive > 1, drop_track(R, i));
  for (int j = 0; j < R->n_buses; j++)
    TRY(!R->bus[j].gone, drop_bus(R, j));
  TRY(R->normalize, R->normalize = false);
  TRY(R->cli, (R->cli = false, R->only[0] = '\0'));
  TRY(R->block != 0, R->block = 0);
  TRY(R->threads > 1, R->threads = 0);
  TRY(R->length_given, R->length_given = false);
  TRY(R->tail != 0, (R->tail = 0, snprintf(R->tail_t, TXT, "0")));
  TRY(R->tail == 0 && strcmp(R->tail_t, "0") != 0, snprintf(R->tail_t, TXT, "0"));
  TRY(R->law_given, (R->law_given = false, R->law = LAW_3));
  if (simpler_strip(&R->master, c))
    return true;
  for (int j = 0; j < R->n_buses; j++)
    if (!R->bus[j].gone && simpler_strip(&R->bus[j], c))
      return true;
  for (int i = 0; i < R->n_tracks; i++)
    if (!R->tr[i].gone && simpler_strip(&R->tr[i], c))
      return true;
  return false;
}

/* Simplify R while it still fails; *v is the smallest's verdict. */
static int shrink(recipe *R, verdict *v)
{
  recipe *T = xcalloc(1, sizeof *T);
  verdict w;
  int steps = 0;
  for (bool again = true; again;) {
    again = false;
    for (int c = 0;; c++) {
      *T = *R;
      if (!simpler(T, c))
        break;
      if (run(T, &w) == RUN_FAIL) {
        *R = *T;
        *v = w;
        again = true;
        steps++;
        c--; /* the same index is now the next simplification */
      }
    }
  }
  free(T);
  return steps;
}

/* ---- the tests --------------------------------------------------------------- */

static void setup(void)
{
  dir = tu_tmpdir();
  unsetenv("STEMPRINT_CACHE");
}

static void teardown(void)
{
  for (int k = 0; k < N_RATES; k++) {
    for (int s = 0; s < N_SRC; s++)
      free(pools[k].x[s]);
    for (int s = 0; s < N_IR; s++)
      free(pools[k].ir[s]);
    free(pools[k].dir);
  }
  memset(pools, 0, sizeof pools);
  tu_rmtree(dir);
  free(dir);
}

/* The timeouts are the tests' own: a run by hand has none. */
TestSuite(oracle, .init = setup, .fini = teardown);

static long env_long(const char *name, long dflt)
{
  const char *s = getenv(name);
  return s && *s ? strtol(s, NULL, 0) : dflt;
}

static void print_failure(const recipe *R, const verdict *v, int steps)
{
  char *text = recipe_text(R);
  fprintf(stderr,
          "oracle: recipe seed %llu fails (shrunk in %d steps; replay: SP_ORACLE_SEED=%llu "
          "SP_ORACLE_COUNT=1)\n"
          "rendered %s, block %zu, %d threads%s%s\n---\n%s---\n%s\n",
          (unsigned long long)R->seed, steps, (unsigned long long)R->seed,
          R->cli ? "by the binary" : "through the library", R->block, R->threads,
          R->only[0] ? ", --only " : "", R->only, text, v->what);
  free(text);
}

/* A recipe whose limiters would act: each of their strips' trim lowered so
 * that they do not (a limiter's input is its strip's trim times linear
 * inserts). False when that is not what was wrong. */
static bool tame_limiters(recipe *R, const verdict *v)
{
  bool any = false;
  for (int id = 0; id < STRIPS; id++)
    if (v->over[id] > 1) {
      strip *s = (strip *)strip_of(R, id);
      s->trim = (s->has_trim ? s->trim : 0) - ceil(10 * (20 * log10(v->over[id]) + 1)) / 10;
      s->has_trim = true;
      any = true;
    }
  return any;
}

/* Render count recipes from seed0 on and compare each with the reference. */
static void oracle(long count)
{
  const uint64_t seed0 = (uint64_t)env_long("SP_ORACLE_SEED", 1);
  const bool verbose = env_long("SP_ORACLE_VERBOSE", 0) != 0;
  const bool keep_going = env_long("SP_ORACLE_KEEP_GOING", 0) != 0;
  long failed = 0;
  const double t0 = now();
  double worst_dbfs = -INFINITY, worst_ratio = 0, worst_gain_db = 0, worst_frac = 0;
  char frac_at[160] = "";
  double t_ref = 0, t_render = 0, t_compare = 0;
  long drafts = 0, files = 0, by_binary = 0, normalized = 0;
  recipe *R = xcalloc(1, sizeof *R);
  for (long k = 0; k < count; k++) {
    verdict v;
    outcome o;
    int attempt = 0;
    do {
      gen(R, seed0 + (uint64_t)k, attempt++);
      o = run(R, &v);
      if (o == RUN_INVALID && tame_limiters(R, &v))
        o = run(R, &v);
      if (o == RUN_INVALID && verbose) {
        char *text = recipe_text(R);
        fprintf(stderr, "oracle: seed %llu, draft %d refused: %s\n%s", (unsigned long long)R->seed,
                attempt - 1, v.what, text);
        free(text);
      }
      drafts += o == RUN_INVALID;
    } while (o == RUN_INVALID && attempt < 200);
    cr_assert_neq(o, RUN_INVALID, "seed %llu: no valid recipe in 200 drafts; the last: %s",
                  (unsigned long long)R->seed, v.what);
    if (verbose) {
      char *text = recipe_text(R);
      fprintf(
          stderr,
          "oracle: seed %llu: %s, worst %.1f dBFS, %.2f u·B, %.3f tol; block %zu, %d threads%s; "
          "reference %.3f s, render %.3f s; worst u·B at %s\n%s",
          (unsigned long long)R->seed, o == RUN_OK ? "agrees" : "FAILS", v.worst_dbfs,
          v.worst_ratio, v.worst_frac, R->block, R->threads, R->cli ? ", binary" : "", v.t_ref,
          v.t_render, v.worst_at, text);
      free(text);
    }
    if (o == RUN_FAIL && keep_going) {
      fprintf(stderr, "oracle: seed %llu FAILS: %s\n", (unsigned long long)R->seed, v.what);
      failed++;
      continue;
    }
    if (o == RUN_FAIL) {
      const int steps = shrink(R, &v);
      print_failure(R, &v, steps);
      cr_assert_fail("recipe seed %llu: %s", (unsigned long long)R->seed, v.what);
    }
    worst_dbfs = fmax(worst_dbfs, v.worst_dbfs);
    worst_ratio = fmax(worst_ratio, v.worst_ratio);
    if (v.worst_frac > worst_frac)
      snprintf(frac_at, sizeof frac_at, "seed %llu, %s", (unsigned long long)R->seed, v.frac_at);
    worst_frac = fmax(worst_frac, v.worst_frac);
    worst_gain_db = fmax(worst_gain_db, v.worst_gain_db);
    files += v.files;
    t_ref += v.t_ref, t_render += v.t_render, t_compare += v.t_compare;
    by_binary += R->cli;
    normalized += R->normalize;
  }
  free(R);
  fprintf(stderr,
          "oracle: %ld recipes from seed %llu agree (%ld files; %ld by the binary, %ld normalized; "
          "%ld drafts refused): worst residual %.1f dBFS, %.2f u·B, %.3f of the tolerance, "
          "normalize %.5f dB off; %.1f s\n",
          count - failed, (unsigned long long)seed0, files, by_binary, normalized, drafts,
          worst_dbfs, worst_ratio, worst_frac, worst_gain_db, now() - t0);
  fprintf(stderr, "oracle: the largest share of the tolerance: %s\n", frac_at);
  if (verbose)
    fprintf(stderr, "oracle: the reference %.1f s, renders %.1f s, comparing %.1f s\n", t_ref,
            t_render, t_compare);
  cr_expect_eq(failed, 0, "%ld of %ld recipes fail", failed, count);
}

Test(oracle, random_recipes_print_what_the_reference_mixer_computes, .timeout = TU_TIMEOUT(240))
{
  if (getenv("SP_ORACLE_COUNT"))
    cr_skip_test(
        "SP_ORACLE_COUNT is set: oracle::as_many_recipes_as_SP_ORACLE_COUNT_says runs them");
  oracle(DEFAULT_COUNT);
}

/* A run by hand, as long as it takes (no timeout). */
Test(oracle, as_many_recipes_as_SP_ORACLE_COUNT_says)
{
  if (!getenv("SP_ORACLE_COUNT"))
    cr_skip_test("for runs by hand: SP_ORACLE_COUNT=5000 build/tests/test_oracle");
  oracle(env_long("SP_ORACLE_COUNT", DEFAULT_COUNT));
}

/* The oracle notices a wrong answer and shrinks it: with the reference's
 * master 0.001 dB off, a recipe of several tracks and buses fails, and
 * shrinks to one track straight into master. */
Test(oracle, notices_a_master_off_by_a_thousandth_of_a_db_and_shrinks_it_to_one_track,
     .timeout = TU_TIMEOUT(120))
{
  recipe *R = xcalloc(1, sizeof *R);
  verdict v;
  wrong_master = pow(10, 0.001 / 20);
  outcome o = RUN_INVALID;
  for (uint64_t seed = 1; o != RUN_FAIL && seed < 100; seed++) {
    gen(R, seed, 0);
    if (R->n_tracks >= 3 && R->n_buses >= 1 && !R->cli && !R->normalize)
      o = run(R, &v);
  }
  cr_assert_eq(o, RUN_FAIL, "no recipe failed with a wrong reference");
  const int steps = shrink(R, &v);
  int tracks = 0, buses = 0;
  for (int i = 0; i < R->n_tracks; i++)
    tracks += !R->tr[i].gone;
  for (int j = 0; j < R->n_buses; j++)
    buses += !R->bus[j].gone;
  char *text = recipe_text(R);
  cr_expect(tracks == 1 && buses == 0 && R->split == 0 && R->master.n_ins == 0,
            "shrunk in %d steps to %d tracks, %d buses:\n%s%s", steps, tracks, buses, text, v.what);
  cr_expect(strstr(v.what, "mix.wav") != NULL, "%s", v.what);
  free(text);
  wrong_master = 1;
  free(R);
}

/* An EQ whose two bands move: band 0's frequency jumps at frame 1040, in
 * the middle of a control period, while band 1's gain ramps. The piece
 * that starts at 1040 reads band 1's gain there too (docs/recipe.md,
 * Insert parameters that move: each piece with the values at its start);
 * it read it at the period's start, frame 1024 (off by -84 dBFS). */
Test(oracle, a_breakpoint_of_one_parameter_starts_a_piece_for_every_parameter,
     .timeout = TU_TIMEOUT(60))
{
  recipe *R = xcalloc(1, sizeof *R);
  R->seed = 0;
  R->rate = 48000;
  R->law = LAW_3; /* the default */
  snprintf(R->tail_t, TXT, "0");
  R->n_tracks = 1;
  strip *t = &R->tr[0];
  t->n_reg = 1;
  t->shorthand = true;
  t->reg[0].src = 2; /* the chirp */
  t->reg[0].len = SRC_FRAMES;
  t->to = TO_MASTER;
  t->n_ins = 1;
  insert *in = &t->ins[0];
  in->kind = I_EQ;
  in->n_bands = 2;
  band *b = in->b;
  b[0] = (band){.type = B_PEAK,
                .freq = 1000,
                .gain = 12,
                .q = 2,
                .has_gain = true,
                .has_q = true,
                .moves = 1};
  b[0].mv = (autom){.n = 2, .t = {1040, 1040}, .y = {1000, 3000}};
  b[1] = (band){.type = B_HIGHSHELF, .freq = 4000, .q = 1 / sqrt(2), .has_gain = true, .moves = 2};
  b[1].mv = (autom){.n = 2, .t = {0, 4096}, .y = {0, -12}};
  snprintf(b[0].mv.tt[0], TXT, "1040 smp");
  snprintf(b[0].mv.tt[1], TXT, "1040 smp");
  snprintf(b[1].mv.tt[0], TXT, "0 smp");
  snprintf(b[1].mv.tt[1], TXT, "4096 smp");
  verdict v;
  for (size_t block = 1000; block <= 8192; block *= 8) {
    R->block = block;
    const outcome o = run(R, &v);
    cr_expect_eq(o, RUN_OK, "block %zu: %s", block, v.what);
  }
  free(R);
}
