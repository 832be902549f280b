/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_FORMAT_H
#define SP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* The files stemprint prints: containers and sample depths. The lossless
 * formats print the master set (the null test reads it); MP3, Opus and AAC
 * are references made from it (output.also). ALAC and AAC are stored in
 * MPEG-4 audio files (.m4a), through FFmpeg (io/audio/m4a.h). */

/* Every format, once: X(ID, "name", LOSSLESS or LOSSY), in sp_format's
 * order, the lossless ones first. The enum, the names a recipe takes (the
 * parser's, the key rows', so help, the schema and docs/keys.md) are made
 * of it; its descriptor is its row of sp_formats (format.c), its encoder
 * io/audio/audio.c's row of that index. */
#define SP_FORMAT_ROWS(X)                                                                          \
  X(WAV, "wav", LOSSLESS)                                                                          \
  X(FLAC, "flac", LOSSLESS)                                                                        \
  X(AIFF, "aiff", LOSSLESS)                                                                        \
  X(W64, "w64", LOSSLESS)                                                                          \
  X(ALAC, "alac", LOSSLESS)                                                                        \
  X(MP3, "mp3", LOSSY)                                                                             \
  X(OPUS, "opus", LOSSY)                                                                           \
  X(AAC, "aac", LOSSY)

#define SP_FORMAT_ENUM_(id, name, kind) SP_FORMAT_##id,
typedef enum sp_format { SP_FORMAT_ROWS(SP_FORMAT_ENUM_) } sp_format;
#undef SP_FORMAT_ENUM_

#define SP_FORMAT_ONE_(...) +1
enum { SP_FORMATS = 0 SP_FORMAT_ROWS(SP_FORMAT_ONE_) };
#undef SP_FORMAT_ONE_

/* The format names: all, and the lossless ones (what the master set
 * takes), each in sp_format's order, NULL-terminated; what a recipe
 * writes and the file extension. */
extern const char *const sp_format_names[SP_FORMATS + 1];
extern const char *const sp_format_lossless_names[];

/* Every sample depth, once: X(ID, bits, "name", "words", "deep enough",
 * bytes, floor dB) -- as a recipe writes it ("32f"), in words, the depths
 * that hold all of it, a sample's bytes, the quietest level it holds (the
 * graph's noise floor). 32 bits is 32-bit float. */
#define SP_DEPTH_ROWS(X)                                                                           \
  X(16, 16, "16", "16-bit", "16, 24 or 32f", 2, -98.0)                                             \
  X(24, 24, "24", "24-bit", "24 or 32f", 3, -146.0)                                                \
  X(32F, 32, "32f", "32-bit float", "32f", 4, -150.0)

#define SP_DEPTH_ENUM_(id, bits, ...) SP_DEPTH_##id = bits,
typedef enum sp_depth { SP_DEPTH_ROWS(SP_DEPTH_ENUM_) } sp_depth;
#undef SP_DEPTH_ENUM_

/* The depths' names, NULL-terminated: "16", "24", "32f"; their bits. */
extern const char *const sp_depth_names[];
extern const int sp_depth_bits[];

/* What stemprint knows of an output format, one const row per format in
 * sp_formats (format.c, in sp_format's order), as libsndfile and SoX keep a
 * struct per format; its encoder is io/audio/audio.c's row of that index. */
typedef struct sp_format_desc {
  bool lossy;                 /* no depth, a bitrate; the set check reads it back decoded */
  bool float32;               /* stores 32-bit float (FLAC: integers only) */
  bool bwf;                   /* Broadcast WAV: a bext chunk; the ADM BWF's container */
  bool by_count;              /* says its speakers by channel count alone (FLAC, Opus) */
  /* by_count: the counts whose layout (sp_layout_by_count) its files say,
   * bit n for n channels; 0: each up to channels */
  unsigned counts;
  bool cpu_bytes;             /* its encoder's bytes depend on the CPU's features */
  int channels;               /* the most a file holds; 0: as many as a layout has */
  const char *ext;            /* its files' extension when not its name (alac: "m4a") */
  int size_div;               /* lossless: a stereo file's bytes are PCM's / size_div */
  double rate;                /* a set's rate when it names none; 0: the recipe's */
  const double *rates;        /* the rates it takes, 0-terminated; NULL: any whole Hz */
  const char *rates_words;    /* those rates as said to a user */
  int kbps, kbps_lo, kbps_hi; /* lossy: a set's default bitrate, the range it may give */
  const char *kbps_words;     /* said after that range in a message */
  /* Optional (MP3): the bitrates its files take at hz (a set's default is
   * the most), and the least whose files decode in step. */
  void (*kbps_range)(double hz, int *lo_kbps, int *hi_kbps);
  int (*least_kbps)(double hz, int channels);
  /* Optional (AAC): the most its encoder gives files of channels at hz
   * (a set's default no more than a mono file's) */
  int (*most_kbps)(double hz, int channels);
} sp_format_desc;

extern const sp_format_desc sp_formats[SP_FORMATS];

struct sp_layout;
/* Whether a file of format f says the speakers of layout l
 * (core/base/layout.h): a format that says them by its channel count alone
 * (by_count: FLAC, ALAC, Opus, AAC) only those of its count's layout
 * (sp_layout_by_count), the others any (a WAV's channel mask). */
bool sp_format_says_layout(sp_format f, const struct sp_layout *l);
/* Why a file of f cannot say layout l (sp_format_says_layout false), the
 * way around it left to the caller, into buf: "flac says a file's speakers
 * by its channel count alone (4 channels are quad: ...) and", or, of a
 * count whose layout it does not say, "alac holds mono, stereo, 5.0 or 5.1
 * alone (...) and". */
void sp_format_layout_refused(sp_format f, const struct sp_layout *l, char *buf, size_t size);
/* f's layouts by count as said to a user: "mono, stereo, LCR, quad, 5.0,
 * 5.1, 6.1 or 7.1". */
void sp_format_counted_layouts(sp_format f, char *buf, size_t size);

/* Whether f encodes with loss (MP3, Opus, AAC): no depth, a bitrate. */
static inline int sp_format_lossy(sp_format f) { return sp_formats[f].lossy; }
/* A format's name as a recipe writes it and messages say it ("wav", "alac"). */
static inline const char *sp_format_ext(sp_format f) { return sp_format_names[f]; }
/* The extension of a format's files ("wav"; alac and aac: "m4a"). */
static inline const char *sp_format_suffix(sp_format f)
{
  return sp_formats[f].ext ? sp_formats[f].ext : sp_format_names[f];
}
/* The rates f takes, as said to a user ("8, 12, 16, 24 or 48 kHz"). */
static inline const char *sp_format_rates(sp_format f) { return sp_formats[f].rates_words; }

/* A sample depth's row of SP_DEPTH_ROWS. */
typedef struct sp_depth_desc {
  sp_depth depth;
  const char *name, *words, *deep_enough;
  int bytes;
  double floor_db;
} sp_depth_desc;

/* The descriptor of depth d; NULL: no depth. */
const sp_depth_desc *sp_depth_get(sp_depth d);

/* The formats as a list for a message into buf: "wav, flac, aiff, w64 or alac",
 * with lossy_too "wav, flac, aiff, w64, alac, mp3, opus or aac". */
void sp_format_list(int lossy_too, char *buf, size_t size);
/* The lossless formats that hold any count of channels (by a channel mask,
 * or none said), f aside, as a list: "wav or aiff". */
void sp_format_list_wide(sp_format except, char *buf, size_t size);
/* Whether a file of format f can hold sample rate hz (the lossless
 * formats: any whole rate; MP3 and Opus: their encoders' rates). */
int sp_format_takes_rate(sp_format f, double hz);
/* The rate in Hz nearest hz that f takes (hz itself when f takes it; a
 * lossless format: hz rounded to a whole number). */
double sp_format_nearest_rate(sp_format f, double hz);
/* Whether f takes rate hz; if not, 0 after writing into why the rates it
 * takes and the nearest, and nothing else ("opus takes 8, 12, 16, 24 or
 * 48 kHz, not 44.1 kHz; give the set one of them, like rate: 48 kHz"). */
int sp_format_check_rate(sp_format f, double hz, char *why, size_t why_size);
/* The rules of a store set's keys by its format, each stated once here
 * and said in the same words by every reader's check (a song recipe's
 * core/recipe/check.c and its graph's planning, an album recipe's
 * io/album/album_read.c): each returns 1 when the value holds, else 0
 * after writing into why what is wrong and the fix. */

/* A bitrate written for a set of format f (kbps, its row's number): none
 * for a lossless format; a whole number of kbps in the range the format
 * takes at any rate (an MP3's at its rate: sp_format_check_kbps_at). */
int sp_format_check_kbps(sp_format f, double kbps, char *why, size_t why_size);
/* A set of format f's bitrate (kbps, one sp_format_check_kbps takes) at
 * sample rate hz, of files of channels (an MP3's 1 or 2): an MP3's at most
 * its MPEG version's most, and at least the least whose frames hold LAME's
 * info tag (sp_mp3_least_tagged_kbps: below it every player starts the
 * files 1105 samples late); an AAC's at most its encoder's most
 * (sp_aac_most_kbps). Any other format's: held. */
int sp_format_check_kbps_at(sp_format f, double kbps, double hz, int channels, char *why,
                            size_t why_size);
/* A depth d of format f's files (of_set: a set of output.also's, else
 * the master set's; written: d was written for it, not taken from the
 * master set): none written for a lossy format (it encodes floats);
 * 32-bit float only in a format that stores it. */
int sp_format_check_depth(sp_format f, sp_depth d, int written, int of_set, char *why,
                          size_t why_size);
/* The bitrate a set of format f at sample rate hz encodes at when it
 * gives none, a song recipe's set's and an album's: its format's, an
 * MP3's the most its rate takes (320 kbps at 32 kHz and more, 160 at
 * 22.05 kHz), an AAC's no more than its encoder gives a mono file (256
 * kbps at 44.1 kHz and more, 192 at 32 kHz); a lossless set's 160
 * (unused, in a job's key). */
double sp_format_default_kbps(sp_format f, double hz);
/* An MP3's bitrates at sample rate hz, as LAME takes them at a constant
 * bitrate: 32 .. 320 kbps at 32, 44.1 and 48 kHz (MPEG-1), 8 .. 160 at 16,
 * 22.05 and 24 kHz (MPEG-2), 8 .. 64 at 8, 11.025 and 12 kHz (MPEG-2.5). */
void sp_mp3_bitrate_range(double hz, int *lo_kbps, int *hi_kbps);
/* The bitrate LAME encodes at when asked for kbps at hz: the nearest of
 * its version's (128, 160, 192 ...; LAME's FindNearestBitrate). */
int sp_mp3_nearest_kbps(double hz, int kbps);
/* The least of those bitrates whose frames at hz, of 1 or 2 channels, hold
 * LAME's info tag, which tells a decoder the encoder's delay and padding:
 * below it LAME leaves the tag out, and every decoder plays the file 1105
 * samples late and longer than its master (64 kbps at 44.1 and 48 kHz in
 * stereo, 48 at 32 kHz, 56 at 22.05 kHz; 0: none). */
int sp_mp3_least_tagged_kbps(double hz, int channels);
/* The most FFmpeg's AAC encoder gives files of channels at hz: 6144 bits
 * a channel in a frame of 1024 samples (ISO/IEC 14496-3's decoder buffer,
 * its aacenc.c's clamp), 6 · channels · hz / 1000 kbps, rounded down (48
 * kbps a channel at 8 kHz, 264 at 44.1 kHz): above it the encoder gives
 * less than asked, and the report would say what was asked. */
int sp_aac_most_kbps(double hz, int channels);
/* A depth as a recipe writes it: "16", "24", "32f". */
const char *sp_depth_name(sp_depth d);
/* A depth in words, as messages say it: "16-bit", "24-bit", "32-bit float". */
const char *sp_depth_words(sp_depth d);

#endif
