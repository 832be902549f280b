/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libsndfile behind a small streaming API, with safe (temporary + rename)
 * writes. See audio.h for the contract. */

#include "io/audio/audio.h"
#include "io/audio/flac.h"
#include "io/audio/ogg.h"
#include "io/audio/m4a.h"
#include "io/audio/park.h"
#include "io/audio/tagfile.h"
#include "io/audio/riff.h"
#include "core/base/bytes.h"

#include "core/base/alloc.h"
#include "core/base/layout.h"
#include "core/dsp/quantize.h"
#include "core/dsp/simd.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"
#include "io/fs/probe.h"

#include <errno.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <libgen.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How a reader converts: plain PCM in WAV, W64, RF64 or AIFF is read as
 * raw bytes and converted here, straight into planar float (libsndfile's
 * interleaved conversion, then a copy into planes, costs several times
 * more); everything else goes through libsndfile.
 *
 * A raw reader keeps no libsndfile handle once libsndfile has read the
 * header (see detach): it reads the file's samples with pread, from the
 * data offset libsndfile found. A handle is about 18 KB, as much as a
 * mono track's block buffers: most of what a session's memory grows by
 * with its tracks, besides those. */
typedef enum raw_kind { RAW_NONE, RAW_S16, RAW_S24, RAW_S32, RAW_F32 } raw_kind;

/* libsndfile decodes MPEG audio with libmpg123, on a handle of its own
 * (mpg123_new) whose printing it leaves on: libmpg123 then writes its
 * warnings to stderr itself ("Warning: Xing stream size off by more than
 * 1%..." for an MP3 cut short), no file named, before stemprint's own
 * error says what is wrong with the file. The handle is made here: this
 * mpg123_new is the one libsndfile's call binds to (the executable's
 * definition comes first), makes the handle with libmpg123's own and sets
 * it quiet (MPG123_QUIET), so what libmpg123 finds is said by stemprint
 * alone (its reads' errors, a length short of the header's). */
typedef struct mpg123_handle_struct mpg123_handle;
enum { MPG123_ADD_FLAGS_ = 2, MPG123_QUIET_ = 0x20, MPG123_NO_FRANKENSTEIN_ = 0x1000000 };
mpg123_handle *mpg123_new(const char *decoder, int *error);
int mpg123_param(mpg123_handle *h, int type, long value, double fvalue);
int mpg123_param2(mpg123_handle *h, int type, long value, double fvalue);
long mpg123_length(mpg123_handle *h);

static struct {
  mpg123_handle *(*make)(const char *, int *);
  int (*param)(mpg123_handle *, int, long, double);
  int (*param1)(mpg123_handle *, int, long, double); /* mpg123_param's own */
  long (*length)(mpg123_handle *);
  int (*scan)(mpg123_handle *);
} mpg;
static pthread_once_t mpg_once = PTHREAD_ONCE_INIT;

/* An MP3 whose Xing or Info frame says its length holds, where more
 * frames follow the count it says (two MP3s joined with cat), frames
 * that libsndfile reads none of: it sets MPG123_NO_FRANKENSTEIN, which
 * stops libmpg123 at that count, and reads no frame past the length
 * libmpg123 tells at its open. ffmpeg and mpg123's own command read them
 * all (mpg123 unless told --no-frankenstein). So, on the thread that
 * opens such a file (sp_audio_open sets it, see vio's whole): the flag is
 * not set, and its length is the one a scan of all its frames tells,
 * where that is longer than its header's (a file cut short keeps its
 * header's, and is refused as cut short). */
static _Thread_local bool mpg_whole;
/* more frames than its header says: libmpg123 then seeks to another frame
 * than asked past the header's count (416 frames early, the second of two
 * 1 s files joined), and libsndfile in none: such a file is sought by
 * decoding */
static _Thread_local bool mpg_longer;
/* its Xing or Info frame counts no frame (0, or no count: as an encoder
 * writing to a pipe leaves it): libmpg123's length is a guess (from the
 * byte count it says, or the file's size), never held as a promise: read
 * whole, its length none, counted by decoding (and sought so) */
static _Thread_local bool mpg_uncounted;

static void mpg_find(void)
{
  /* libsndfile's libmpg123, loaded with it: RTLD_NEXT needs _GNU_SOURCE */
  void *lib = dlopen("libmpg123.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!lib)
    return;
  *(void **)&mpg.make = dlsym(lib, "mpg123_new");
  /* mpg123.h names mpg123_param2 mpg123_param from 1.32; both are there */
  if (!(*(void **)&mpg.param = dlsym(lib, "mpg123_param2")))
    *(void **)&mpg.param = dlsym(lib, "mpg123_param");
  *(void **)&mpg.param1 = dlsym(lib, "mpg123_param");
  *(void **)&mpg.length = dlsym(lib, "mpg123_length");
  *(void **)&mpg.scan = dlsym(lib, "mpg123_scan");
}

mpg123_handle *mpg123_new(const char *decoder, int *error)
{
  pthread_once(&mpg_once, mpg_find);
  if (!mpg.make) {
    if (error)
      *error = -1; /* MPG123_ERR: no decoder to make one with */
    return NULL;
  }
  mpg123_handle *h = mpg.make(decoder, error);
  if (h && mpg.param)
    mpg.param(h, MPG123_ADD_FLAGS_, MPG123_QUIET_, 0.0);
  return h;
}

/* libsndfile's flags for h, less MPG123_NO_FRANKENSTEIN where the file
 * is read whole (mpg_whole) */
static int mpg_param(int (*fn)(mpg123_handle *, int, long, double), mpg123_handle *h, int type,
                     long value, double fvalue)
{
  pthread_once(&mpg_once, mpg_find);
  if (!fn)
    return -1; /* MPG123_ERR */
  if (mpg_whole && type == MPG123_ADD_FLAGS_)
    value &= ~(long)MPG123_NO_FRANKENSTEIN_;
  return fn(h, type, value, fvalue);
}

int mpg123_param2(mpg123_handle *h, int type, long value, double fvalue)
{
  pthread_once(&mpg_once, mpg_find);
  return mpg_param(mpg.param, h, type, value, fvalue);
}

int mpg123_param(mpg123_handle *h, int type, long value, double fvalue)
{
  pthread_once(&mpg_once, mpg_find);
  return mpg_param(mpg.param1 ? mpg.param1 : mpg.param, h, type, value, fvalue);
}

/* h's length in samples; where its file is read whole (mpg_whole) and a
 * scan of its frames finds more than its header says, none (MPG123_ERR):
 * libsndfile then reads to its last frame, and sp_audio_open counts them
 * by decoding (a scan's count is not always what decoding yields: the
 * header's count also places the gapless trim of its last frame) */
long mpg123_length(mpg123_handle *h)
{
  pthread_once(&mpg_once, mpg_find);
  if (!mpg.length)
    return -1; /* MPG123_ERR */
  const long said = mpg.length(h);
  if (!mpg_whole || said < 0 || !mpg.scan)
    return said;
  mpg_whole = false; /* once: mpg123_scan may ask for the length itself */
  const long all = mpg.scan(h) == 0 ? mpg.length(h) : said;
  mpg_whole = true;
  mpg_longer = all > said || mpg_uncounted;
  return mpg_longer ? -1 : said;
}

/* What libsndfile reads through: the file's shared descriptor
 * (io/fs/probe.h) at a position of this reader's own, with pread, so
 * that readers of one file never move each other. */
typedef struct vio {
  int fd;
  sf_count_t pos, size;
  /* a seek from the end fails: an MPEG stream's length is then found by
   * libmpg123 scanning every frame, not guessed from the file's size */
  bool no_end;
  /* a BW64 (ITU-R BS.2088: RF64's layout under another name, which
   * libsndfile does not know): its first four bytes read as "RF64" */
  bool bw64;
  /* bytes read otherwise than the file holds them: patch_n of patch at
   * patch_at (a data size a pipe's writer left, read as the bytes the
   * file holds: see to_the_end); 0: none */
  uint64_t patch_at;
  int patch_n;
  unsigned char patch[8];
  /* the file's length as told (0: its own): as long as its header says,
   * to count the frames it promises */
  sf_count_t told;
  /* an MPEG stream whose Xing or Info frame says its length: read to its
   * last frame, past that length where more follow (see mpg_whole) */
  bool whole;
  bool longer;    /* and more follow: sought by decoding */
  bool uncounted; /* with whole: its frame counts none (mpg_uncounted) */
} vio;

typedef struct sp_audio_reader {
  sp_reader base;
  SNDFILE *sf; /* NULL once detached */
  int fd;      /* the probe's: shared, read with pread only */
  sp_probe *probe;
  vio io; /* libsndfile's, while sf */
  int channels;
  raw_kind raw;
  bool big_endian;
  int bytes; /* per sample, raw */
  /* detached: the samples are frames × channels × bytes from data_off on */
  int64_t data_off;
  int64_t frames;     /* the frames the file holds: its header's count, or counted by reading */
  int64_t pos;        /* the next frame a read yields */
  struct stat opened; /* the file when opened: a source rewritten since is an error */
  bool is_float;      /* a float or double encoding: may hold NaN or infinity */
  int rate;
  uint32_t mask; /* its channels' speakers, as WAVE_FORMAT_EXTENSIBLE bits; 0: not said */
  /* an Ogg stream in Vorbis channel order (sp_ogg_vorbis_order): each frame read
   * is put back into the mask's order */
  bool vorbis;
  char why[320]; /* what the last read that returned -1 met */

  float *frames_buf; /* interleaved frames for the libsndfile path */
  size_t frames_cap;
} sp_audio_reader;

typedef struct sp_audio_writer {
  sp_sink base;
  SNDFILE *sf;
  /* the temporary file, read-write: its header put right once libsndfile
   * is done, then handed to the readers' table (io/fs/probe.h), so a
   * print read back is not opened again; -1 once handed on */
  int fd;
  char *final_path;
  char *temp_path;
  bool finished;
  /* Little-endian 16- or 24-bit PCM (WAV, RF64, W64) is packed here and
   * handed to libsndfile as raw bytes, BEHIND at a time (its own
   * conversion writes a few kilobytes a call); 0: libsndfile converts. */
  uint32_t mask; /* the channel mask to write (sp_audio_set_mask); 0: none */
  int raw_bytes;
  int channels;
  int rate;
  unsigned char *pending;
  size_t n_pending;
  /* a WAVE written here, not by libsndfile (sp_audio_create_wave): its
   * data's bytes (for the pad byte), and the frame's channel each track
   * of the file takes */
  bool wave;
  uint64_t wave_data;
  int *of;
  bool bext; /* a container with a bext chunk: WAV, RF64 */
  bool ogg;  /* an Ogg stream: its serial number made fixed when finished */
  /* an Opus stream of 3 to 8 channels, written in Vorbis order: each
   * frame reordered here first (sp_ogg_vorbis_order) */
  float *vorbis_buf;
  /* a FLAC or MP3 file's tags (set_tags), written once it is finished
   * (io/audio/tagfile.h); format: its format */
  sp_tags tags;
  sp_format format;
} sp_audio_writer;

static const sp_reader_ops reader_ops;
static const sp_sink_ops sink_ops;
static void reader_close(sp_reader *base);
static void reader_free(sp_audio_reader *r);
static void sink_discard(sp_sink *s);

enum { BEHIND = 1 << 16, VORBIS_FRAMES = 1024 };

static void say(char *why, size_t n, const char *fmt, const char *a)
{
  if (why && n)
    snprintf(why, n, fmt, a);
}

/* Bits per sample of the encoding (0 when libsndfile does not say: a lossy
 * codec); float and double encodings set *is_float. */
static int sample_bits(int format, bool *is_float)
{
  *is_float = false;
  switch (format & SF_FORMAT_SUBMASK) {
  case SF_FORMAT_PCM_S8:
  case SF_FORMAT_PCM_U8: return 8;
  case SF_FORMAT_PCM_16: return 16;
  case SF_FORMAT_PCM_24: return 24;
  case SF_FORMAT_PCM_32: return 32;
  case SF_FORMAT_FLOAT: *is_float = true; return 32;
  case SF_FORMAT_DOUBLE: *is_float = true; return 64;
  default: return 0;
  }
}

/* libsndfile's channel map id of each WAVE_FORMAT_EXTENSIBLE speaker bit,
 * bit b's at [b]. */
static const int speaker_ids[] = {SF_CHANNEL_MAP_LEFT,
                                  SF_CHANNEL_MAP_RIGHT,
                                  SF_CHANNEL_MAP_CENTER,
                                  SF_CHANNEL_MAP_LFE,
                                  SF_CHANNEL_MAP_REAR_LEFT,
                                  SF_CHANNEL_MAP_REAR_RIGHT,
                                  SF_CHANNEL_MAP_FRONT_LEFT_OF_CENTER,
                                  SF_CHANNEL_MAP_FRONT_RIGHT_OF_CENTER,
                                  SF_CHANNEL_MAP_REAR_CENTER,
                                  SF_CHANNEL_MAP_SIDE_LEFT,
                                  SF_CHANNEL_MAP_SIDE_RIGHT,
                                  SF_CHANNEL_MAP_TOP_CENTER,
                                  SF_CHANNEL_MAP_TOP_FRONT_LEFT,
                                  SF_CHANNEL_MAP_TOP_FRONT_CENTER,
                                  SF_CHANNEL_MAP_TOP_FRONT_RIGHT,
                                  SF_CHANNEL_MAP_TOP_REAR_LEFT,
                                  SF_CHANNEL_MAP_TOP_REAR_CENTER,
                                  SF_CHANNEL_MAP_TOP_REAR_RIGHT};
enum { SPEAKER_BITS = sizeof speaker_ids / sizeof speaker_ids[0] };

/* WAVE_FORMAT_EXTENSIBLE's speaker bit of a libsndfile channel map id (as
 * libsndfile maps a mask, and Apple's names that mean the same speaker),
 * or 0. */
static uint32_t speaker_bit(int id)
{
  if (id == SF_CHANNEL_MAP_FRONT_LEFT)
    id = SF_CHANNEL_MAP_LEFT;
  else if (id == SF_CHANNEL_MAP_FRONT_RIGHT)
    id = SF_CHANNEL_MAP_RIGHT;
  else if (id == SF_CHANNEL_MAP_FRONT_CENTER || id == SF_CHANNEL_MAP_MONO)
    id = SF_CHANNEL_MAP_CENTER;
  for (int b = 0; b < SPEAKER_BITS; b++)
    if (speaker_ids[b] == id)
      return 1u << b;
  return 0;
}

/* The channel mask sf's channel map says (WAVE_FORMAT_EXTENSIBLE's, a
 * CAF's layout): each channel's speaker bit, rising, the channels it has
 * no speaker for after them; 0 when it says none or what no mask holds. */
static uint32_t channel_mask(SNDFILE *sf, int channels)
{
  int map[64];
  if (channels > 64 || sf_command(sf, SFC_GET_CHANNEL_MAP_INFO, map,
                                  (int)((size_t)channels * sizeof map[0])) != SF_TRUE)
    return 0;
  uint32_t mask = 0, last = 0;
  bool unassigned = false;
  for (int c = 0; c < channels; c++) {
    const uint32_t bit = speaker_bit(map[c]);
    if (!bit) {
      unassigned = true;
      continue;
    }
    if (unassigned || bit <= last)
      return 0; /* not a mask's order */
    mask |= last = bit;
  }
  return mask;
}

/* The encoders, in sp_format's order (core/recipe/format.h): libsndfile's
 * container; the lossy ones' codec (a lossless one's is the depth's); an
 * encoder level (0: none); whether its integer PCM is little-endian, packed
 * here and written raw. No container (0): an MPEG-4 file written through
 * FFmpeg (io/audio/m4a.h). A WAV over 4 GiB is written as RF64 (EBU Tech
 * 3306), one of more than two channels as WAVE_FORMAT_EXTENSIBLE. */
static const struct {
  int major, codec;
  double level;
  bool le;
} encoders[] = {
    [SP_FORMAT_WAV] = {SF_FORMAT_WAV, 0, 0, true},
    [SP_FORMAT_FLAC] = {SF_FORMAT_FLAC, 0, 2.0 / 8.0, false},
    [SP_FORMAT_AIFF] = {SF_FORMAT_AIFF, 0, 0, false},
    [SP_FORMAT_W64] = {SF_FORMAT_W64, 0, 0, true},
    [SP_FORMAT_ALAC] = {0, 0, 0, false}, /* FFmpeg's: io/audio/m4a.c */
    [SP_FORMAT_MP3] = {SF_FORMAT_MPEG, SF_FORMAT_MPEG_LAYER_III, 0, false},
    [SP_FORMAT_OPUS] = {SF_FORMAT_OGG, SF_FORMAT_OPUS, 0, false},
    [SP_FORMAT_AAC] = {0, 0, 0, false},
};
_Static_assert(sizeof encoders / sizeof *encoders == SP_FORMATS, "an encoder for every format");

/* The name of a container libsndfile reads: an output format's, else its own. */
static const char *container_name(int format)
{
  const int type = format & SF_FORMAT_TYPEMASK, codec = format & SF_FORMAT_SUBMASK;
  for (int f = 0; f < SP_FORMATS; f++)
    if (encoders[f].major == type && (type != SF_FORMAT_OGG || encoders[f].codec == codec))
      return sp_format_ext((sp_format)f);
  return type == SF_FORMAT_WAVEX  ? "wav"
         : type == SF_FORMAT_RF64 ? "rf64"
         : type == SF_FORMAT_OGG  ? "ogg"
         : type == SF_FORMAT_CAF  ? "caf"
                                  : "audio";
}

/* Whether the raw reader r can do without libsndfile: the file position
 * libsndfile seeks to for frame 0 is the data offset, its position for a
 * frame in the middle is where the frame size puts it, the file holds all
 * `frames` from there, and the first bytes read both ways agree. */
static bool detach(sp_audio_reader *r, int64_t frames)
{
  unsigned char a[1024], b[1024];
  const size_t frame_bytes = (size_t)r->channels * (size_t)r->bytes;
  if (frame_bytes > sizeof a || frames < 0 || sf_seek(r->sf, 0, SEEK_SET) != 0)
    return false;
  off_t off = (off_t)r->io.pos;
  struct stat st;
  if (off < 0 || fstat(r->fd, &st) != 0 ||
      (int64_t)frame_bytes * frames > (int64_t)st.st_size - (int64_t)off)
    return false;
  /* (a frame libsndfile seeks to: one it reads, frames may be more) */
  const sf_count_t mid = (frames < r->frames ? frames : r->frames) / 2;
  bool in_step = sf_seek(r->sf, mid, SEEK_SET) == mid &&
                 r->io.pos == (sf_count_t)off + mid * (sf_count_t)frame_bytes;
  if (sf_seek(r->sf, 0, SEEK_SET) != 0 || !in_step)
    return false;
  size_t n = frame_bytes * (size_t)(frames < (int64_t)(sizeof a / frame_bytes)
                                        ? frames
                                        : (int64_t)(sizeof a / frame_bytes));
  if (sf_read_raw(r->sf, a, (sf_count_t)n) != (sf_count_t)n ||
      pread(r->fd, b, n, off) != (ssize_t)n || memcmp(a, b, n) != 0) {
    sf_seek(r->sf, 0, SEEK_SET); /* libsndfile reads it, from the start */
    return false;
  }
  r->data_off = (int64_t)off;
  r->frames = frames;
  r->pos = 0;
  return true;
}

/* Whether g is the GUID of a W64's chunk fourcc: the fourcc, then the
 * twelve bytes every W64 chunk's GUID ends in. */
static bool w64_guid(const unsigned char *g, const char *fourcc)
{
  static const unsigned char tail[12] = {0xF3, 0xAC, 0xD3, 0x11, 0x8C, 0xD1,
                                         0x00, 0xC0, 0x4F, 0x8E, 0xDB, 0x8A};
  return memcmp(g, fourcc, 4) == 0 && memcmp(g + 4, tail, 12) == 0;
}

/* Why libsndfile refused a file whose header it can parse but not use, in
 * words (its own message for a WAV that says 0 Hz is "SF_INFO struct
 * incomplete"); NULL when this is not such a file. */
static const char *header_fault(int fd)
{
  unsigned char h[64];
  ssize_t n = pread(fd, h, sizeof h, 0);
  if (n < 36 || memcmp(h, "RIFF", 4) != 0 || memcmp(h + 8, "WAVEfmt ", 8) != 0)
    return NULL;
  if ((h[22] | h[23] << 8) == 0)
    return "its header gives 0 channels; the file is damaged: export it again";
  if (sp_le32(h + 24) == 0)
    return "its header gives a sample rate of 0 Hz; the file is damaged: export it again";
  if ((h[34] | h[35] << 8) == 0)
    return "its header gives 0 bits per sample; the file is damaged: export it again";
  return NULL;
}

/* What a WAV (RF64, BW64), W64, AIFF (AIFF-C) or CAF header says of its
 * samples, read from the file's own bytes whatever their encoding:
 * libsndfile reads a file whose data is cut short as a shorter file, and
 * refuses one it cannot walk in words of its own ("No 'data' chunk
 * marker", "file is malformed"). */
typedef struct head_said {
  int fd;
  uint64_t size;     /* the file's bytes */
  bool aiff;         /* a RIFF walk's chunks are an AIFF's */
  unsigned channels; /* its format chunk's; 0: none seen */
  /* an AIFF's COMM or a CAF's desc: its sample rate as the file says it
   * (an 80-bit extended or a 64-bit double: NaN and infinities as they
   * are), where rate_said; an extended past what a double holds (over
   * 1.8e308, under 2.2e-308) is rate_hz infinite or 0 and rate_log10 the
   * log10 of its size (else NaN) */
  bool rate_said;
  double rate_hz, rate_log10;
  /* a WAV's (W64's) WAVEFORMAT: its format tag, block align and bits per
   * sample (tag 0: none seen) */
  unsigned tag, align, bits;
  /* its data chunk seen: its samples from data_at on, data_bytes of them
   * (read to the file's end where its size is a placeholder: to_end) */
  bool data;
  uint64_t data_at, data_bytes;
  /* its data size's field: where, its bytes (4 or 8; big-endian where be),
   * and the bytes it counts before the samples (a W64's chunk header, a
   * CAF's edit count, an SSND's offset and block size fields) */
  uint64_t field_at, field_before;
  int field_bytes;
  bool field_be;
  bool to_end; /* its data size a placeholder (see to_the_end) */
  /* a chunk before the data whose size runs past the file's end: its id
   * ("": none), where it starts, and the bytes its header says it holds */
  char over[5];
  uint64_t over_at, over_bytes;
  /* a WAV's bext chunk's TimeReference (bext: it has one) */
  bool bext;
  uint64_t time_ref;
  /* where the header of the chunk the walk was to read next ends: past
   * the file's end, with no data seen, the file ends before any */
  uint64_t next;
} head_said;

/* Whether a data size field says `said` as a writer that cannot go back
 * to its header (it writes to a pipe) leaves it: arecord's 2^31 (aplay.c,
 * to stdout), sox 14.4's 2^31 − 4096 rounded down to whole blocks (within
 * 64 KiB below 2^31), ffmpeg's 2^32 − 1 in a WAV (and sox 14.5's), 2^63 − 1
 * in a W64 (from 2^62 up: a size no file has), a CAF's −1, its spec's
 * "to the end", and an RF64's ds64 of sizes 0 (ffmpeg's, to a pipe: the
 * walk's UINT64_MAX, sp_riff_chunk). Any other size past the file's end is a copy cut short,
 * whatever its size (a 3 GB recording cut by a copy that failed). */
static bool placeholder(uint64_t said)
{
  return (said >= 0x7FFF0000u && said <= 0x80000000u) || said == 0xFFFFFFFFu ||
         said >= (uint64_t)1 << 62;
}

/* The rule for s's data chunk, whose size field says `said` bytes, the
 * samples from s->data_at on: where the data runs past the file's end and
 * `said` is a placeholder (placeholder()), or is less than the
 * bytes it counts before the samples (a size that cannot be: ffmpeg's
 * AIFF SSND of 0), the samples are read to the file's end, as libsndfile
 * and ffmpeg read them; libsndfile is shown the field saying so (vio's
 * patch), and reads the frames the file holds. A smaller size past the
 * end is a copy cut short: refused (cut_short). libsndfile itself reads
 * every WAV's, RF64's and W64's size past the end to the end (its
 * "data : N (should be M)"), cut short or not; a CAF's it refuses. */
static void to_the_end(head_said *s, uint64_t said)
{
  const uint64_t there = s->data_at < s->size ? s->size - s->data_at : 0;
  const bool cannot = said < s->field_before;
  s->data_bytes = cannot ? 0 : said - s->field_before;
  /* a 4-byte field's 2^32 - 1 where more follows: no WAV holds that
   * much (its RIFF size would not fit), its writer could not say more
   * (ffmpeg to a pipe, `-rf64 auto` too: a RIFF) */
  const bool full = s->field_bytes == 4 && said == 0xFFFFFFFFu;
  s->to_end = cannot || ((s->data_bytes > there || full) && placeholder(said));
  if (s->to_end)
    s->data_bytes = there;
}

/* Whether a chunk's body of `bytes` at `at` runs past s's file's end:
 * then noted in s, as over. */
static bool overruns(head_said *s, const char *id, uint64_t head, uint64_t at, uint64_t bytes)
{
  if (at <= s->size && bytes <= s->size - at)
    return false;
  memcpy(s->over, id, 4);
  s->over[4] = '\0';
  s->over_at = at - head;
  s->over_bytes = bytes;
  return true;
}

/* The IEEE 754 80-bit extended number at p (big-endian: an AIFF's COMM
 * sample rate), NaN and infinities as they are; *log10_of the log10 of
 * the size of one a double cannot hold (its exponent past a double's:
 * the value then an infinity or 0), else NaN. */
static double extended_be(const unsigned char *p, double *log10_of)
{
  const int exp = (p[0] & 0x7F) << 8 | p[1];
  uint64_t mant = 0;
  for (int i = 2; i < 10; i++)
    mant = mant << 8 | p[i];
  const double v =
      exp == 0x7FFF ? (mant << 1 ? NAN : INFINITY) : ldexp((double)mant, exp - 16383 - 63);
  *log10_of = exp != 0x7FFF && mant && (isinf(v) || v < DBL_MIN)
                  ? log10((double)mant) + (exp - 16383 - 63) * log10(2.0)
                  : NAN;
  return p[0] & 0x80 ? -v : v;
}

/* Why s's sample rate, as the file says it, is none stemprint reads: NaN,
 * infinite, or out of range where libsndfile's reading of it hides that
 * (it reads an AIFF's NaN and infinity as 67108864 Hz, a negative one as
 * 0 Hz, and refuses a CAF's "SF_INFO struct incomplete"); false when it
 * is one, or not said. */
static bool rate_refused(const head_said *s, char *why, size_t why_size)
{
  if (!s->rate_said)
    return false;
  const char *chunk = s->aiff ? "COMM chunk" : "desc chunk";
  const double hz = s->rate_hz;
  if (isnan(hz))
    snprintf(why, why_size,
             "its %s's sample rate is not a number (NaN); the file is damaged: export it again",
             chunk);
  else if (isinf(hz) && isnan(s->rate_log10))
    snprintf(why, why_size,
             "its %s's sample rate is %s infinity; the file is damaged: export it again", chunk,
             hz < 0 ? "minus" : "plus");
  else if (hz < SP_AUDIO_MIN_RATE || hz > SP_AUDIO_MAX_RATE) {
    char said[48]; /* one past a double's range by its log10: "1.1897315e+4932" */
    if (isnan(s->rate_log10)) {
      snprintf(said, sizeof said, "%.9g", hz);
    } else {
      double e = floor(s->rate_log10), m = pow(10, s->rate_log10 - e);
      if (m >= 9.9999999995) /* what %.9g would round to 10 */
        m = 1, e += 1;
      snprintf(said, sizeof said, "%s%.9ge%+.0f", signbit(hz) ? "-" : "", m, e);
    }
    snprintf(why, why_size,
             "the file says its sample rate is %s Hz; stemprint reads files from %d Hz to %d Hz "
             "(is the file damaged?)",
             said, SP_AUDIO_MIN_RATE, SP_AUDIO_MAX_RATE);
  } else {
    return false;
  }
  return true;
}

/* A RIFF's or an AIFF's chunk into s (sp_riff_walk's fn): 1 at its data. */
static int said_chunk(const sp_riff_chunk *c, void *ctx)
{
  head_said *s = ctx;
  unsigned char b[16];
  const bool got = pread(s->fd, b, 4, (off_t)c->at) == 4;
  s->next = c->at + c->size + (c->size & 1) + 8;
  if (memcmp(c->id, s->aiff ? "COMM" : "fmt ", 4) == 0 && got && c->size >= 4)
    s->channels = s->aiff ? sp_be16(b) : sp_le16(b + 2);
  /* COMM: channels (2 bytes), frames (4), bits (2), then its rate */
  if (s->aiff && memcmp(c->id, "COMM", 4) == 0 && c->size >= 18 &&
      pread(s->fd, b, 10, (off_t)c->at + 8) == 10)
    s->rate_said = true, s->rate_hz = extended_be(b, &s->rate_log10);
  unsigned char tr[8]; /* BWF (EBU Tech 3285): TimeReference at 338, low then high */
  if (!s->aiff && memcmp(c->id, "bext", 4) == 0 && c->size >= 346 &&
      pread(s->fd, tr, 8, (off_t)c->at + 338) == 8)
    s->bext = true, s->time_ref = sp_le64(tr);
  if (!s->aiff && memcmp(c->id, "fmt ", 4) == 0 && c->size >= 16 &&
      pread(s->fd, b, 16, (off_t)c->at) == 16)
    s->tag = sp_le16(b), s->align = sp_le16(b + 12), s->bits = sp_le16(b + 14);
  if (memcmp(c->id, s->aiff ? "SSND" : "data", 4) != 0)
    return overruns(s, c->id, 8, c->at, c->size);
  s->data = true;
  /* an SSND's samples start after its offset field, its block size field
   * and as many bytes as the offset says (AIFF 1.3: a non-zero one aligns them) */
  const uint64_t off = s->aiff && got ? sp_be32(b) : 0;
  s->field_before = s->aiff ? 8 + off : 0;
  s->data_at = c->at + s->field_before;
  s->field_at = c->size_at;
  s->field_bytes = c->size_bytes;
  s->field_be = s->aiff;
  to_the_end(s, c->size);
  return 1;
}

/* The 12 bytes a W64's riff GUID ends in, after "riff". */
static const unsigned char w64_riff_tail[12] = {0x2E, 0x91, 0xCF, 0x11, 0xA5, 0xD6,
                                                0x28, 0xDB, 0x04, 0xC1, 0x00, 0x00};

/* What the header of the file at fd says (see head_said), into *s; false when
 * it is none of those containers. */
static bool header_said(int fd, uint64_t size, head_said *s)
{
  *s = (head_said){.fd = fd, .size = size, .next = 12 + 8};
  unsigned char h[40];
  const ssize_t got = pread(fd, h, sizeof h, 0);
  if (got < 12)
    return false;
  s->aiff = memcmp(h, "FORM", 4) == 0;
  if (sp_riff_walk(fd, SP_RIFF_AIFF, 64, said_chunk, s) >= 0)
    return true;
  /* W64: 24-byte chunk headers (a GUID, then a size that counts them),
   * each chunk padded to 8 bytes, after a 40-byte header (riff's GUID and
   * size, wave's GUID): one shorter ends inside it */
  const bool w64 = memcmp(h, "riff", 4) == 0 &&
                   memcmp(h + 4, w64_riff_tail, got < 16 ? (size_t)got - 4 : 12) == 0 &&
                   (got < (ssize_t)sizeof h || w64_guid(h + 24, "wave"));
  if (w64 && got < (ssize_t)sizeof h) {
    s->next = sizeof h;
    return true;
  }
  if (!w64 && memcmp(h, "caff", 4) != 0)
    return false;
  uint64_t at = w64 ? 40 : 8; /* a CAF's: its 8-byte file header */
  for (int k = 0; k < 64; k++) {
    unsigned char c[24 + 28];
    const int head = w64 ? 24 : 12;
    s->next = at + (uint64_t)head;
    if (pread(fd, c, (size_t)head, (off_t)at) != head)
      break;
    const bool more = pread(fd, c + head, 28, (off_t)(at + head)) == 28;
    const uint64_t n = w64 ? sp_le64(c + 16) : (uint64_t)sp_be32(c + 4) << 32 | sp_be32(c + 8);
    if (w64 && n < 24)
      break;
    const uint64_t bytes = w64 ? n - 24 : n, body = at + head;
    if (more && (w64 ? w64_guid(c, "fmt ") : memcmp(c, "desc", 4) == 0))
      /* a W64's WAVEFORMAT; an AudioStreamBasicDescription: its channels */
      s->channels = w64 ? sp_le16(c + head + 2) : sp_be32(c + head + 24);
    if (more && !w64 && memcmp(c, "desc", 4) == 0) { /* its first field: a big-endian double */
      const uint64_t bits = (uint64_t)sp_be32(c + head) << 32 | sp_be32(c + head + 4);
      memcpy(&s->rate_hz, &bits, sizeof s->rate_hz);
      s->rate_said = true, s->rate_log10 = NAN;
    }
    if (more && w64 && w64_guid(c, "fmt "))
      s->tag = sp_le16(c + head), s->align = sp_le16(c + head + 12),
      s->bits = sp_le16(c + head + 14);
    if (w64 ? w64_guid(c, "data") : memcmp(c, "data", 4) == 0) {
      /* a W64's size counts its chunk's header; a CAF's data begins with
       * its edit count, which its size counts */
      s->data = true;
      s->data_at = w64 ? body : body + 4;
      s->field_at = at + (w64 ? 16 : 4);
      s->field_bytes = 8;
      s->field_be = !w64;
      s->field_before = w64 ? 24 : 4;
      to_the_end(s, n);
      break;
    }
    if (overruns(s, (const char *)c, (uint64_t)head, body, bytes))
      break;
    at = body + (w64 ? (bytes + 7) / 8 * 8 : bytes);
  }
  return true;
}

/* r read through libsndfile with s's data size field saying the bytes
 * its file holds (to_the_end): the field's new bytes, in vio's patch. */
static void say_held(sp_audio_reader *r, const head_said *s)
{
  /* (at most what the field holds: past 4 GiB, a WAV's own; its samples
   * past that read raw, see sp_audio_open) */
  const uint64_t most = s->field_bytes == 4 ? 0xFFFFFFFFu : UINT64_MAX;
  const uint64_t v =
      s->data_bytes + s->field_before < most ? s->data_bytes + s->field_before : most;
  r->io.patch_at = s->field_at;
  r->io.patch_n = s->field_bytes;
  for (int i = 0; i < s->field_bytes; i++)
    r->io.patch[i] = (unsigned char)(v >> 8 * (s->field_be ? s->field_bytes - 1 - i : i));
}

/* The bytes that follow the data chunk of a WAV s says (header_said) that
 * says it holds none (a writer that did not finish the file: it crashed,
 * or wrote to a pipe and could not go back to its header); 0 when it is
 * not so. */
static uint64_t unfinished_wav(const head_said *s)
{
  if (!s->data || s->aiff || s->data_bytes != 0 || s->to_end || s->data_at >= s->size)
    return 0;
  /* an empty one with chunks after it (a LIST of its tags) is finished */
  unsigned char h[8];
  bool chunk =
      pread(s->fd, h, 8, (off_t)s->data_at) == 8 && sp_le32(h + 4) <= s->size - s->data_at - 8;
  for (int k = 0; chunk && k < 4; k++)
    chunk = h[k] >= 0x20 && h[k] < 0x7f;
  return chunk ? 0 : s->size - s->data_at;
}

static SNDFILE *open_sf(sp_audio_reader *r, SF_INFO *si);

/* The frames libsndfile reads of r's file as s says it: as long as its
 * header says (promised), or with its data size saying the bytes it holds;
 * -1 when libsndfile opens neither. r's own reads as they were. */
static int64_t frames_as(sp_audio_reader *r, const head_said *s, bool promised)
{
  const vio was = r->io;
  head_said held = *s;
  if (promised)
    r->io.told = (sf_count_t)(s->data_at + s->data_bytes);
  else {
    held.data_bytes = s->data_at < s->size ? s->size - s->data_at : 0;
    say_held(r, &held);
  }
  SF_INFO si;
  SNDFILE *sf = open_sf(r, &si);
  const int64_t n = sf ? (int64_t)si.frames : -1;
  if (sf)
    sf_close(sf);
  r->io = was;
  return n;
}

/* Whether s's data runs past its file's end; then why says so: the frames
 * its header promises and those it holds (held: those libsndfile reads,
 * or -1 to count them), as libsndfile reads them whatever the encoding
 * (frames_as); in bytes only where libsndfile counts neither. */
static bool cut_short(sp_audio_reader *r, const head_said *s, int64_t held, char *why, size_t size)
{
  if (!s->data || s->to_end || (s->data_at <= s->size && s->data_bytes <= s->size - s->data_at))
    return false;
  const uint64_t there = s->data_at < s->size ? s->size - s->data_at : 0;
  const int64_t promised = frames_as(r, s, true);
  if (held < 0)
    held = frames_as(r, s, false);
  if (promised >= 0 && held >= 0)
    snprintf(why, size,
             "it is cut short: its header promises %lld frames, the file holds %lld; copy or "
             "export it again",
             (long long)promised, (long long)held);
  else
    snprintf(why, size,
             "it is cut short: its header promises %llu bytes of samples, the file holds %llu; "
             "copy or export it again",
             (unsigned long long)s->data_bytes, (unsigned long long)there);
  return true;
}

/* libsndfile reads files of at most this many channels (its SF_MAX_CHANNELS) */
enum { SF_MOST_CHANNELS = 1024 };

/* Why libsndfile refused r's file, which s says (header_said), in words
 * of its own, said in ours: too many channels, data cut short, or a chunk
 * whose size runs past the end; false when s says none of them. */
static bool said_refused(sp_audio_reader *r, const head_said *s, char *why, size_t size)
{
  if (s->channels > SF_MOST_CHANNELS) {
    snprintf(why, size,
             "its header gives %u channels, more than the %d libsndfile reads (stemprint measures "
             "up to %d a file): the file is damaged, or export it again as files of fewer channels",
             s->channels, SF_MOST_CHANNELS, SP_MAX_CHANNELS);
    return true;
  }
  if (cut_short(r, s, -1, why, size))
    return true;
  if (!s->data && !s->over[0] && s->next > s->size) {
    snprintf(why, size,
             "it ends at byte %llu, inside its header, before any audio data: the file is "
             "damaged or cut short; copy or export it again",
             (unsigned long long)s->size);
    return true;
  }
  if (!s->over[0])
    return false;
  char id[5];
  for (int k = 0; k < 5; k++) /* its name as it is, where it is text */
    id[k] = k < 4 && (s->over[k] < 0x20 || s->over[k] > 0x7e) ? '?' : s->over[k];
  snprintf(why, size,
           "its '%s' chunk at byte %llu says it holds %llu bytes, past the file's end (%llu "
           "bytes), before any audio data: the file is damaged or cut short; copy or export it "
           "again",
           id, (unsigned long long)s->over_at, (unsigned long long)s->over_bytes,
           (unsigned long long)s->size);
  return true;
}

/* Whether the WAVEFORMAT s says (header_said) gives a block align other
 * than its channels' samples packed, of whole bytes each, for PCM, float
 * or WAVE_FORMAT_EXTENSIBLE (whose bits are its samples' containers): then
 * why says so. libsndfile reads such samples packed whatever the block
 * align says, and ffmpeg reads them as other audio (24-bit samples in
 * 32-bit slots, a WAVE_FORMAT_EXTENSIBLE's layout under a plain PCM tag,
 * read as noise by both): neither reads the audio it holds. */
static bool misaligned(const head_said *s, char *why, size_t size)
{
  if ((s->tag != 1 && s->tag != 3 && s->tag != 0xFFFE) || !s->channels || !s->bits)
    return false;
  const unsigned packed = s->channels * ((s->bits + 7) / 8);
  if (s->align == packed)
    return false;
  snprintf(why, size,
           "its fmt chunk gives a block align of %u bytes for %u channel%s of %u-bit samples, "
           "which take %u packed (samples in wider slots are said by WAVE_FORMAT_EXTENSIBLE): the "
           "file is damaged or its writer wrong; export it again",
           s->align, s->channels, s->channels == 1 ? "" : "s", s->bits, packed);
  return true;
}

/* r's libsndfile handle back at the file's first frame: sought, or, for a
 * stream libsndfile cannot seek in (an MP3 read with no end, or past its
 * Info frame's count: see sp_audio_open),
 * opened again. False when it cannot. */
static bool rewind_sf(sp_audio_reader *r)
{
  if (!r->io.no_end && !r->io.longer)
    return sf_seek(r->sf, 0, SEEK_SET) == 0;
  SF_INFO si;
  sf_close(r->sf);
  r->sf = open_sf(r, &si);
  return r->sf != NULL;
}

/* Count a file's frames by decoding it (libsndfile cannot tell the length
 * of every stream: a damaged Ogg says SF_COUNT_MAX), up to most; then back
 * to the start. -1 when it cannot. An MP3 read with no end is read in
 * blocks of 192 frames, which divide every MPEG frame's samples (384, 576,
 * 1152): libsndfile drops the samples of a read whose decoding fails, and
 * a block that spans two frames, the second one the file ends inside (a
 * stream's rip, a copy that stopped), took up to 2047 whole frames' with
 * it (mpg123 reads them). *failed: the decoding ended in a failure (for
 * such an MP3: at a frame it could not decode), at byte *at of the file. */
static int64_t count_frames(sp_audio_reader *r, int64_t most, bool *failed, uint64_t *at)
{
  float buf[4096];
  sf_count_t per = (sf_count_t)(sizeof buf / sizeof buf[0]) / r->channels;
  if (r->io.no_end && per > 192)
    per = 192;
  int64_t n = 0;
  for (;;) {
    sf_count_t k = per > 0 ? sf_readf_float(r->sf, buf, per) : -1;
    if (k < 0)
      return -1;
    if (k == 0)
      break;
    n += k;
    if (n > most)
      return n;
  }
  *failed = sf_error(r->sf) != SF_ERR_NO_ERROR;
  *at = (uint64_t)r->io.pos;
  return rewind_sf(r) ? n : -1;
}

/* The subformat of a W64's fmt chunk when it is WAVE_FORMAT_EXTENSIBLE:
 * its GUID's first two bytes (1 PCM, 3 IEEE float, 6 A-law, 7 mu-law); 0
 * when it is not such a chunk. libsndfile reads every such W64 as PCM of
 * its sample width, whatever the subformat says (its w64.c: "extensible
 * might be FLOAT, MULAW, etc as well!"): ffmpeg writes its float W64 so. */
static unsigned w64_extensible_subformat(int fd, unsigned *bits)
{
  unsigned char h[24 + 40];
  uint64_t at = 40; /* past riff's GUID and size, and wave's GUID */
  for (int k = 0; k < 16 && pread(fd, h, sizeof h, (off_t)at) == (ssize_t)sizeof h; k++) {
    const uint64_t size = sp_le64(h + 16);
    *bits = sp_le16(h + 38);
    if (w64_guid(h, "fmt "))
      return sp_le16(h + 24) == 0xFFFE && sp_le16(h + 40) >= 22 ? sp_le16(h + 48) : 0;
    if (size < 24 || size > UINT64_MAX / 2)
      return 0;
    at += (size + 7) / 8 * 8;
  }
  return 0;
}

/* What is said of a W64 of subformat sub (w64_extensible_subformat) and
 * bits a sample that libsndfile reads as integers (read: it opened it)
 * or not at all: what its samples are, and how to convert it. */
static void w64_refused(unsigned sub, unsigned bits, bool read, char *why, size_t size)
{
  snprintf(why, size,
           "it is a W64 whose samples are %u-bit %s (its WAVE_FORMAT_EXTENSIBLE subformat %u), "
           "which libsndfile %s; convert it to WAV first, e.g. ffmpeg -i x.w64 -c:a %s x.wav",
           bits,
           sub == 3   ? "float"
           : sub == 6 ? "A-law"
           : sub == 7 ? "mu-law"
           : sub == 1 ? "integers"
                      : "coded",
           sub, read ? "would read as integers" : "cannot read",
           sub == 3 && bits == 64 ? "pcm_f64le" : "pcm_f32le");
}

/* What libsndfile would play otherwise than a FLAC's frames (fs, what its
 * bytes say: io/audio/flac.h): a second stream after the first (files
 * joined with cat), which it does not read, or frames of another rate
 * than STREAMINFO's, which it plays at STREAMINFO's (ffmpeg at the
 * frames'), refused with the fix (false, said into why); frames that hold
 * more samples than STREAMINFO counts, which it plays to that count, read
 * to the last frame as ffmpeg reads them: r's reads see no count (0, as
 * a writer to a pipe leaves it), and the frames are counted by decoding
 * (sp_audio_open). A stream that counts none and ends inside its last
 * frame plays the whole frames before it, said there. */
static bool flac_frames(sp_audio_reader *r, const sp_flac_said *fs, char *why, size_t why_size)
{
  if (fs->joined_at) {
    snprintf(why, why_size,
             "it holds a second FLAC stream from byte %llu on (files joined with cat), which "
             "libsndfile does not read, and the rest would be lost in silence; join them as "
             "audio, e.g. ffmpeg -i x.flac -c:a flac y.flac",
             (unsigned long long)fs->joined_at);
    return false;
  }
  if (fs->first_rate && fs->first_rate != fs->rate) {
    snprintf(why, why_size,
             "its STREAMINFO says %u Hz and its frames %u Hz: the file is damaged or its writer "
             "wrong (libsndfile would play it at %u Hz, ffmpeg at %u Hz); write it again from "
             "its source, or e.g. ffmpeg -i x.flac y.flac",
             fs->rate, fs->first_rate, fs->rate, fs->first_rate);
    return false;
  }
  if (fs->total > 0 && fs->frames_hold > fs->total &&
      pread(r->fd, r->io.patch, 1, (off_t)fs->total_at) == 1) {
    r->io.patch_at = fs->total_at;
    r->io.patch_n = 5;
    r->io.patch[0] &= 0xF0;
    memset(r->io.patch + 1, 0, 4);
  }
  return true;
}

/* ---- libsndfile's reads through a shared descriptor ---------------------- */

static sf_count_t vio_length(void *u) { return ((vio *)u)->size; }

static sf_count_t vio_seek(sf_count_t offset, int whence, void *u)
{
  vio *v = u;
  if (whence == SEEK_END && v->no_end)
    return -1;
  const sf_count_t to = whence == SEEK_SET   ? offset
                        : whence == SEEK_CUR ? v->pos + offset
                                             : v->size + offset;
  if (to < 0)
    return -1;
  return v->pos = to;
}

static sf_count_t vio_read(void *buf, sf_count_t count, void *u)
{
  vio *v = u;
  const sf_count_t got = (sf_count_t)sp_fs_pread(v->fd, buf, (size_t)count, (uint64_t)v->pos);
  for (sf_count_t i = v->pos; v->bw64 && i < 4 && i < v->pos + got; i++)
    ((char *)buf)[i - v->pos] = "RF64"[i];
  for (int i = 0; i < v->patch_n; i++) {
    const sf_count_t at = (sf_count_t)v->patch_at + i;
    if (at >= v->pos && at < v->pos + got)
      ((unsigned char *)buf)[at - v->pos] = v->patch[i];
  }
  v->pos += got;
  return got;
}

static sf_count_t vio_write(const void *buf, sf_count_t count, void *u)
{
  (void)buf, (void)count, (void)u;
  return 0;
}

static sf_count_t vio_tell(void *u) { return ((vio *)u)->pos; }

static SF_VIRTUAL_IO vio_ops = {vio_length, vio_seek, vio_read, vio_write, vio_tell};

/* libsndfile on r's descriptor, from the start; NULL when it refuses it. */
static SNDFILE *open_sf(sp_audio_reader *r, SF_INFO *si)
{
  unsigned char magic[4];
  r->io.fd = r->fd;
  r->io.pos = 0; /* its patch, its told length and no_end as they were */
  r->io.size = r->io.told ? r->io.told : (sf_count_t)sp_probe_stat(r->probe)->st_size;
  r->io.bw64 = pread(r->fd, magic, 4, 0) == 4 && memcmp(magic, "BW64", 4) == 0;
  memset(si, 0, sizeof *si);
  mpg_whole = r->io.whole;
  mpg_uncounted = r->io.uncounted;
  mpg_longer = false;
  SNDFILE *sf = sf_open_virtual(&vio_ops, SFM_READ, si, &r->io);
  mpg_whole = mpg_uncounted = false;
  r->io.longer = mpg_longer;
  if (sf) {
    /* Integer data read as float is scaled by 1/2^(bits-1), which is exact. */
    sf_command(sf, SFC_SET_NORM_FLOAT, NULL, SF_TRUE);
    sf_command(sf, SFC_SET_NORM_DOUBLE, NULL, SF_TRUE);
    /* Opus decodes at 48 kHz, as ffmpeg (and libopusfile) decode it:
     * libsndfile decodes at the lowest of 8, 12, 16, 24 and 48 kHz at or
     * above its header's input rate, a field RFC 7845 (5.1) makes
     * informational only, 0 where it is unsaid (then 8 kHz: a 10 kHz tone
     * read as silence) */
    int opus_rate = 48000;
    if ((si->format & SF_FORMAT_SUBMASK) == SF_FORMAT_OPUS && si->samplerate != opus_rate &&
        (sf_command(sf, SFC_SET_ORIGINAL_SAMPLERATE, &opus_rate, sizeof opus_rate) != SF_TRUE ||
         sf_command(sf, SFC_GET_CURRENT_SF_INFO, si, sizeof *si) != 0 ||
         si->samplerate != opus_rate)) {
      sf_close(sf);
      return NULL;
    }
  }
  return sf;
}

/* What opening a file learnt, kept with its probe (io/fs/probe.h): a
 * reader as it stood once opened, and the info it gave. */
typedef struct facts {
  sp_audio_reader r; /* its pointers and descriptor not used */
  sp_audio_info info;
  bool decodes; /* through libsndfile (not detached) */
} facts;
_Static_assert(sizeof(facts) <= SP_PROBE_FACTS_MAX, "a reader's facts fit the probe's place");

/* A WAVE's chunks as libsndfile needs them: its fmt, its data, each once
 * and in that order (order: the walk's count of each when first seen). */
typedef struct wave_order {
  int fmt, data, seen;
  int fmt_at, data_at; /* when first seen (1: first) */
} wave_order;

static int order_chunk(const sp_riff_chunk *c, void *ctx)
{
  wave_order *o = ctx;
  o->seen++;
  if (memcmp(c->id, "fmt ", 4) == 0 && o->fmt++ == 0)
    o->fmt_at = o->seen;
  if (memcmp(c->id, "data", 4) == 0 && o->data++ == 0)
    o->data_at = o->seen;
  return 0;
}

/* Why a WAVE (RIFF, RF64, BW64) at fd that libsndfile does not open is
 * not read, where its chunks say (libsndfile says "No 'data' chunk
 * marker" of a file of no fmt, or of its data before its fmt, and "SF_INFO
 * struct incomplete" of two data chunks); false: they do not. */
static bool wave_why(int fd, char *why, size_t why_size)
{
  wave_order o = {0};
  if (sp_riff_walk(fd, 0, 4096, order_chunk, &o) < 0)
    return false;
  if (o.data && !o.fmt)
    say(why, why_size, "%s",
        "its header has no 'fmt ' chunk (how its samples are written), so they cannot be read: "
        "the file is damaged; export it again");
  else if (o.fmt && o.data && o.data_at < o.fmt_at)
    say(why, why_size, "%s",
        "its 'data' chunk comes before its 'fmt ' chunk (how its samples are written), an "
        "order libsndfile does not read; write it again in order, like ffmpeg -i IN.wav -c "
        "copy OUT.wav");
  else if ((o.data > 1 || o.fmt > 1) && why && why_size)
    snprintf(why, why_size,
             "it holds %d '%s' chunks, where a WAV holds one: the file is damaged (two "
             "joined?); export it again",
             o.data > 1 ? o.data : o.fmt, o.data > 1 ? "data" : "fmt ");
  else
    return false;
  return true;
}

/* Why the file at fd, which libsndfile does not open, is not read: what
 * it is where its first bytes say it is no audio (io/fs/kind.h: a
 * SoundFont, a ZIP), where a WAVE's chunks say (wave_why), else
 * libsndfile's words. */
static void not_audio(int fd, char *why, size_t why_size)
{
  unsigned char head[SP_FS_KIND_HEAD];
  const ssize_t n = pread(fd, head, sizeof head, 0);
  const sp_fs_kind *k = n > 0 ? sp_fs_kind_of(head, (size_t)n, false) : NULL;
  if (n == 0)
    say(why, why_size, "%s",
        "it is empty (0 bytes): a copy or a download that failed? copy it again");
  else if (k && !k->audio && why && why_size)
    snprintf(why, why_size, "it is %s, not audio%s%s", k->name, k->note ? ": " : "",
             k->note ? k->note : "");
  /* libsndfile finds an MP3 by a frame where its ID3v2 tag's size says the
   * tag ends (with no name to go by, as it reads here) */
  else if (n >= 10 && memcmp(head, "ID3", 3) == 0 && sf_error(NULL) == SF_ERR_UNRECOGNISED_FORMAT)
    say(why, why_size, "%s",
        "it is an MP3 file (an ID3v2 tag first) whose first frame libsndfile does not find "
        "where its tag says the tag ends (a tag with a footer, bytes before the first frame, "
        "or a tag that says more than it holds); write its frames again, e.g. ffmpeg -i "
        "x.mp3 -c copy y.mp3");
  else if (!wave_why(fd, why, why_size))
    say(why, why_size, "not a readable audio file (libsndfile: %s)", sf_strerror(NULL));
}

/* What the Xing or Info frame an MPEG audio stream opens with (past an
 * ID3v2 tag) says of its length. */
typedef struct mp3_said {
  bool has;           /* such a frame is there */
  uint64_t at;        /* the stream's first byte (past the tag) */
  int64_t frames;     /* the frames it counts; -1: unsaid */
  int64_t bytes;      /* the bytes it says the stream holds; -1: unsaid */
  int samples;        /* a frame's samples: 1152, or 576 (MPEG-2 layer III) */
  int delay, padding; /* its LAME tag's encoder delay and padding; -1: none */
} mp3_said;

static mp3_said mp3_said_of(int fd)
{
  mp3_said m = {.frames = -1, .bytes = -1, .delay = -1, .padding = -1};
  unsigned char b[256];
  if (pread(fd, b, 10, 0) == 10 && memcmp(b, "ID3", 3) == 0) /* its header, size, footer */
    m.at = 10 +
           ((uint64_t)(b[6] & 127) << 21 | (b[7] & 127) << 14 | (b[8] & 127) << 7 | (b[9] & 127)) +
           (b[5] & 0x10 ? 10 : 0);
  /* its header, CRC, side information and the frame's first fields (64
   * bytes; the LAME tag past them where the stream holds it) */
  const ssize_t got = pread(fd, b, sizeof b, (off_t)m.at);
  if (got < 64 || b[0] != 0xFF || (b[1] & 0xE0) != 0xE0)
    return m;
  /* the tag after the header, its CRC and the side information: 32 bytes
   * (MPEG-1 stereo), 17 (MPEG-1 mono, MPEG-2 stereo) or 9 (MPEG-2 mono) */
  const bool mpeg1 = (b[1] >> 3 & 3) == 3, mono = (b[3] >> 6) == 3;
  const int tag = 4 + (b[1] & 1 ? 0 : 2) + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
  const unsigned char *x = b + tag;
  if (memcmp(x, "Xing", 4) != 0 && memcmp(x, "Info", 4) != 0)
    return m;
  m.has = true;
  m.samples = mpeg1 || (b[1] >> 1 & 3) != 1 ? 1152 : 576;
  const uint32_t flags = sp_be32(x + 4);
  const unsigned char *f = x + 8;
  if (flags & 1)
    m.frames = sp_be32(f), f += 4;
  if (flags & 2)
    m.bytes = sp_be32(f), f += 4;
  f += (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0); /* its table of contents, its quality */
  /* a LAME tag (LAME's, FFmpeg's "Lavc"): its encoder's name, then at 21
   * its 12-bit delay and padding */
  if (f + 24 <= b + got && f[0] >= 'A' && f[0] <= 'Z' && f[1] >= 'A' && f[1] <= 'z')
    m.delay = f[21] << 4 | f[22] >> 4, m.padding = (f[22] & 15) << 8 | f[23];
  return m;
}

/* The samples m's counts leave as libmpg123 tells its length (gapless):
 * its frames' less its delay and the decoder's own 529, its padding
 * trimmed only where it is more than those 529; 1 where they are not all
 * said. */
static int64_t mp3_left(const mp3_said *m)
{
  if (m->frames <= 0 || m->delay < 0) /* a count of 0 is none, as libmpg123 reads it */
    return 1;
  return m->frames * m->samples - m->delay - 529 - (m->padding > 529 ? m->padding - 529 : 0);
}

/* Whether the MP3 of size bytes whose opening frames say m (read once,
 * mp3_said_of) may hold frames past its Xing or Info frame's length: it holds at least the bytes
 * its frame says the stream holds (a frame count that says fewer frames than follow, a second
 * stream joined with cat), or no byte count is said. A file cut short holds fewer: it is read as
 * its header says, and refused as cut short (scanned, libmpg123 would read it as if it had no
 * gapless trim at its start). */
static bool mp3_may_hold_more(const mp3_said *m, uint64_t size)
{
  return !m->has || m->bytes < 0 || size - m->at >= (uint64_t)m->bytes;
}

/* A reader of a file opened before, from what that open learnt: a raw
 * reader reads the samples with no more ado; one that decodes through
 * libsndfile gets a handle of its own (its length already counted). */
static sp_err reopen(sp_probe *p, const facts *k, sp_reader **out, sp_audio_info *info, char *why,
                     size_t why_size)
{
  sp_audio_reader *r = sp_xcalloc(1, sizeof *r);
  *r = k->r;
  r->probe = p;
  r->fd = sp_probe_fd(p);
  r->sf = NULL;
  r->frames_buf = NULL;
  r->frames_cap = 0;
  r->why[0] = '\0';
  r->pos = 0;
  if (k->decodes) {
    SF_INFO si;
    if (!(r->sf = open_sf(r, &si))) {
      say(why, why_size, "not a readable audio file (libsndfile: %s)", sf_strerror(NULL));
      reader_close(&r->base);
      return SP_ERR_IO;
    }
  }
  if (info)
    *info = k->info;
  *out = &r->base;
  return SP_OK;
}

sp_err sp_audio_open(const char *path, sp_reader **out, sp_audio_info *info, char *why,
                     size_t why_size)
{
  *out = NULL;
  /* What is at path, links followed, opened once (only a regular file: a
   * FIFO would block open() until a writer comes, a device would stream
   * forever) and probed once, whoever reads it. */
  sp_probe *p;
  if (sp_probe_open(path, &p, why, why_size) != SP_OK)
    return SP_ERR_IO;
  unsigned char head[SP_FS_KIND_HEAD];
  const ssize_t got = pread(sp_probe_fd(p), head, sizeof head, 0);
  const sp_fs_kind *kind = got > 0 ? sp_fs_kind_of(head, (size_t)got, false) : NULL;
  if (kind && kind->demuxer) /* MPEG-4, WavPack: FFmpeg's */
    return sp_m4a_open(p, kind, out, info, why, why_size);
  facts known;
  if (sp_probe_facts(p, SP_PROBE_AUDIO, &known, sizeof known))
    return reopen(p, &known, out, info, why, why_size);
  sp_audio_reader *r = sp_xcalloc(1, sizeof *r);
  r->base.ops = &reader_ops;
  r->probe = p;
  r->fd = sp_probe_fd(p);
  r->opened = *sp_probe_stat(p);
  const int fd = r->fd;
  const char *fault = header_fault(fd);
  head_said hs;
  const bool walked = header_said(fd, (uint64_t)r->opened.st_size, &hs);
  if (walked && hs.to_end) /* a pipe writer's data size: read to the end */
    say_held(r, &hs);
  sp_flac_said fs;
  const bool flac = sp_flac_said_read(fd, (uint64_t)r->opened.st_size, &fs);
  if (flac && !flac_frames(r, &fs, why, why_size)) {
    reader_close(&r->base);
    return SP_ERR_IO;
  }
  SF_INFO si;
  SNDFILE *sf = open_sf(r, &si);
  /* An MP3 whose Xing or Info frame counts fewer samples than its LAME
   * tag's encoder delay and padding trim (a count of 1, a delay or a
   * padding of 4095): libmpg123's length is negative or 0, and with
   * MPG123_NO_FRANKENSTEIN it decodes no frame past the count: libsndfile
   * refuses the file ("File does not exist or is not a regular file"), or
   * reads a few hundred frames of it as the whole. Its frames are there:
   * where the file holds the bytes its frame says, it is read whole
   * (mpg_whole), as one whose count says too few is, to its last frame,
   * its length unknown and counted by decoding (as ffmpeg and mpg123 read
   * it); else it is cut short too, and refused saying both. */
  const mp3_said ms =
      !sf || (si.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG ? mp3_said_of(fd) : (mp3_said){0};
  const bool none_said = ms.has && mp3_left(&ms) <= 0;
  if (none_said && mp3_may_hold_more(&ms, (uint64_t)r->opened.st_size)) {
    if (sf)
      sf_close(sf);
    r->io.whole = true;
    sf = open_sf(r, &si);
  } else if (none_said && sf) {
    /* cut short too: what libsndfile reads of it (none, or a few hundred
     * frames) is not the file; refused saying both */
    sf_close(sf);
    sf = NULL;
  }
  unsigned w64_sub, bits = 0;
  if (!sf) {
    if (fault)
      say(why, why_size, "%s", fault);
    else if (none_said) {
      char cut[128] = ""; /* where it was not read whole: it is cut short */
      if (!r->io.whole)
        snprintf(cut, sizeof cut, ", and it is cut short: it holds %llu of the %lld bytes it says",
                 (unsigned long long)((uint64_t)r->opened.st_size - ms.at), (long long)ms.bytes);
      snprintf(why, why_size,
               "its Xing/Info frame says it holds no audio: it counts %lld frames (%lld "
               "samples), no more than its encoder delay (%d) and padding (%d) trim%s; the file "
               "is damaged: copy or export it again",
               (long long)ms.frames, (long long)ms.frames * ms.samples, ms.delay, ms.padding, cut);
    } else if (walked && rate_refused(&hs, why, why_size))
      ;
    else if ((w64_sub = w64_extensible_subformat(fd, &bits)) > 1) /* 64-bit float, ffmpeg's */
      w64_refused(w64_sub, bits, false, why, why_size);
    else if (!walked || !said_refused(r, &hs, why, why_size))
      not_audio(fd, why, why_size);
    reader_close(&r->base);
    return SP_ERR_IO;
  }
  /* An MP3 without a Xing or Info frame says no length: libmpg123 guesses
   * one from the file's size and its first frame's bitrate, and libsndfile
   * reads no frame past that guess (a variable bitrate file played cut
   * short without a word; a constant one with a tag after its frames read
   * as a copy cut short). Opened with no end to seek to, libmpg123 guesses
   * none: a file whose length is then unknown is read so, its frames
   * counted below and a seek made by decoding (see rewind_sf); one that
   * says its length (a Xing frame, gapless) is opened as before. */
  bool guessed = false; /* an MP3's length libmpg123 guessed, read with its end */
  if ((si.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG) {
    sf_close(sf);
    r->io.no_end = true;
    /* libsndfile 1.2.1 and later scan a stream whose length libmpg123
     * cannot tell (mpg123_scan), which needs its end, and refuse the file
     * when there is none: opened with its end, its frames counted up to
     * the guess (a constant bitrate file, the guess past its last frame,
     * is read to that frame; a variable one no further than the guess) */
    if (!(sf = open_sf(r, &si)) || si.frames != SF_COUNT_MAX) {
      guessed = !sf;
      if (sf)
        sf_close(sf);
      r->io.no_end = false;
      /* its length said by a Xing or Info frame; one that counts no frame
       * read whole, where the file holds the bytes it says (else refused:
       * cut short) */
      r->io.uncounted = ms.has && ms.frames <= 0;
      r->io.whole =
          (r->io.uncounted || !guessed) && mp3_may_hold_more(&ms, (uint64_t)r->opened.st_size);
      if (r->io.uncounted && !r->io.whole) {
        if (why && why_size)
          snprintf(why, why_size,
                   "it is cut short: it holds %llu of the %lld bytes its Xing/Info frame says; "
                   "copy or export it again",
                   (unsigned long long)((uint64_t)r->opened.st_size - ms.at), (long long)ms.bytes);
        reader_close(&r->base);
        return SP_ERR_IO;
      }
      sf = open_sf(r, &si);
    }
    if (!sf) {
      say(why, why_size, "not a readable audio file (libsndfile: %s)", sf_strerror(NULL));
      reader_close(&r->base);
      return SP_ERR_IO;
    }
  }
  r->sf = sf;
  if ((si.format & SF_FORMAT_TYPEMASK) == SF_FORMAT_W64 &&
      (si.format & SF_FORMAT_SUBMASK) != SF_FORMAT_FLOAT) {
    w64_sub = w64_extensible_subformat(r->fd, &bits);
    if (w64_sub == 3 && (si.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_32) /* 32-bit float */
      si.format = (si.format & ~SF_FORMAT_SUBMASK) | SF_FORMAT_FLOAT;
    else if (w64_sub > 1) {
      w64_refused(w64_sub, bits, true, why, why_size);
      reader_close(&r->base);
      return SP_ERR_IO;
    }
  }
  /* the rate as the file says it, which libsndfile's hides (said into why) */
  const bool rate_bad = walked && rate_refused(&hs, why, why_size);
  if (si.channels < 1 || si.samplerate < SP_AUDIO_MIN_RATE || si.samplerate > SP_AUDIO_MAX_RATE ||
      rate_bad) {
    reader_close(&r->base);
    if (rate_bad)
      ;
    else if (si.channels < 1)
      say(why, why_size, "%s", "the file has no audio channels");
    else
      snprintf(why, why_size,
               "the file says its sample rate is %d Hz; stemprint reads files from %d Hz to %d Hz "
               "(is the file damaged?)",
               si.samplerate, SP_AUDIO_MIN_RATE, SP_AUDIO_MAX_RATE);
    return SP_ERR_IO;
  }
  const int wav = si.format & SF_FORMAT_TYPEMASK;
  if (walked && !hs.aiff && misaligned(&hs, why, why_size)) {
    reader_close(&r->base);
    return SP_ERR_IO;
  }
  /* MPEG audio in a WAV (WAVE_FORMAT_MPEG, _MPEGLAYER3): libsndfile
   * promises more frames than it decodes (14136 of 13824), a copy cut
   * short by its words */
  if (walked && !hs.aiff && (hs.tag == 0x50 || hs.tag == 0x55)) {
    snprintf(why, why_size,
             "it holds MPEG audio (an MP3's frames) in a WAV (format tag 0x%X), whose length "
             "libsndfile does not tell; take the MP3 out of it, e.g. ffmpeg -i x.wav -c copy x.mp3",
             hs.tag);
    reader_close(&r->base);
    return SP_ERR_IO;
  }
  const uint64_t unsaid =
      si.frames == 0 && walked && (wav == SF_FORMAT_WAV || wav == SF_FORMAT_WAVEX)
          ? unfinished_wav(&hs)
          : 0;
  if (unsaid) {
    snprintf(why, why_size,
             "its data chunk says it holds nothing, yet %llu bytes follow it: its writer did "
             "not finish the file (it stopped, or wrote to a pipe); export it again, or give it "
             "a header that says them, e.g. ffmpeg -i x.wav -c copy y.wav",
             (unsigned long long)unsaid);
    reader_close(&r->base);
    return SP_ERR_IO;
  }
  /* a file whose data runs past its end, whatever its encoding: cut
   * short (libsndfile reads the frames it holds, a shorter file) */
  if (walked && cut_short(r, &hs, si.frames, why, why_size)) {
    reader_close(&r->base);
    return SP_ERR_IO;
  }
  /* an Ogg stream's length is its last page's: one cut short is read to
   * the page before, silently, where a cut PCM file is refused; and of a
   * chain or a multiplex of streams, libsndfile reads the first alone */
  if (wav == SF_FORMAT_OGG && sp_ogg_refused(fd, (uint64_t)r->opened.st_size, why, why_size)) {
    reader_close(&r->base);
    return SP_ERR_IO;
  }
  r->channels = si.channels;
  r->frames = si.frames;
  /* GSM 6.10 in a WAV (Microsoft's, 320 samples in each 65-byte block):
   * libsndfile counts a block for an odd data chunk's pad byte and decodes
   * it and what follows, 320 frames of noise after the end (to 0 dBFS);
   * the file holds the whole blocks its data chunk holds, as ffmpeg reads
   * them */
  if (walked && (si.format & SF_FORMAT_SUBMASK) == SF_FORMAT_GSM610 && hs.tag == 0x31 &&
      hs.align == 65 && !hs.to_end && (int64_t)(hs.data_bytes / 65 * 320) < r->frames)
    r->frames = (int64_t)(hs.data_bytes / 65 * 320);
  r->rate = si.samplerate;
  /* an AIFF's or a CAF's rate with a fraction (47999.99 Hz, a writer's
   * rounding): libsndfile's is its whole part, a print at 47999 Hz; read
   * as the nearest whole, as ffmpeg reads it */
  if (walked && hs.rate_said && isfinite(hs.rate_hz) && fabs(hs.rate_hz - si.samplerate) < 1)
    r->rate = (int)lround(hs.rate_hz);
  r->mask = channel_mask(sf, si.channels);
  sample_bits(si.format, &r->is_float);
  int type = si.format & SF_FORMAT_TYPEMASK, sub = si.format & SF_FORMAT_SUBMASK,
      end = si.format & SF_FORMAT_ENDMASK;
  /* FLAC says its channels' speakers by their count (RFC 9639, 9.1.3: 3
   * to 8 channels as LCR, quad, 5.0, 5.1, 6.1 and 7.1), or by a Vorbis
   * comment where they are others (two channels too: a centre and LFE
   * pair); libsndfile names none of them */
  static const uint32_t flac_masks[] = {0x7, 0x33, 0x37, 0x3F, 0x70F, 0x63F};
  if (type == SF_FORMAT_FLAC && !r->mask && si.channels > 1 && !sp_flac_tagged_mask(fd, &r->mask) &&
      si.channels > 2 && si.channels <= 8)
    r->mask = flac_masks[si.channels - 3];
  /* Vorbis, and Opus in mapping family 1, hold 3 to 8 channels in Vorbis
   * order, which libsndfile hands on as it is and names no speaker of */
  int at[8];
  if (type == SF_FORMAT_OGG && sp_ogg_vorbis_order(si.channels, at) &&
      (sub == SF_FORMAT_VORBIS || (sub == SF_FORMAT_OPUS && sp_ogg_opus_mapping_family(fd) == 1))) {
    r->vorbis = true;
    r->mask = sp_layout_by_count(si.channels)->mask;
  }
  bool aiff = type == SF_FORMAT_AIFF;
  if ((type == SF_FORMAT_WAV || type == SF_FORMAT_WAVEX || type == SF_FORMAT_W64 ||
       type == SF_FORMAT_RF64 || aiff) &&
      (end == SF_ENDIAN_FILE || end == (aiff ? SF_ENDIAN_BIG : SF_ENDIAN_LITTLE))) {
    r->big_endian = aiff;
    switch (sub) {
    case SF_FORMAT_PCM_16: r->raw = RAW_S16, r->bytes = 2; break;
    case SF_FORMAT_PCM_24: r->raw = RAW_S24, r->bytes = 3; break;
    case SF_FORMAT_PCM_32: r->raw = RAW_S32, r->bytes = 4; break;
    case SF_FORMAT_FLOAT: r->raw = aiff ? RAW_NONE : RAW_F32, r->bytes = 4; break;
    default: break;
    }
  }
  /* A length libsndfile cannot tell, or one past what a day of audio at
   * its rate holds: counted by decoding, or refused. */
  const int64_t longest = (int64_t)SP_AUDIO_MAX_SECONDS * si.samplerate;
  bool cut_frame = false; /* a last frame cut short (an MP3's, an uncounted FLAC's), not played */
  if (r->raw == RAW_NONE && (guessed || si.frames < 0 || si.frames > longest)) {
    bool failed = false;
    uint64_t byte = 0;
    int64_t n = count_frames(r, longest, &failed, &byte);
    /* an MP3 whose decoding failed before its end is damaged there: its
     * frames after would be lost; one whose last frame the file ends
     * inside plays the whole frames before it, as mpg123 plays them, and
     * says so (ffmpeg decodes what the part holds: a frame more) */
    if (n >= 0 && failed && r->io.no_end && byte < (uint64_t)r->opened.st_size) {
      if (why && why_size)
        snprintf(why, why_size,
                 "it cannot be decoded after frame %lld (libmpg123 failed at byte %llu of its "
                 "%llu): the file is damaged there; copy or export it again",
                 (long long)n, (unsigned long long)byte, (unsigned long long)r->opened.st_size);
      reader_close(&r->base);
      return SP_ERR_IO;
    }
    cut_frame = n >= 0 && failed && r->io.no_end;
    cut_frame |= n >= 0 && flac && fs.total == 0 && fs.cut;
    if (n < 0 || n > longest) {
      say(why, why_size,
          n < 0 ? "its length cannot be told, and decoding it to count its frames failed; the "
                  "file is damaged: export it again"
                : "it holds more than %s of audio, the longest file stemprint reads; cut it",
          SP_AUDIO_MAX_TEXT);
      reader_close(&r->base);
      return SP_ERR_IO;
    }
    r->frames = n;
  }
  /* A WAV from a pipe past 4 GiB (a 4-byte data size of 2^32 - 1):
   * libsndfile reads the frames that size says; the rest, to the file's
   * end, are read raw, or the file is refused, never cut short silently */
  int64_t frames = si.frames;
  if (walked && hs.to_end && hs.field_bytes == 4 && hs.data_bytes > 0xFFFFFFFFu - hs.field_before)
    frames =
        r->raw != RAW_NONE ? (int64_t)(hs.data_bytes / ((uint64_t)si.channels * r->bytes)) : -1;
  const bool detached = r->raw != RAW_NONE && frames >= 0 && detach(r, frames);
  if (frames != si.frames && !detached) {
    snprintf(why, why_size,
             "its samples run %llu bytes, past the 4 GiB its header can say (a WAV written to a "
             "pipe); stemprint reads such a file to its end only as PCM or float, and this "
             "one is neither: convert it, e.g. ffmpeg -i x.wav -c:a flac x.flac",
             (unsigned long long)hs.data_bytes);
    reader_close(&r->base);
    return SP_ERR_IO;
  }
  if (detached) {
    sf_close(r->sf);
    r->sf = NULL;
  }
  r->pos = 0;
  facts k;
  memset(&k, 0, sizeof k);
  k.info.frames = r->frames;
  k.info.channels = si.channels;
  k.info.sample_rate = r->rate;
  snprintf(k.info.format, sizeof k.info.format, "%s",
           r->io.bw64 ? "bw64" : container_name(si.format));
  k.info.bits = sample_bits(si.format, &k.info.is_float);
  k.info.mask = r->mask;
  k.info.time_ref_said = walked && hs.bext;
  k.info.time_ref = hs.time_ref;
  snprintf(k.info.unplayed, sizeof k.info.unplayed, "%s",
           cut_frame ? "a last frame it ends inside (a copy or a stream's rip cut short): it plays "
                       "the whole frames before it; copy it again for the rest"
                     : "");
  if (info)
    *info = k.info;
  k.r = *r;
  k.r.sf = NULL;
  k.r.probe = NULL;
  k.decodes = r->sf != NULL;
  sp_probe_learnt(p, SP_PROBE_AUDIO, &k, sizeof k);
  *out = &r->base;
  return SP_OK;
}

/* A 32-bit PCM sample, exactly (float would round it), scaled to ±1. */
static inline double raw_s32(const sp_audio_reader *r, const unsigned char *p)
{
  uint32_t u = r->big_endian
                   ? ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3])
                   : ((uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]);
  return (double)(int32_t)u * 0x1p-31;
}

/* Sample k of the raw bytes p (r->bytes each), as float. Integers are
 * scaled by 2^-(bits−1) after an exact conversion, as libsndfile does. */
static inline float raw_sample(const sp_audio_reader *r, const unsigned char *p)
{
  const bool be = r->big_endian;
  switch (r->raw) {
  case RAW_S16: {
    int16_t v = (int16_t)(be ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]));
    return (float)v * 0x1p-15f;
  }
  case RAW_S24: {
    uint32_t u = be ? ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8)
                    : ((uint32_t)p[2] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 8);
    return (float)((int32_t)u >> 8) * 0x1p-23f;
  }
  case RAW_S32: return (float)raw_s32(r, p); /* the same float: the scale is a power of 2 */
  case RAW_F32: {
    uint32_t u = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
  }
  default: return 0;
  }
}

/* n little-endian 24-bit samples at p, each left-justified in an int32 (a
 * 24-bit value in the top bits converts to float exactly), scaled to ±1:
 * exact, so any way of computing it gives the same floats.
 *
 * Four samples a step from one 16-byte load (twelve bytes used): one byte
 * shuffle puts each sample's three bytes in the top of a 32-bit lane (a
 * zero below), then the lanes convert and scale. Half the time of the plain
 * loop's vector code, which assembles the lanes from widened bytes. The
 * last samples, whose load would reach past the end, go one at a time. */
/* A byte shuffle of a 16-byte vector, a zero where an index is 16 (GCC's
 * and Clang's spellings; one instruction, pshufb, where the CPU has it). */
#if defined(__clang__)
#define SP_BYTES(a, ...) __builtin_shufflevector(a, (v16u){0}, __VA_ARGS__)
#elif defined(__GNUC__)
#define SP_BYTES(a, ...) __builtin_shuffle(a, (v16u){0}, (v16u){__VA_ARGS__})
#endif
#ifdef SP_BYTES
typedef unsigned char v16u __attribute__((vector_size(16)));
typedef int32_t v4i __attribute__((vector_size(16)));
typedef float v4f __attribute__((vector_size(16)));

/* Four 24-bit samples, left-justified in the 32-bit lanes of u, scaled. */
static inline void s24_store4(v16u u, float *dst)
{
  v4i w;
  memcpy(&w, &u, sizeof w);
  const v4f f = __builtin_convertvector(w, v4f) * 0x1p-31f;
  memcpy(dst, &f, sizeof f);
}
#endif

/* One little-endian 24-bit sample at p, scaled to ±1. */
static inline float s24_one(const unsigned char *p)
{
  const uint32_t u = (uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24;
  return (float)(int32_t)u * 0x1p-31f;
}

SP_CLONES
static void s24_float(const unsigned char *restrict p, float *restrict dst, size_t n)
{
  size_t i = 0;
#ifdef SP_BYTES
  for (; i + 6 <= n; i += 4) { /* bytes 3i to 3i + 15 exist: 3i + 16 ≤ 3n */
    v16u b;
    memcpy(&b, p + 3 * i, sizeof b);
    s24_store4(SP_BYTES(b, 16, 0, 1, 2, 16, 3, 4, 5, 16, 6, 7, 8, 16, 9, 10, 11), dst + i);
  }
#endif
  for (; i < n; i++)
    dst[i] = s24_one(p + 3 * i);
}

SP_CLONES
static void widen(const float *restrict x, double *restrict dst, size_t n)
{
  for (size_t i = 0; i < n; i++)
    dst[i] = x[i];
}

/* Samples converted to double through a buffer at a time: 16 KB on the
 * stack, in the L1 cache. */
enum { STAGE = 4096 };

/* Stereo 24-bit frames into the planes, four frames a step: two 16-byte
 * loads (two frames each, at bytes 0 and 12), each shuffled twice, its
 * left samples into two lanes of one vector and its right ones into two
 * of another; no pass to split interleaved floats. The last frames, whose
 * second load would reach past the end, go one at a time. */
SP_CLONES
static void s24_stereo(const unsigned char *restrict p, float *restrict l, float *restrict r,
                       size_t n)
{
  size_t i = 0;
#ifdef SP_BYTES
  for (; i + 5 <= n; i += 4) { /* bytes 6i to 6i + 27 exist: 6i + 28 ≤ 6n */
    v16u a, b;
    memcpy(&a, p + 6 * i, sizeof a);
    memcpy(&b, p + 6 * i + 12, sizeof b);
    s24_store4(SP_BYTES(a, 16, 0, 1, 2, 16, 6, 7, 8, 16, 16, 16, 16, 16, 16, 16, 16) |
                   SP_BYTES(b, 16, 16, 16, 16, 16, 16, 16, 16, 16, 0, 1, 2, 16, 6, 7, 8),
               l + i);
    s24_store4(SP_BYTES(a, 16, 3, 4, 5, 16, 9, 10, 11, 16, 16, 16, 16, 16, 16, 16, 16) |
                   SP_BYTES(b, 16, 16, 16, 16, 16, 16, 16, 16, 16, 3, 4, 5, 16, 9, 10, 11),
               r + i);
  }
#endif
  for (; i < n; i++) {
    l[i] = s24_one(p + 6 * i);
    r[i] = s24_one(p + 6 * i + 3);
  }
}

/* A read met the end of the file before the frames it holds by its header:
 * cut short, or shrunk or rewritten since it was opened. An input error
 * (-1), never a silent end: the rest of the track would be silence. */
static int64_t ended_early(sp_audio_reader *r)
{
  snprintf(r->why, sizeof r->why,
           "ends at frame %lld, before the %lld frames its header promises: the file is cut short, "
           "or it shrank or was rewritten while stemprint read it",
           (long long)r->pos, (long long)r->frames);
  return -1;
}

/* libsndfile failed to decode, the first n of a read given (< 0: none):
 * said at the frame it failed at, with what it means. */
static int64_t sf_failed(sp_audio_reader *r, int64_t n)
{
  const char *said = sf_strerror(r->sf);
  if (strncmp(said, "Error : ", 8) == 0) /* (its decoders' words: "Error : ... sync.") */
    said += 8;
  const size_t len = strlen(said);
  snprintf(r->why, sizeof r->why,
           "cannot be read at frame %lld of the %lld its header promises (libsndfile: %.*s): "
           "the file is damaged or cut short; write it again",
           (long long)(r->pos + (n > 0 ? n : 0)), (long long)r->frames,
           (int)(len && said[len - 1] == '.' ? len - 1 : len), said);
  return -1;
}

/* Raw bytes are read up to RAW_BYTES a call, into a buffer of the calling
 * thread's (a render block's frames of a track in one call, where 1024
 * frames a call cost more in calls than in copying), and converted before
 * the next read on that thread. Nothing is read ahead of what the caller
 * asked: libsndfile's position is always the reader's, and a session of
 * many tracks needs no buffer per track.
 *
 * The buffer is on the heap, freed when its thread ends; only a pointer
 * to it is thread-local. glibc puts a program's static thread-local
 * storage in every thread's stack, and an LV2 plugin may start threads
 * with small stacks: x42's zero-latency convolver starts zita-convolver's
 * with 64 KB, and could not start one at all (EINVAL: it aborted on its
 * own assertion) while this buffer was a 64 KB thread-local array. */
enum { RAW_BYTES = 1 << 16 };

static pthread_key_t raw_key;
static pthread_once_t raw_once = PTHREAD_ONCE_INIT;
static _Thread_local unsigned char *raw_buf;

/* Out of what a thread's buffer needs: as out of memory (core/base/alloc.h). */
static void oom(const char *what)
{
  fprintf(stderr, "stemprint: fatal: out of memory for a thread's read buffer (%s)\n", what);
  abort();
}

static void make_raw_key(void)
{
  if (pthread_key_create(&raw_key, free) != 0)
    oom("pthread_key_create");
}

/* This thread's buffer of RAW_BYTES. */
static unsigned char *raw_buffer(void)
{
  if (!raw_buf) {
    pthread_once(&raw_once, make_raw_key);
    raw_buf = sp_xmalloc(RAW_BYTES);
    if (pthread_setspecific(raw_key, raw_buf) != 0) /* freed when the thread ends */
      oom("pthread_setspecific");
  }
  return raw_buf;
}

void sp_audio_thread_done(void)
{
  if (!raw_buf)
    return;
  (void)pthread_setspecific(raw_key, NULL);
  free(raw_buf);
  raw_buf = NULL;
}

/* Up to `frames` raw frames at *p, valid until this thread's next read;
 * returns how many (0 at the end, -1 on a read error). */
static int64_t raw_frames(sp_audio_reader *r, int64_t frames, const unsigned char **p)
{
  unsigned char *buf = raw_buffer();
  const size_t frame_bytes = (size_t)r->channels * (size_t)r->bytes;
  size_t most = RAW_BYTES / frame_bytes;
  if (most == 0)
    return -1; /* a frame larger than the buffer: more channels than libsndfile allows */
  size_t want = (int64_t)most < frames ? most : (size_t)frames;
  *p = buf;
  if ((int64_t)want > r->frames - r->pos)
    want = (size_t)(r->frames - r->pos);
  size_t bytes = want * frame_bytes, got = 0;
  if (r->sf) {
    sf_count_t k = sf_read_raw(r->sf, buf, (sf_count_t)bytes);
    if (k < 0 || (k < (sf_count_t)bytes && sf_error(r->sf) != SF_ERR_NO_ERROR))
      return sf_failed(r, k / (sf_count_t)frame_bytes);
    got = (size_t)k;
  }
  if (!r->sf) {
    got = sp_fs_pread(r->fd, buf, bytes, (uint64_t)(r->data_off + r->pos * (int64_t)frame_bytes));
    if (got < bytes && errno) {
      snprintf(r->why, sizeof r->why, "cannot read frame %lld: %s", (long long)r->pos,
               strerror(errno));
      return -1;
    }
  }
  r->pos += (int64_t)(got / frame_bytes);
  if (got < bytes)
    return ended_early(r);
  return (int64_t)(got / frame_bytes);
}

/* m raw samples at p, converted into dst (float or double). */
typedef void convert_fn(const sp_audio_reader *r, const unsigned char *p, void *dst, size_t m);

static void to_float(const sp_audio_reader *r, const unsigned char *p, void *dst, size_t m)
{
  float *d = dst;
  for (size_t k = 0; k < m; k++, p += r->bytes)
    d[k] = raw_sample(r, p);
}

static void to_double(const sp_audio_reader *r, const unsigned char *p, void *dst, size_t m)
{
  double *d = dst;
  if (r->raw == RAW_S24 && !r->big_endian) {
    float x[STAGE];
    for (size_t k = 0; k < m; k += STAGE) {
      const size_t j = m - k < STAGE ? m - k : STAGE;
      s24_float(p + 3 * k, x, j);
      widen(x, d + k, j);
    }
    return;
  }
  for (size_t k = 0; k < m; k++, p += r->bytes)
    d[k] = r->raw == RAW_S32 ? raw_s32(r, p) : raw_sample(r, p);
}

/* Up to `frames` interleaved frames from the raw bytes into buf (elements
 * of `size` bytes), converted a read at a time. */
static int64_t read_interleaved(sp_audio_reader *r, void *buf, size_t size, int64_t frames,
                                convert_fn *convert)
{
  const size_t C = (size_t)r->channels;
  int64_t done = 0;
  while (done < frames) {
    const unsigned char *p;
    int64_t n = raw_frames(r, frames - done, &p);
    if (n < 0)
      return -1;
    if (n == 0)
      break;
    convert(r, p, (char *)buf + (size_t)done * C * size, (size_t)n * C);
    done += n;
  }
  return done;
}

/* After libsndfile read n of the frames asked (at most those left): its
 * error, or an end before the frames the file holds. */
static int64_t sf_read_done(sp_audio_reader *r, int64_t asked, sf_count_t n)
{
  if (n < 0 || (n < asked && sf_error(r->sf) != SF_ERR_NO_ERROR))
    return sf_failed(r, n);
  r->pos += n;
  if (n < asked)
    return ended_early(r);
  return n;
}

/* frames, or fewer when fewer are left. */
static int64_t left(const sp_audio_reader *r, int64_t frames)
{
  return frames < r->frames - r->pos ? frames : r->frames - r->pos;
}

static int64_t read_float(sp_audio_reader *r, float *buf, int64_t frames)
{
  if (r->raw == RAW_NONE) {
    frames = left(r, frames);
    const int64_t n = frames > 0 ? sf_read_done(r, frames, sf_readf_float(r->sf, buf, frames)) : 0;
    if (r->vorbis && n > 0)
      sp_ogg_from_vorbis_order(r->channels, buf, sizeof(float), n);
    return n;
  }
  return read_interleaved(r, buf, sizeof *buf, frames, to_float);
}

static int64_t read_planar(sp_audio_reader *r, float *const *ch, int64_t frames)
{
  const size_t C = (size_t)r->channels;
  if (r->raw == RAW_NONE) {
    if (frames > 1024)
      frames = 1024;
    if ((size_t)frames * C > r->frames_cap) {
      r->frames_cap = (size_t)frames * C;
      r->frames_buf = sp_xreallocarray(r->frames_buf, r->frames_cap, sizeof *r->frames_buf);
    }
    int64_t n = read_float(r, r->frames_buf, frames);
    for (size_t c = 0; n > 0 && c < C; c++)
      for (int64_t i = 0; i < n; i++)
        ch[c][i] = r->frames_buf[(size_t)i * C + c];
    return n;
  }
  const size_t frame_bytes = C * (size_t)r->bytes;
  const unsigned char *raw;
  int64_t n = raw_frames(r, frames, &raw);
  if (n <= 0)
    return n;
  if (r->raw == RAW_S24 && !r->big_endian && C <= 2) {
    if (C == 1)
      s24_float(raw, ch[0], (size_t)n);
    else
      s24_stereo(raw, ch[0], ch[1], (size_t)n);
    return n;
  }
  /* One plane at a time, one kind a loop: simple enough to vectorize. */
  for (size_t c = 0; c < C; c++) {
    const unsigned char *p = raw + c * (size_t)r->bytes;
    float *dst = ch[c];
    if (r->raw == RAW_S24 && !r->big_endian)
      for (int64_t i = 0; i < n; i++, p += frame_bytes)
        dst[i] =
            (float)((int32_t)((uint32_t)p[2] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 8) >>
                    8) *
            0x1p-23f;
    else if (r->raw == RAW_S16 && !r->big_endian)
      for (int64_t i = 0; i < n; i++, p += frame_bytes)
        dst[i] = (float)(int16_t)(p[1] << 8 | p[0]) * 0x1p-15f;
    else
      for (int64_t i = 0; i < n; i++, p += frame_bytes)
        dst[i] = raw_sample(r, p);
  }
  return n;
}

static int64_t read_double(sp_audio_reader *r, double *buf, int64_t frames)
{
  /* Raw 16- and 24-bit PCM and float are exact in float, so in double:
   * converted here from the raw bytes; 32-bit PCM straight to double
   * (float would round it), or by libsndfile while it holds the file. */
  if (r->raw == RAW_S16 || r->raw == RAW_S24 || r->raw == RAW_F32 || !r->sf)
    return read_interleaved(r, buf, sizeof *buf, frames, to_double);
  frames = left(r, frames);
  const int64_t n = frames > 0 ? sf_read_done(r, frames, sf_readf_double(r->sf, buf, frames)) : 0;
  if (r->vorbis && n > 0)
    sp_ogg_from_vorbis_order(r->channels, buf, sizeof(double), n);
  return n;
}

/* A float file can hold NaN or infinity, which would poison every sum it
 * reaches (a mix, a meter, a null test): each read of one is checked (a
 * vector maximum of the magnitudes' bits), and a read that met such a
 * sample fails, naming the frame. */
static int64_t non_finite(sp_audio_reader *r, int64_t frame)
{
  snprintf(r->why, sizeof r->why,
           "holds a non-finite sample (NaN or infinity) at frame %lld (%.6f s into the file); the "
           "file is damaged or was exported wrongly: export it again",
           (long long)frame, (double)frame / r->rate);
  return -1;
}

static int64_t reader_float(sp_reader *base, float *buf, int64_t frames)
{
  sp_audio_reader *r = (sp_audio_reader *)base;
  const int64_t at = r->pos, n = read_float(r, buf, frames);
  const size_t count = n > 0 ? (size_t)n * (size_t)r->channels : 0;
  if (r->is_float && count > 0 && sp_max_bits_f32(buf, count, 0x7fffffffu) >= 0x7f800000u)
    for (size_t i = 0; i < count; i++)
      if (!isfinite(buf[i]))
        return non_finite(r, at + (int64_t)(i / (size_t)r->channels));
  return n;
}

int64_t sp_audio_read_planar(sp_reader *base, float *const *ch, int64_t frames)
{
  if (base->ops != &reader_ops) /* an MPEG-4 file's */
    return sp_m4a_read_planar(base, ch, frames);
  sp_audio_reader *r = (sp_audio_reader *)base;
  const int64_t at = r->pos, n = read_planar(r, ch, frames);
  for (int c = 0; n > 0 && r->is_float && c < r->channels; c++)
    if (sp_max_bits_f32(ch[c], (size_t)n, 0x7fffffffu) >= 0x7f800000u)
      for (int64_t i = 0; i < n; i++)
        if (!isfinite(ch[c][i]))
          return non_finite(r, at + i);
  return n;
}

static int64_t reader_double(sp_reader *base, double *buf, int64_t frames)
{
  sp_audio_reader *r = (sp_audio_reader *)base;
  const int64_t at = r->pos, n = read_double(r, buf, frames);
  const size_t count = n > 0 ? (size_t)n * (size_t)r->channels : 0;
  if (r->is_float && count > 0 &&
      sp_max_bits_f64(buf, count, 0x7fffffffffffffffull) >= 0x7ff0000000000000ull)
    for (size_t i = 0; i < count; i++)
      if (!isfinite(buf[i]))
        return non_finite(r, at + (int64_t)(i / (size_t)r->channels));
  return n;
}

/* Whether r seeks by decoding: an MP3 read with no end (see sp_audio_open),
 * or read past its Info frame's count (see mpg_longer) */
static bool seeks_by_decoding(const sp_audio_reader *r)
{
  return r->sf && (r->io.no_end || r->io.longer);
}

static sp_err reader_seek(sp_reader *base, int64_t frame, char *why, size_t why_size)
{
  sp_audio_reader *r = (sp_audio_reader *)base;
  if (frame < 0 || frame > r->frames) {
    say(why, why_size, "%s", "cannot seek (past the end of the file)");
    return SP_ERR_IO;
  }
  if (seeks_by_decoding(r)) { /* decoded up to it, from the start when it is behind */
    if (frame < r->pos) {
      if (!rewind_sf(r)) {
        say(why, why_size, "cannot seek (libsndfile: %s)", sf_strerror(NULL));
        return SP_ERR_IO;
      }
      r->pos = 0;
    }
    float buf[4096];
    while (r->pos < frame) {
      const int64_t per = (int64_t)(sizeof buf / sizeof buf[0]) / r->channels,
                    k = read_float(r, buf, frame - r->pos < per ? frame - r->pos : per);
      if (k <= 0) {
        say(why, why_size, "cannot seek (%s)", k < 0 ? r->why : "the file ended");
        return SP_ERR_IO;
      }
    }
    return SP_OK;
  }
  if (r->sf && sf_seek(r->sf, frame, SEEK_SET) < 0) {
    say(why, why_size, "cannot seek (%s)", sf_strerror(r->sf));
    return SP_ERR_IO;
  }
  r->pos = frame;
  return SP_OK;
}

static const char *reader_error(const sp_reader *r) { return ((const sp_audio_reader *)r)->why; }

sp_err sp_audio_unchanged(const sp_reader *base, char *why, size_t why_size)
{
  const sp_probe *p = sp_m4a_reader_probe(base); /* an MPEG-4 file's: its probe's */
  const sp_audio_reader *r = (const sp_audio_reader *)base;
  const int fd = p ? sp_probe_fd(p) : r->fd;
  const struct stat *was = p ? sp_probe_stat(p) : &r->opened;
  struct stat now;
  /* the change time too: a write whose modification time was put back
   * (same size, same mtime) still moved it, and no call can set it */
  if (fstat(fd, &now) != 0 || now.st_size != was->st_size ||
      now.st_mtim.tv_sec != was->st_mtim.tv_sec || now.st_mtim.tv_nsec != was->st_mtim.tv_nsec ||
      now.st_ctim.tv_sec != was->st_ctim.tv_sec || now.st_ctim.tv_nsec != was->st_ctim.tv_nsec) {
    say(why, why_size, "%s",
        "changed while stemprint read it (its size, modification or change time is not what it "
        "was when opened); render again once nothing writes to it");
    return SP_ERR_IO;
  }
  return SP_OK;
}

static void reader_free(sp_audio_reader *r)
{
  if (r->sf)
    sf_close(r->sf);
  sp_probe_release(r->probe);
  free(r->frames_buf);
  free(r);
}

/* ---- parked where it stopped (io/audio/park.h) --------------------------- */

static void reader_free_base(sp_reader *base) { reader_free((sp_audio_reader *)base); }

/* An MP3 of no stated length, read with no end: reader_seek decodes it. */

static void reader_close(sp_reader *base)
{
  sp_audio_reader *r = (sp_audio_reader *)base;
  if (seeks_by_decoding(r) && r->pos > 0 && r->pos < r->frames && !r->why[0])
    sp_park(base, r->probe, r->pos, reader_free_base);
  else
    reader_free(r);
}

sp_err sp_audio_seek_near(sp_reader **rd, int64_t frame, char *why, size_t why_size)
{
  const sp_audio_reader *r = (const sp_audio_reader *)*rd;
  const bool own = (*rd)->ops == &reader_ops;
  const sp_probe *file = own ? (seeks_by_decoding(r) ? r->probe : NULL) : sp_m4a_reader_probe(*rd);
  sp_reader *took = file ? sp_park_take(file, own ? r->pos : sp_m4a_reader_pos(*rd), frame) : NULL;
  if (took) { /* its place taken */
    (*rd)->ops->close(*rd);
    *rd = took;
  }
  return (*rd)->ops->seek(*rd, frame, why, why_size);
}

static const sp_reader_ops reader_ops = {reader_float, reader_double,       reader_seek,
                                         reader_error, reader_close,        sp_audio_read_planar};

static int sf_format_of(sp_format f, sp_depth d, int channels, int64_t frames)
{
  if (encoders[f].codec)
    return encoders[f].major | encoders[f].codec;
  int major = encoders[f].major;
  const int64_t bytes = frames * channels * sp_depth_get(d)->bytes;
  if (major == SF_FORMAT_WAV)
    major = bytes > ((int64_t)1 << 32) - (1 << 20) ? SF_FORMAT_RF64
            : channels > 2                         ? SF_FORMAT_WAVEX
                                                   : major;
  return major | (d == SP_DEPTH_16   ? SF_FORMAT_PCM_16
                  : d == SP_DEPTH_24 ? SF_FORMAT_PCM_24
                                     : SF_FORMAT_FLOAT);
}

/* The temporary file beside final_path (read-write: handed to the
 * readers' table once written), its name into *temp; -1 with why. */
static int make_temp(const char *final_path, char **temp, char *why, size_t why_size)
{
  *temp = NULL;
  /* a name a file cannot take (a device, a FIFO, a folder) refused now,
   * not at the commit after the whole render */
  if (!sp_fs_refuse_print_at(final_path, why, why_size))
    return -1;
  *temp = sp_fs_temp_template(final_path);
  int fd = mkstemp(*temp);
  if (fd < 0) {
    say(why, why_size, "cannot create a file in the output folder: %s", strerror(errno));
    free(*temp);
    *temp = NULL;
    return -1;
  }
  /* mkstemp makes the file 0600; outputs are ordinary files (0666 & ~umask). */
  fchmod(fd, sp_fs_file_mode());
  fcntl(fd, F_SETFD, FD_CLOEXEC); /* kept once written (w->fd): no child's */
  return fd;
}

/* A writer of channels on fd (temp beside final_path), its packed bytes
 * `bytes` a sample when not 0. */
static sp_audio_writer *new_writer(int fd, char *temp, const char *final_path, int channels,
                                   int bytes)
{
  sp_audio_writer *w = sp_xcalloc(1, sizeof *w);
  w->base.ops = &sink_ops;
  w->fd = fd;
  w->channels = channels;
  if (bytes) {
    w->raw_bytes = bytes;
    w->pending = sp_xmalloc(BEHIND);
  }
  w->final_path = sp_xstrdup(final_path);
  w->temp_path = temp;
  return w;
}

sp_err sp_audio_create(const char *final_path, sp_format format, sp_depth depth, int channels,
                       int sample_rate, int64_t frames, sp_sink **out, char *why, size_t why_size)
{
  *out = NULL;
  char *temp;
  const int fd = make_temp(final_path, &temp, why, why_size);
  if (fd < 0)
    return SP_ERR_IO;
  if (!encoders[format].major)
    return sp_m4a_create(fd, temp, final_path, format, depth, channels, sample_rate, out, why,
                         why_size);
  SF_INFO si;
  memset(&si, 0, sizeof si);
  si.channels = channels;
  si.samplerate = sample_rate;
  si.format = sf_format_of(format, depth, channels, frames);
  if (!sf_format_check(&si)) {
    close(fd);
    unlink(temp);
    free(temp);
    say(why, why_size, "%s", "libsndfile cannot write this format/depth combination");
    return SP_ERR_USAGE;
  }
  /* libsndfile's own descriptor (a copy of fd, which stays ours for the
   * header's last touches and the readers after), closed by it. */
  int own = dup(fd);
  SNDFILE *sf = own >= 0 ? sf_open_fd(own, SFM_WRITE, &si, SF_TRUE) : NULL;
  if (!sf) {
    close(fd);
    say(why, why_size, "cannot write audio: %s", sf_strerror(NULL));
    unlink(temp);
    free(temp);
    return SP_ERR_IO;
  }
  /* The PEAK chunk carries a time stamp, which would make two renders of
   * the same recipe differ; outputs must be bit-identical. */
  sf_command(sf, SFC_SET_ADD_PEAK_CHUNK, NULL, SF_FALSE);
  sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
  /* FLAC at libFLAC's level 2 (of 8): fixed predictors only, integer
   * arithmetic. The higher levels fit LPC coefficients in floating point
   * with SIMD code chosen by CPU, so an AVX2 machine and a baseline x86-64
   * or an ARM machine wrote different bytes for the same samples. About 5 %
   * larger files than level 5, the same decoded audio everywhere. */
  if (encoders[format].level > 0) {
    double level = encoders[format].level;
    sf_command(sf, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
  }
  const bool packed = encoders[format].le && depth != SP_DEPTH_32F;
  sp_audio_writer *w =
      new_writer(fd, temp, final_path, channels, packed ? sp_depth_get(depth)->bytes : 0);
  w->sf = sf;
  w->rate = sample_rate;
  w->format = format;
  int type = si.format & SF_FORMAT_TYPEMASK;
  w->bext = sp_formats[format].bwf;
  w->ogg = type == SF_FORMAT_OGG;
  int at[8];
  if (w->ogg && sp_ogg_vorbis_order(channels, at))
    w->vorbis_buf = sp_xcalloc((size_t)VORBIS_FRAMES * (size_t)channels, sizeof *w->vorbis_buf);
  *out = &w->base;
  return SP_OK;
}

sp_err sp_audio_create_wave(const char *final_path, int channels, const int *of,
                            const sp_riff_part *parts, int n, int64_t frames, sp_sink **out,
                            char *why, size_t why_size)
{
  *out = NULL;
  char *temp;
  const int fd = make_temp(final_path, &temp, why, why_size);
  if (fd < 0)
    return SP_ERR_IO;
  sp_audio_writer *w = new_writer(fd, temp, final_path, channels, 3);
  w->wave = true;
  w->wave_data = (uint64_t)frames * (uint64_t)channels * 3;
  w->of = memcpy(sp_xcalloc((size_t)channels, sizeof *of), of, (size_t)channels * sizeof *of);
  /* the head through a stream of its own on the same open file: the
   * samples follow it at the file's offset */
  const int own = dup(fd);
  FILE *f = own >= 0 ? fdopen(own, "wb") : NULL;
  if (!f && own >= 0)
    close(own);
  bool ok = f && sp_riff_write_head(f, parts, n, w->wave_data, (uint64_t)frames);
  if (f && fclose(f) != 0)
    ok = false;
  if (!ok) {
    say(why, why_size, "cannot create a file in the output folder: %s", strerror(errno));
    sink_discard(&w->base);
    return SP_ERR_IO;
  }
  *out = &w->base;
  return SP_OK;
}

/* A loudness figure as bext holds it: hundredths, 0x7fff when there is
 * none (silence, a window never filled). */
static int16_t hundredths(double v)
{
  if (!isfinite(v) || v * 100 > 32766 || v * 100 < -32767)
    return 0x7fff;
  return (int16_t)lround(v * 100);
}

static sp_err sink_bext(sp_sink *s, const sp_bext *b, char *why, size_t why_size)
{
  sp_audio_writer *w = (sp_audio_writer *)s;
  if (!w->bext)
    return SP_OK;
  SF_BROADCAST_INFO bi;
  memset(&bi, 0, sizeof bi);
  /* the fields are fixed-size, not NUL-terminated when full */
  memcpy(bi.description, b->description, strnlen(b->description, sizeof bi.description));
  memcpy(bi.originator, b->originator, strnlen(b->originator, sizeof bi.originator));
  memcpy(bi.originator_reference, b->originator_reference,
         strnlen(b->originator_reference, sizeof bi.originator_reference));
  memcpy(bi.origination_date, b->date, strnlen(b->date, sizeof bi.origination_date));
  memcpy(bi.origination_time, b->time, strnlen(b->time, sizeof bi.origination_time));
  bi.time_reference_low = (uint32_t)(b->time_reference & 0xffffffffu);
  bi.time_reference_high = (uint32_t)(b->time_reference >> 32);
  bi.version = 2;
  bi.loudness_value = b->measured ? hundredths(b->loudness_lufs) : 0x7fff;
  bi.loudness_range = b->measured ? hundredths(b->range_lu) : 0x7fff;
  bi.max_true_peak_level = b->measured ? hundredths(b->true_peak_dbtp) : 0x7fff;
  bi.max_momentary_loudness = b->measured ? hundredths(b->max_momentary_lufs) : 0x7fff;
  bi.max_shortterm_loudness = b->measured ? hundredths(b->max_shortterm_lufs) : 0x7fff;
  if (sf_command(w->sf, SFC_SET_BROADCAST_INFO, &bi, sizeof bi) != SF_TRUE) {
    say(why, why_size, "cannot write its bext chunk: %s", sf_strerror(w->sf));
    return SP_ERR_IO;
  }
  return SP_OK;
}

static sp_err check_written(sp_audio_writer *w, sf_count_t done, int64_t frames, char *why,
                            size_t why_size)
{
  if (done == frames)
    return SP_OK;
  /* libsndfile's words carry the system's: "System error : No space ..." */
  const char *said = sf_strerror(w->sf);
  const int e = strstr(said, strerror(ENOSPC))   ? ENOSPC
                : strstr(said, strerror(EDQUOT)) ? EDQUOT
                                                 : 0;
  if (e) { /* where, and the fix */
    char *folder = sp_fs_parent(w->final_path ? w->final_path : ".");
    if (why && why_size)
      snprintf(why, why_size,
               "cannot write audio: the disk of '%s' is full (%s); free some space there, or "
               "write elsewhere (-o)",
               folder, strerror(e));
    free(folder);
  } else {
    say(why, why_size, "cannot write audio: %s", said);
  }
  return SP_ERR_IO;
}

static sp_err sink_float(sp_sink *s, const float *buf, int64_t frames, char *why, size_t why_size)
{
  sp_audio_writer *w = (sp_audio_writer *)s;
  if (w->wave) {
    say(why, why_size, "%s", "an ADM BWF takes 24-bit codes (stemprint's bug)");
    return SP_ERR_RENDER;
  }
  if (!w->vorbis_buf)
    return check_written(w, sf_writef_float(w->sf, buf, frames), frames, why, why_size);
  /* libsndfile gives an Opus stream of 3 to 8 channels mapping family 1
   * and encodes the frames it is handed as they are: they go in Vorbis
   * order, or a 5.1 file's Rs would be coded as its LFE */
  const int C = w->channels;
  int at[8];
  sp_ogg_vorbis_order(C, at);
  for (int64_t done = 0; done < frames;) {
    const int64_t n = frames - done < VORBIS_FRAMES ? frames - done : VORBIS_FRAMES;
    for (int64_t i = 0; i < n; i++)
      for (int k = 0; k < C; k++)
        w->vorbis_buf[i * C + k] = buf[(done + i) * C + at[k]];
    sp_err err = check_written(w, sf_writef_float(w->sf, w->vorbis_buf, n), n, why, why_size);
    if (err != SP_OK)
      return err;
    done += n;
  }
  return SP_OK;
}

/* Hand the packed bytes to libsndfile. */
static sp_err flush_pending(sp_audio_writer *w, char *why, size_t why_size)
{
  if (w->n_pending == 0)
    return SP_OK;
  bool ok =
      w->sf ? sf_write_raw(w->sf, w->pending, (sf_count_t)w->n_pending) == (sf_count_t)w->n_pending
            : sp_fs_write_all(w->fd, w->pending, w->n_pending);
  w->n_pending = 0;
  if (!ok) {
    say(why, why_size, "cannot write audio: %s", w->sf ? sf_strerror(w->sf) : strerror(errno));
    return SP_ERR_IO;
  }
  return SP_OK;
}

/* Left-justified int32 samples as little-endian 16- or 24-bit bytes. */
SP_CLONES
static void pack_le(const int32_t *restrict in, size_t n, int bytes, unsigned char *restrict out)
{
  if (bytes == 3)
    for (size_t k = 0; k < n; k++) {
      uint32_t u = (uint32_t)in[k];
      out[3 * k] = (unsigned char)(u >> 8);
      out[3 * k + 1] = (unsigned char)(u >> 16);
      out[3 * k + 2] = (unsigned char)(u >> 24);
    }
  else
    for (size_t k = 0; k < n; k++) {
      uint32_t u = (uint32_t)in[k];
      out[2 * k] = (unsigned char)(u >> 16);
      out[2 * k + 1] = (unsigned char)(u >> 24);
    }
}

static sp_err sink_int(sp_sink *s, const int32_t *buf, int64_t frames, char *why, size_t why_size)
{
  sp_audio_writer *w = (sp_audio_writer *)s;
  if (!w->raw_bytes)
    return check_written(w, sf_writef_int(w->sf, buf, frames), frames, why, why_size);
  const size_t C = (size_t)w->channels, per = BEHIND / (C * (size_t)w->raw_bytes);
  for (int64_t at = 0; at < frames;) {
    size_t room = per - w->n_pending / (C * (size_t)w->raw_bytes);
    size_t n = (size_t)(frames - at) < room ? (size_t)(frames - at) : room;
    if (w->of) /* a WAVE written here: track k takes the frame's channel of[k] */
      for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < C; c++) {
          const uint32_t u = (uint32_t)buf[((size_t)at + i) * C + (size_t)w->of[c]];
          unsigned char *p = w->pending + w->n_pending + (i * C + c) * 3;
          p[0] = (unsigned char)(u >> 8), p[1] = (unsigned char)(u >> 16);
          p[2] = (unsigned char)(u >> 24);
        }
    else
      pack_le(buf + (size_t)at * C, n * C, w->raw_bytes, w->pending + w->n_pending);
    w->n_pending += n * C * (size_t)w->raw_bytes;
    at += (int64_t)n;
    if (n == room) {
      sp_err err = flush_pending(w, why, why_size);
      if (err != SP_OK)
        return err;
    }
  }
  return SP_OK;
}

/* libsndfile writes a PEAK chunk, which holds the time of writing, into some
 * containers (RF64, AIFF-C float) whatever SFC_SET_ADD_PEAK_CHUNK says. Walk
 * the header chunks up to the audio data and zero that time stamp, so that
 * the same samples always give the same bytes. */
typedef struct {
  int fd;
  uint32_t mask;
} scrub;

/* 0 to go on, 1 at the audio data, 2 when a write failed */
static int scrub_chunk(const sp_riff_chunk *c, void *ctx)
{
  const scrub *s = ctx;
  if (memcmp(c->id, "data", 4) == 0 || memcmp(c->id, "SSND", 4) == 0)
    return 1;
  static const unsigned char zero[4] = {0, 0, 0, 0};
  if (memcmp(c->id, "PEAK", 4) == 0 && c->size >= 8 &&
      pwrite(s->fd, zero, 4, (off_t)c->at + 4) != 4)
    return 2;
  /* WAVE_FORMAT_EXTENSIBLE's channel mask, at 20 into its fmt chunk: the
   * layout's, even one with channels no speaker bit names (9.1.6), which
   * libsndfile's channel map cannot say */
  unsigned char tag[2], m[4];
  sp_put_le32(m, s->mask);
  if (s->mask && memcmp(c->id, "fmt ", 4) == 0 && c->size >= 40 &&
      pread(s->fd, tag, 2, (off_t)c->at) == 2 && tag[0] == 0xFE && tag[1] == 0xFF &&
      pwrite(s->fd, m, 4, (off_t)c->at + 20) != 4)
    return 2;
  return 0;
}

static sp_err scrub_time_stamps(int fd, uint32_t mask, char *why, size_t why_size)
{
  scrub s = {fd, mask};
  if (sp_riff_walk(fd, SP_RIFF_AIFF, 1 << 20, scrub_chunk, &s) != 2)
    return SP_OK;
  say(why, why_size, "cannot finish the file: %s", strerror(errno));
  return SP_ERR_IO;
}

static sp_err sink_bitrate(sp_sink *s, int kbps, char *why, size_t why_size)
{
  sp_audio_writer *w = (sp_audio_writer *)s;
  const int channels = w->channels;
  if (!w->sf)
    return SP_OK;
  double level;
  if (w->ogg) { /* Opus: (1 - level) × 250 kbps + 6 kbps a channel (libsndfile's ogg_opus.c) */
    level = 1.0 - ((double)kbps * 1000.0 / channels - 6000.0) / 250000.0;
  } else { /* MP3: top − level × (top − bottom) kbps, constant, truncated, by its MPEG
            * version's range (libsndfile's mpeg_l3_encode.c): MPEG-2's at 22.05 kHz
            * is 8 .. 160, where MPEG-1's formula asked 56 kbps for 128; half a kbps
            * over what is asked, so the truncation gives what is asked */
    int mode = SF_BITRATE_MODE_CONSTANT;
    sf_command(w->sf, SFC_SET_BITRATE_MODE, &mode, sizeof mode);
    int lo, hi;
    sp_mp3_bitrate_range(w->rate, &lo, &hi);
    level = ((double)hi - ((double)kbps + 0.5)) / (double)(hi - lo);
  }
  level = level < 0 ? 0 : level > 1 ? 1 : level;
  if (sf_command(w->sf, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level) != SF_TRUE) {
    if (why && why_size)
      snprintf(why, why_size, "cannot set the encoder's bitrate to %d kbps: %s", kbps,
               sf_strerror(w->sf));
    return SP_ERR_IO;
  }
  return SP_OK;
}

static sp_err sink_finish(sp_sink *s, char *why, size_t why_size)
{
  sp_audio_writer *w = (sp_audio_writer *)s;
  if (w->finished)
    return SP_OK;
  w->finished = true;
  sp_err err = flush_pending(w, why, why_size);
  static const unsigned char pad = 0;
  if (err == SP_OK && w->wave && w->wave_data % 2 && !sp_fs_write_all(w->fd, &pad, 1)) {
    say(why, why_size, "cannot write audio: %s", strerror(errno));
    err = SP_ERR_IO;
  }
  int rc = w->sf ? sf_close(w->sf) : 0;
  w->sf = NULL;
  if (err != SP_OK)
    return err;
  if (rc != 0) {
    say(why, why_size, "cannot finish the file: %s", sf_error_number(rc));
    return SP_ERR_IO;
  }
  if (w->ogg) {
    close(w->fd);
    w->fd = -1;
    const char *slash = strrchr(w->final_path, '/');
    return sp_ogg_fix_serial(
        w->temp_path, (uint32_t)sp_hash_string(slash ? slash + 1 : w->final_path), why, why_size);
  }
  if (!w->wave && (err = scrub_time_stamps(w->fd, w->mask, why, why_size)) != SP_OK)
    return err;
  if (sp_tags_any(&w->tags)) { /* the file rewritten by its path: read again by it */
    close(w->fd);
    w->fd = -1;
    return sp_tag_file(w->temp_path, w->format, &w->tags, why, why_size);
  }
  sp_probe_adopt(w->fd);
  w->fd = -1;
  return SP_OK;
}

/* libsndfile's channel map id of a WAVE_FORMAT_EXTENSIBLE speaker bit. */
static int map_id(uint32_t bit)
{
  for (int b = 0; b < SPEAKER_BITS; b++)
    if (bit == 1u << b)
      return speaker_ids[b];
  return SF_CHANNEL_MAP_INVALID;
}

static void sink_mask(sp_sink *s, uint32_t mask)
{
  sp_audio_writer *w = (sp_audio_writer *)s;
  if (!w->sf || !mask)
    return;
  w->mask = mask; /* WAV and RF64: written into the header when finished */
  if (w->bext)
    return;
  /* the others as libsndfile says a channel map in them (an AIFF's or
   * CAF's channel layout), when it can */
  int map[SP_MAX_CHANNELS] = {0};
  int c = 0;
  for (uint32_t bit = 1; bit && c < w->channels && c < SP_MAX_CHANNELS; bit <<= 1)
    if (mask & bit)
      map[c++] = map_id(bit);
  if (c == w->channels)
    sf_command(w->sf, SFC_SET_CHANNEL_MAP_INFO, map, (int)((size_t)c * sizeof map[0]));
}

static const char *sink_written(const sp_sink *s)
{
  return ((const sp_audio_writer *)s)->temp_path;
}

static void writer_free(sp_audio_writer *w)
{
  if (w->fd >= 0)
    close(w->fd);
  free(w->pending);
  free(w->of);
  free(w->vorbis_buf);
  sp_tags_fini(&w->tags);
  free(w->final_path);
  free(w->temp_path);
  free(w);
}

static const char *sink_name(const sp_sink *s) { return ((const sp_audio_writer *)s)->final_path; }

static void sink_release(sp_sink *s)
{
  sp_audio_writer *w = (sp_audio_writer *)s;
  if (w->sf)
    sf_close(w->sf);
  writer_free(w);
}

static sp_err sink_commit(sp_sink *s, char *why, size_t why_size)
{
  sp_audio_writer *w = (sp_audio_writer *)s;
  sp_err err = sink_finish(s, why, why_size);
  if (err == SP_OK && rename(w->temp_path, w->final_path) != 0) {
    say(why, why_size, "cannot move the finished file into place: %s", strerror(errno));
    err = SP_ERR_IO;
  }
  if (err != SP_OK)
    unlink(w->temp_path);
  writer_free(w);
  return err;
}

static void sink_discard(sp_sink *s)
{
  unlink(((sp_audio_writer *)s)->temp_path);
  sink_release(s);
}

/* FLAC and MP3 keep tags (written when finished); the others none. */
static sp_err sink_tags(sp_sink *s, const sp_tags *t, char *why, size_t why_size)
{
  sp_audio_writer *w = (sp_audio_writer *)s;
  (void)why, (void)why_size;
  if (w->format != SP_FORMAT_FLAC && w->format != SP_FORMAT_MP3)
    return SP_OK;
  sp_tags_fini(&w->tags);
  sp_tags_copy(&w->tags, t);
  return SP_OK;
}

static const sp_sink_ops sink_ops = {sink_float, sink_int,     sink_finish,  sink_written,
                                     sink_name,  sink_commit,  sink_release, sink_discard,
                                     sink_bext,  sink_bitrate, sink_mask,    sink_tags};

/* libsndfile's version, with its encoders' (found in the process: they are
 * libsndfile's own dependencies), whose bytes are in MP3 and Opus files. */
static char library_version[160];

static void find_library_version(void)
{
  void *self = dlopen(NULL, RTLD_LAZY); /* the process's global symbols */
  const char *(*lame)(void) = NULL, *(*opus)(void) = NULL;
  if (self) {
    *(void **)&lame = dlsym(self, "get_lame_version");
    *(void **)&opus = dlsym(self, "opus_get_version_string");
  }
  snprintf(library_version, sizeof library_version, "%s (LAME %s, %s), %s", sf_version_string(),
           lame ? lame() : "none", opus ? opus() : "no libopus", sp_m4a_library_version());
  if (self)
    dlclose(self);
}

const char *sp_audio_library_version(void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, find_library_version);
  return library_version;
}
