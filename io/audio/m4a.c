/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MPEG-4 audio files through FFmpeg (io/audio/m4a.h). */

#include "io/audio/m4a.h"

#include "core/base/alloc.h"
#include "io/audio/audio.h"
#include "io/audio/mp4box.h"
#include "io/audio/park.h"
#include "io/audio/tagfile.h"
#include "io/fs/fs.h"
#include "io/fs/kind.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>

#include <dlfcn.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { IO_BYTES = 1 << 16 };

/* FFmpeg is loaded at the first MPEG-4 file a process reads or writes, or
 * at the first question of its version (each render's report says it):
 * libavformat and libavcodec need a hundred more libraries (each codec
 * Debian builds them with), whose loading was most of the start of every
 * command, one that never touches an MPEG-4 file too, and of every test's
 * process (an empty program linked with stemprint's libraries: 35 ms of CPU
 * with FFmpeg's, 8 ms without; 61 and 17 ms under ASan), as
 * io/cache/http.c loads libcurl. The functions this file calls, by the
 * names FFmpeg's headers declare (each use below goes through ffm). */
#define SP_AV_FUNCTIONS(X)                                                                         \
  X(av_channel_layout_copy)                                                                        \
  X(av_channel_layout_default)                                                                     \
  X(av_dict_free)                                                                                  \
  X(av_dict_set)                                                                                   \
  X(av_find_best_stream)                                                                           \
  X(av_find_input_format)                                                                          \
  X(av_frame_alloc)                                                                                \
  X(av_frame_free)                                                                                 \
  X(av_frame_get_buffer)                                                                           \
  X(av_frame_make_writable)                                                                        \
  X(av_frame_unref)                                                                                \
  X(av_get_sample_fmt_name)                                                                        \
  X(av_free)                                                                                       \
  X(av_freep)                                                                                      \
  X(av_interleaved_write_frame)                                                                    \
  X(av_log_set_level)                                                                              \
  X(av_malloc)                                                                                     \
  X(av_packet_alloc)                                                                               \
  X(av_packet_free)                                                                                \
  X(av_packet_rescale_ts)                                                                          \
  X(av_packet_unref)                                                                               \
  X(av_read_frame)                                                                                 \
  X(av_rescale_q)                                                                                  \
  X(av_sample_fmt_is_planar)                                                                       \
  X(av_strerror)                                                                                   \
  X(av_write_trailer)                                                                              \
  X(avcodec_alloc_context3)                                                                        \
  X(avcodec_find_decoder)                                                                          \
  X(avcodec_find_encoder)                                                                          \
  X(avcodec_free_context)                                                                          \
  X(avcodec_open2)                                                                                 \
  X(avcodec_parameters_from_context)                                                               \
  X(avcodec_parameters_to_context)                                                                 \
  X(avcodec_receive_frame)                                                                         \
  X(avcodec_receive_packet)                                                                        \
  X(avcodec_send_frame)                                                                            \
  X(avcodec_send_packet)                                                                           \
  X(avcodec_version)                                                                               \
  X(avformat_alloc_context)                                                                        \
  X(avformat_alloc_output_context2)                                                                \
  X(avformat_close_input)                                                                          \
  X(avformat_free_context)                                                                         \
  X(avformat_new_stream)                                                                           \
  X(avformat_open_input)                                                                           \
  X(avformat_version)                                                                              \
  X(avformat_write_header)                                                                         \
  X(avio_alloc_context)                                                                            \
  X(avio_context_free)                                                                             \
  X(avio_flush)

static struct {
#define SP_AV_SLOT(f) __typeof__(&f) f;
  SP_AV_FUNCTIONS(SP_AV_SLOT)
#undef SP_AV_SLOT
} ffm;
static char av_load_error[256]; /* why FFmpeg could not be loaded */
static pthread_once_t av_load_once = PTHREAD_ONCE_INIT;

#define SP_AV_LIBRARY "libavformat.so." AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR)

static void av_load(void)
{
  void *lib = dlopen(SP_AV_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    snprintf(av_load_error, sizeof av_load_error,
             "reading MPEG-4 audio or WavPack needs FFmpeg's " SP_AV_LIBRARY
             ", which cannot be loaded (%s); install Debian's libavformat" AV_STRINGIFY(
                 LIBAVFORMAT_VERSION_MAJOR),
             dlerror());
    return;
  }
  /* libavformat's own dependencies (libavcodec, libavutil) answer for theirs */
#define SP_AV_FIND(f)                                                                              \
  if (!(*(void **)&ffm.f = dlsym(lib, #f))) {                                                      \
    snprintf(av_load_error, sizeof av_load_error,                                                  \
             "the FFmpeg installed here has no " #f "; install Debian's libavformat" AV_STRINGIFY( \
                 LIBAVFORMAT_VERSION_MAJOR));                                                      \
    ffm.avformat_version = NULL;                                                                   \
    return;                                                                                        \
  }
  SP_AV_FUNCTIONS(SP_AV_FIND)
#undef SP_AV_FIND
  /* FFmpeg says nothing on stderr: every failure comes back as a reason */
  ffm.av_log_set_level(AV_LOG_QUIET);
}

/* FFmpeg loaded, or false with why. */
static bool av_loaded(char *why, size_t why_size)
{
  pthread_once(&av_load_once, av_load);
  if (ffm.avformat_version)
    return true;
  snprintf(why, why_size, "%s", av_load_error);
  return false;
}

#define av_channel_layout_copy ffm.av_channel_layout_copy
#define av_channel_layout_default ffm.av_channel_layout_default
#define av_dict_free ffm.av_dict_free
#define av_dict_set ffm.av_dict_set
#define av_find_best_stream ffm.av_find_best_stream
#define av_find_input_format ffm.av_find_input_format
#define av_frame_alloc ffm.av_frame_alloc
#define av_frame_free ffm.av_frame_free
#define av_frame_get_buffer ffm.av_frame_get_buffer
#define av_frame_make_writable ffm.av_frame_make_writable
#define av_frame_unref ffm.av_frame_unref
#define av_get_sample_fmt_name ffm.av_get_sample_fmt_name
#define av_free ffm.av_free
#define av_freep ffm.av_freep
#define av_interleaved_write_frame ffm.av_interleaved_write_frame
#define av_log_set_level ffm.av_log_set_level
#define av_malloc ffm.av_malloc
#define av_packet_alloc ffm.av_packet_alloc
#define av_packet_free ffm.av_packet_free
#define av_packet_rescale_ts ffm.av_packet_rescale_ts
#define av_packet_unref ffm.av_packet_unref
#define av_read_frame ffm.av_read_frame
#define av_rescale_q ffm.av_rescale_q
#define av_sample_fmt_is_planar ffm.av_sample_fmt_is_planar
#define av_strerror ffm.av_strerror
#define av_write_trailer ffm.av_write_trailer
#define avcodec_alloc_context3 ffm.avcodec_alloc_context3
#define avcodec_find_decoder ffm.avcodec_find_decoder
#define avcodec_find_encoder ffm.avcodec_find_encoder
#define avcodec_free_context ffm.avcodec_free_context
#define avcodec_open2 ffm.avcodec_open2
#define avcodec_parameters_from_context ffm.avcodec_parameters_from_context
#define avcodec_parameters_to_context ffm.avcodec_parameters_to_context
#define avcodec_receive_frame ffm.avcodec_receive_frame
#define avcodec_receive_packet ffm.avcodec_receive_packet
#define avcodec_send_frame ffm.avcodec_send_frame
#define avcodec_send_packet ffm.avcodec_send_packet
#define avcodec_version ffm.avcodec_version
#define avformat_alloc_context ffm.avformat_alloc_context
#define avformat_alloc_output_context2 ffm.avformat_alloc_output_context2
#define avformat_close_input ffm.avformat_close_input
#define avformat_free_context ffm.avformat_free_context
#define avformat_new_stream ffm.avformat_new_stream
#define avformat_open_input ffm.avformat_open_input
#define avformat_version ffm.avformat_version
#define avformat_write_header ffm.avformat_write_header
#define avio_alloc_context ffm.avio_alloc_context
#define avio_context_free ffm.avio_context_free
#define avio_flush ffm.avio_flush

static void say_av(char *why, size_t why_size, const char *what, int rc)
{
  char e[AV_ERROR_MAX_STRING_SIZE] = "";
  av_strerror(rc, e, sizeof e);
  snprintf(why, why_size, "%s: %s", what, e);
}

/* ---- a file descriptor as FFmpeg's I/O ----------------------------------- */

typedef struct fd_io {
  int fd;
  int64_t pos;
} fd_io;

static int io_read(void *u, uint8_t *buf, int n)
{
  fd_io *f = u;
  const ssize_t got = pread(f->fd, buf, (size_t)n, (off_t)f->pos);
  if (got < 0)
    return AVERROR(errno);
  if (got == 0)
    return AVERROR_EOF;
  f->pos += got;
  return (int)got;
}

static int io_write(void *u, uint8_t *buf, int n)
{
  fd_io *f = u;
  for (int done = 0; done < n;) {
    const ssize_t put = pwrite(f->fd, buf + done, (size_t)(n - done), (off_t)f->pos);
    if (put < 0 && errno == EINTR)
      continue;
    if (put <= 0)
      return AVERROR(put < 0 ? errno : EIO);
    done += (int)put;
    f->pos += put;
  }
  return n;
}

static int64_t io_seek(void *u, int64_t offset, int whence)
{
  fd_io *f = u;
  struct stat st;
  switch (whence & ~AVSEEK_FORCE) {
  case AVSEEK_SIZE: return fstat(f->fd, &st) == 0 ? (int64_t)st.st_size : AVERROR(errno);
  case SEEK_SET: f->pos = offset; break;
  case SEEK_CUR: f->pos += offset; break;
  case SEEK_END:
    if (fstat(f->fd, &st) != 0)
      return AVERROR(errno);
    f->pos = st.st_size + offset;
    break;
  default: return AVERROR(EINVAL);
  }
  return f->pos;
}

static AVIOContext *new_io(fd_io *f, bool write)
{
  unsigned char *b = av_malloc(IO_BYTES);
  AVIOContext *io = b ? avio_alloc_context(b, IO_BYTES, write, f, write ? NULL : io_read,
                                           write ? io_write : NULL, io_seek)
                      : NULL;
  if (!io)
    av_free(b);
  return io;
}

static void free_io(AVIOContext **io)
{
  if (*io)
    av_freep(&(*io)->buffer);
  avio_context_free(io);
}

/* ---- the writer ---------------------------------------------------------- */

enum { MAX_TRACKS = 5 }; /* a stem file's: the mix and four stems */

/* One audio track being encoded. */
typedef struct track {
  AVCodecContext *enc;
  AVFrame *frame;
  int fill;                /* samples in frame so far */
  int64_t frames, packets; /* samples given; packets written */
} track;

typedef struct m4a_writer {
  sp_sink base;
  int fd;
  char *temp_path, *final_path;
  sp_format format;
  sp_depth depth;
  int channels, rate, kbps, n_tracks;
  fd_io out;
  AVIOContext *io;
  AVFormatContext *fmt;
  AVPacket *pkt;
  track t[MAX_TRACKS];
  bool started, finished;
  sp_tags tags;    /* its strings owned */
  char *stem_json; /* a stem file's manifest (owned); NULL: none */
} m4a_writer;

static const sp_sink_ops m4a_sink_ops;

static m4a_writer *new_writer(int fd, char *temp_path, const char *final_path, sp_format format,
                              sp_depth depth, int channels, int sample_rate)
{
  m4a_writer *w = sp_xcalloc(1, sizeof *w);
  w->base.ops = &m4a_sink_ops;
  w->fd = fd;
  w->temp_path = temp_path;
  w->final_path = sp_xstrdup(final_path);
  w->format = format;
  w->depth = depth;
  w->channels = channels;
  w->rate = sample_rate;
  w->kbps = sp_formats[format].kbps;
  w->n_tracks = 1;
  w->out.fd = fd;
  return w;
}

sp_err sp_m4a_create(int fd, char *temp_path, const char *final_path, sp_format format,
                     sp_depth depth, int channels, int sample_rate, sp_sink **out, char *why,
                     size_t why_size)
{
  if (!av_loaded(why, why_size)) {
    *out = NULL;
    return SP_ERR_IO;
  }
  *out = &new_writer(fd, temp_path, final_path, format, depth, channels, sample_rate)->base;
  return SP_OK;
}

/* Write the packets track k's encoder has ready (all of them at the end). */
static sp_err drain(m4a_writer *w, int k, char *why, size_t why_size)
{
  track *t = &w->t[k];
  for (;;) {
    int rc = avcodec_receive_packet(t->enc, w->pkt);
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
      return SP_OK;
    if (rc < 0) {
      say_av(why, why_size, "cannot encode", rc);
      return SP_ERR_IO;
    }
    t->packets++;
    w->pkt->stream_index = k;
    av_packet_rescale_ts(w->pkt, t->enc->time_base, w->fmt->streams[k]->time_base);
    if ((rc = av_interleaved_write_frame(w->fmt, w->pkt)) < 0) {
      say_av(why, why_size, "cannot write audio", rc);
      return SP_ERR_IO;
    }
  }
}

static sp_err no_memory(char *why, size_t why_size)
{
  snprintf(why, why_size, "%s", "out of memory");
  return SP_ERR_IO;
}

/* Track k's encoder, its stream and its frame. */
static sp_err start_track(m4a_writer *w, int k, const AVCodec *codec, char *why, size_t why_size)
{
  track *t = &w->t[k];
  if (!(t->enc = avcodec_alloc_context3(codec)))
    return no_memory(why, why_size);
  AVCodecContext *e = t->enc;
  e->sample_rate = w->rate;
  av_channel_layout_default(&e->ch_layout, w->channels);
  e->time_base = (AVRational){1, w->rate};
  e->flags |= AV_CODEC_FLAG_BITEXACT | AV_CODEC_FLAG_GLOBAL_HEADER;
  e->thread_count = 1;
  if (w->format == SP_FORMAT_AAC) {
    e->sample_fmt = AV_SAMPLE_FMT_FLTP;
    e->bit_rate = (int64_t)w->kbps * 1000;
  } else if (w->depth == SP_DEPTH_16) {
    e->sample_fmt = AV_SAMPLE_FMT_S16P;
  } else { /* 24 bits, left-justified in 32 (the encoder shifts them down) */
    e->sample_fmt = AV_SAMPLE_FMT_S32P;
    e->bits_per_raw_sample = 24;
  }
  int rc = avcodec_open2(e, codec, NULL);
  if (rc < 0) {
    say_av(why, why_size, "cannot start the encoder", rc);
    return SP_ERR_IO;
  }
  AVStream *st = avformat_new_stream(w->fmt, NULL);
  if (!st || avcodec_parameters_from_context(st->codecpar, e) < 0)
    return no_memory(why, why_size);
  st->time_base = (AVRational){1, w->rate};
  if (k > 0) /* a stem file's stems: not played unless chosen */
    st->disposition = 0;
  t->frame = av_frame_alloc();
  if (!t->frame)
    return no_memory(why, why_size);
  t->frame->nb_samples = e->frame_size > 0 ? e->frame_size : 4096;
  t->frame->format = e->sample_fmt;
  t->frame->sample_rate = w->rate;
  if (av_channel_layout_copy(&t->frame->ch_layout, &e->ch_layout) < 0 ||
      av_frame_get_buffer(t->frame, 0) < 0)
    return no_memory(why, why_size);
  return SP_OK;
}

/* The encoders and the muxer, at the first samples (the bitrate given). */
static sp_err start(m4a_writer *w, char *why, size_t why_size)
{
  w->started = true;
  const bool aac = w->format == SP_FORMAT_AAC;
  const AVCodec *codec = avcodec_find_encoder(aac ? AV_CODEC_ID_AAC : AV_CODEC_ID_ALAC);
  int rc = avformat_alloc_output_context2(&w->fmt, NULL, w->n_tracks > 1 ? "mp4" : "ipod", NULL);
  if (!codec || rc < 0) {
    snprintf(why, why_size, "FFmpeg has no %s encoder or no mp4 muxer", aac ? "AAC" : "ALAC");
    return SP_ERR_IO;
  }
  sp_err err = SP_OK;
  for (int k = 0; err == SP_OK && k < w->n_tracks; k++)
    err = start_track(w, k, codec, why, why_size);
  if (err != SP_OK)
    return err;
  if (!(w->io = new_io(&w->out, true)) || !(w->pkt = av_packet_alloc()))
    return no_memory(why, why_size);
  w->fmt->pb = w->io;
  w->fmt->flags |= AVFMT_FLAG_BITEXACT | AVFMT_FLAG_CUSTOM_IO;
  AVDictionary *opt = NULL;
  char ts[16];
  snprintf(ts, sizeof ts, "%d", w->rate); /* the edit list exact to the sample */
  av_dict_set(&opt, "movie_timescale", ts, 0);
  rc = avformat_write_header(w->fmt, &opt);
  av_dict_free(&opt);
  if (rc < 0) {
    say_av(why, why_size, "cannot start the file", rc);
    return SP_ERR_IO;
  }
  return SP_OK;
}

/* Hand track k's frame filled so far to its encoder (last: then the end). */
static sp_err send(m4a_writer *w, int k, bool last, char *why, size_t why_size)
{
  track *t = &w->t[k];
  AVFrame *f = NULL;
  if (t->fill > 0) {
    f = t->frame;
    f->nb_samples = t->fill;
    f->pts = t->frames - t->fill;
  }
  int rc = f ? avcodec_send_frame(t->enc, f) : 0;
  t->fill = 0;
  if (rc >= 0 && last)
    rc = avcodec_send_frame(t->enc, NULL);
  if (rc < 0) {
    say_av(why, why_size, "cannot encode", rc);
    return SP_ERR_IO;
  }
  sp_err err = drain(w, k, why, why_size);
  if (err == SP_OK && !last && av_frame_make_writable(t->frame) < 0)
    return no_memory(why, why_size);
  return err;
}

/* Append frames of interleaved samples to track k, float or left-justified
 * int32. */
static sp_err put_frames(m4a_writer *w, int k, const float *fbuf, const int32_t *ibuf,
                         int64_t frames, char *why, size_t why_size)
{
  sp_err err = w->started ? SP_OK : start(w, why, why_size);
  track *t = &w->t[k];
  const int C = w->channels;
  for (int64_t i = 0; err == SP_OK && i < frames; i++) {
    for (int c = 0; c < C; c++) {
      uint8_t *plane = t->frame->extended_data[c];
      const size_t at = (size_t)i * (size_t)C + (size_t)c;
      if (t->enc->sample_fmt == AV_SAMPLE_FMT_FLTP)
        ((float *)plane)[t->fill] = fbuf ? fbuf[at] : (float)ibuf[at] * 0x1p-31f;
      else if (t->enc->sample_fmt == AV_SAMPLE_FMT_S16P)
        ((int16_t *)plane)[t->fill] = (int16_t)(ibuf[at] >> 16);
      else
        ((int32_t *)plane)[t->fill] = (int32_t)((uint32_t)ibuf[at] & 0xffffff00u);
    }
    t->fill++;
    t->frames++;
    if (t->fill == t->frame->nb_samples)
      err = send(w, k, false, why, why_size);
  }
  return err;
}

static sp_err m4a_float(sp_sink *s, const float *buf, int64_t frames, char *why, size_t why_size)
{
  m4a_writer *w = (m4a_writer *)s;
  if (w->format == SP_FORMAT_ALAC) {
    snprintf(why, why_size, "%s", "alac takes integer samples (stemprint's bug)");
    return SP_ERR_RENDER;
  }
  return put_frames(w, 0, buf, NULL, frames, why, why_size);
}

static sp_err m4a_int(sp_sink *s, const int32_t *buf, int64_t frames, char *why, size_t why_size)
{
  return put_frames((m4a_writer *)s, 0, NULL, buf, frames, why, why_size);
}

static sp_err m4a_bitrate(sp_sink *s, int kbps, char *why, size_t why_size)
{
  m4a_writer *w = (m4a_writer *)s;
  (void)why, (void)why_size;
  w->kbps = kbps;
  return SP_OK;
}

static sp_err m4a_tags(sp_sink *s, const sp_tags *t, char *why, size_t why_size)
{
  m4a_writer *w = (m4a_writer *)s;
  (void)why, (void)why_size;
  sp_tags_fini(&w->tags);
  sp_tags_copy(&w->tags, t);
  return SP_OK;
}

/* The ilst: the tags, the cover, an AAC file's iTunSMPB (its priming, the
 * padding after the last sample to the end of the last packet, the
 * length: the fields iTunes writes, the rest 0), and a stem file's
 * manifest. */
static sp_err write_meta(m4a_writer *w, char *why, size_t why_size)
{
  sp_mp4_meta m = {.tags = &w->tags, .stem_json = w->stem_json};
  char smpb[160];
  const track *t = &w->t[0];
  if (w->format == SP_FORMAT_AAC) {
    const int64_t priming = t->enc->initial_padding;
    const int64_t pad = t->packets * t->enc->frame_size - priming - t->frames;
    snprintf(smpb, sizeof smpb,
             " 00000000 %08X %08X %016llX 00000000 00000000 00000000 00000000 00000000 00000000 "
             "00000000 00000000",
             (unsigned)priming, (unsigned)(pad > 0 ? pad : 0), (unsigned long long)t->frames);
    m.smpb = smpb;
  }
  char *cover = NULL;
  size_t n = 0;
  if (w->tags.cover) {
    char e[256];
    const sp_err err = sp_cover_read(w->tags.cover, &cover, &n, &m.cover_mime, e, sizeof e);
    if (err != SP_OK) {
      snprintf(why, why_size, "its cover %s: %s", w->tags.cover, e);
      return err;
    }
    m.cover = (const unsigned char *)cover, m.cover_size = n;
  }
  const sp_err err = sp_mp4_add_meta(w->fd, &m, why, why_size);
  free(cover);
  return err;
}

static void writer_close_av(m4a_writer *w)
{
  for (int k = 0; k < MAX_TRACKS; k++) {
    avcodec_free_context(&w->t[k].enc);
    av_frame_free(&w->t[k].frame);
  }
  av_packet_free(&w->pkt);
  if (w->fmt)
    w->fmt->pb = NULL;
  avformat_free_context(w->fmt);
  w->fmt = NULL;
  free_io(&w->io);
}

static sp_err m4a_finish(sp_sink *s, char *why, size_t why_size)
{
  m4a_writer *w = (m4a_writer *)s;
  if (w->finished)
    return SP_OK;
  w->finished = true;
  sp_err err = w->started ? SP_OK : start(w, why, why_size);
  for (int k = 0; err == SP_OK && k < w->n_tracks; k++)
    err = send(w, k, true, why, why_size);
  int rc;
  if (err == SP_OK && (rc = av_write_trailer(w->fmt)) < 0) {
    say_av(why, why_size, "cannot finish the file", rc);
    err = SP_ERR_IO;
  }
  if (err == SP_OK) {
    avio_flush(w->io);
    if (w->io->error < 0) {
      say_av(why, why_size, "cannot write the file", w->io->error);
      err = SP_ERR_IO;
    }
  }
  if (err == SP_OK)
    err = write_meta(w, why, why_size);
  writer_close_av(w);
  if (err == SP_OK) {
    sp_probe_adopt(w->fd);
    w->fd = -1;
  }
  return err;
}

static const char *m4a_written(const sp_sink *s) { return ((const m4a_writer *)s)->temp_path; }
static const char *m4a_name(const sp_sink *s) { return ((const m4a_writer *)s)->final_path; }

static void m4a_release(sp_sink *s)
{
  m4a_writer *w = (m4a_writer *)s;
  writer_close_av(w);
  if (w->fd >= 0)
    close(w->fd);
  sp_tags_fini(&w->tags);
  free(w->stem_json);
  free(w->temp_path);
  free(w->final_path);
  free(w);
}

static sp_err m4a_commit(sp_sink *s, char *why, size_t why_size)
{
  m4a_writer *w = (m4a_writer *)s;
  sp_err err = m4a_finish(s, why, why_size);
  if (err == SP_OK && rename(w->temp_path, w->final_path) != 0) {
    snprintf(why, why_size, "cannot move the finished file into place: %s", strerror(errno));
    err = SP_ERR_IO;
  }
  if (err != SP_OK)
    unlink(w->temp_path);
  m4a_release(s);
  return err;
}

static void m4a_discard(sp_sink *s)
{
  unlink(((m4a_writer *)s)->temp_path);
  m4a_release(s);
}

static const sp_sink_ops m4a_sink_ops = {.write_float = m4a_float,
                                         .write_int = m4a_int,
                                         .finish = m4a_finish,
                                         .written = m4a_written,
                                         .name = m4a_name,
                                         .commit = m4a_commit,
                                         .release = m4a_release,
                                         .discard = m4a_discard,
                                         .set_bitrate = m4a_bitrate,
                                         .set_tags = m4a_tags};

/* ---- the reader ---------------------------------------------------------- */

typedef struct m4a_reader {
  sp_reader base;
  sp_probe *probe;
  const sp_fs_kind *kind; /* what the file is: its demuxer FFmpeg's */
  fd_io in;
  AVIOContext *io;
  AVFormatContext *fmt;
  AVCodecContext *dec;
  AVPacket *pkt;
  AVFrame *frame;
  int stream, channels, rate; /* the track's, as its header says them */
  /* the speakers of its first frame's channels (FFmpeg's native order,
   * WAVE_FORMAT_EXTENSIBLE's bits: the order it decodes them in), of more
   * than two; 0: none said */
  uint32_t mask;
  int64_t frames, pos; /* its length (the edit list's), the next frame a read yields */
  int64_t lead;        /* its first frames, silent: its edit list's empty edits */
  int64_t decoded;     /* the frames the decoder has given */
  double *buf;         /* decoded frames not yet read: buf[at .. n) frames */
  size_t at, n, cap;
  bool eof, took; /* the demuxer at its end; a frame decoded */
  char why[320];
} m4a_reader;

static const sp_reader_ops m4a_reader_ops;
static int decode_more(m4a_reader *r);

static void close_av(m4a_reader *r)
{
  avcodec_free_context(&r->dec);
  av_packet_free(&r->pkt);
  av_frame_free(&r->frame);
  avformat_close_input(&r->fmt);
  free_io(&r->io);
}

/* Open the demuxer and the decoder (again: a seek back starts over). */
static sp_err open_av(m4a_reader *r, sp_audio_info *info, char *why, size_t why_size)
{
  close_av(r);
  r->in.pos = 0;
  r->at = r->n = 0;
  r->pos = r->decoded = 0;
  r->eof = r->took = false;
  r->io = new_io(&r->in, false);
  r->fmt = avformat_alloc_context();
  if (!r->io || !r->fmt) {
    snprintf(why, why_size, "%s", "out of memory");
    return SP_ERR_IO;
  }
  r->fmt->pb = r->io;
  r->fmt->flags |= AVFMT_FLAG_CUSTOM_IO;
  /* its kind's demuxer alone: with none, FFmpeg would probe every demuxer
   * it has (HLS, concat: ones that open other files) */
  const AVInputFormat *demuxer = av_find_input_format(r->kind->demuxer);
  if (!demuxer) {
    snprintf(why, why_size,
             "it is %s, and the FFmpeg installed here has no '%s' demuxer to read it; install "
             "Debian's libavformat" AV_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR),
             r->kind->name, r->kind->demuxer);
    return SP_ERR_IO;
  }
  int rc = avformat_open_input(&r->fmt, NULL, demuxer, NULL);
  if (rc < 0) {
    /* what its boxes say is wrong (an MPEG-4 file's: cut short, no moov),
     * else FFmpeg's words */
    sp_mp4_top top;
    sp_mp4_top_read(r->in.fd, &top);
    char what[96];
    snprintf(what, sizeof what, "it begins as %s does, but FFmpeg cannot read it", r->kind->name);
    if (strcmp(r->kind->demuxer, "mp4") != 0 || !sp_mp4_top_said(&top, why, why_size))
      say_av(why, why_size, what, rc);
    return SP_ERR_IO;
  }
  /* The audio track a player plays: the first enabled one (its tkhd's
   * flag, FFmpeg's default disposition), else the first (a stem file's
   * mix: its stems' tracks are disabled). More than one enabled, or none
   * of several, is said (info->unplayed): the others do not play. */
  int first = -1, enabled = -1, n_audio = 0, n_enabled = 0;
  for (unsigned i = 0; i < r->fmt->nb_streams; i++) {
    const AVStream *s = r->fmt->streams[i];
    if (s->codecpar->codec_type != AVMEDIA_TYPE_AUDIO)
      continue;
    n_audio++;
    first = first < 0 ? (int)i : first;
    if (s->disposition & AV_DISPOSITION_DEFAULT)
      enabled = enabled < 0 ? (int)i : enabled, n_enabled++;
  }
  r->stream = enabled >= 0 ? enabled : first;
  const AVCodec *codec =
      r->stream >= 0 ? avcodec_find_decoder(r->fmt->streams[r->stream]->codecpar->codec_id) : NULL;
  if (r->stream < 0 || !codec) {
    snprintf(why, why_size, "%s", "it holds no audio track FFmpeg decodes");
    return SP_ERR_IO;
  }
  const AVStream *st = r->fmt->streams[r->stream];
  const AVCodecParameters *cp = st->codecpar;
  /* the header's word, checked before anything is sized by it */
  const int C = cp->ch_layout.nb_channels, rate = cp->sample_rate;
  if (C < 1 || C > SP_MAX_CHANNELS || rate < SP_AUDIO_MIN_RATE || rate > SP_AUDIO_MAX_RATE) {
    snprintf(why, why_size,
             "its audio track says %d channels at %d Hz; stemprint reads 1 to %d channels at %d "
             "to %d Hz: the file is damaged, or convert it first (e.g. ffmpeg -ac 2 -ar 48000)",
             C, rate, SP_MAX_CHANNELS, SP_AUDIO_MIN_RATE, SP_AUDIO_MAX_RATE);
    return SP_ERR_IO;
  }
  if (!(r->dec = avcodec_alloc_context3(codec)) || avcodec_parameters_to_context(r->dec, cp) < 0 ||
      avcodec_open2(r->dec, codec, NULL) < 0 || !(r->pkt = av_packet_alloc()) ||
      !(r->frame = av_frame_alloc())) {
    snprintf(why, why_size, "cannot start its %s decoder", codec->name);
    return SP_ERR_IO;
  }
  /* The first frame says the stream's channels and rate (take_frame): an
   * MPEG-4 sample entry's channel count is a template (2) that an MP3
   * track's audio need not match, an HE-AAC track's rate its core's. */
  r->channels = C;
  r->rate = rate;
  if (decode_more(r) < 0) {
    snprintf(why, why_size, "%s", r->why);
    return SP_ERR_IO;
  }
  /* its length: av_rescale_q says INT64_MIN where it overflows */
  int64_t frames =
      st->duration < 0 ? -1 : av_rescale_q(st->duration, st->time_base, (AVRational){1, r->rate});
  /* An edit list's empty edits before its media (media_time -1, ISO/IEC
   * 14496-12 8.6.6) are silence of their duration, then the media plays
   * for its edit's: FFmpeg says them as the stream's start time, decodes
   * the media alone, and says a length that is neither (49024 frames for
   * 0.5 s empty and 1 s of media: the priming counted). */
  sp_mp4_edits ed;
  r->lead = 0;
  if (frames >= 0 && strcmp(r->kind->demuxer, "mp4") == 0 &&
      sp_mp4_edits_read(r->in.fd, (uint32_t)st->id, &ed) && ed.empty && ed.timescale <= INT32_MAX) {
    if (ed.after) { /* a gap or a second piece, not played: said, not played otherwise */
      snprintf(why, why_size,
               "its audio track's edit list holds %llu more edit%s after its first piece of "
               "media (a gap, or a second piece); stemprint plays empty edits before one piece: "
               "export the file again as one piece",
               (unsigned long long)ed.after, ed.after == 1 ? "" : "s");
      return SP_ERR_IO;
    }
    const AVRational movie = {1, (int)ed.timescale}, at_rate = {1, r->rate};
    r->lead = av_rescale_q((int64_t)(ed.empty & INT64_MAX), movie, at_rate);
    const int64_t media =
        ed.media ? av_rescale_q((int64_t)(ed.media & INT64_MAX), movie, at_rate) : frames;
    frames = r->lead < 0 || media < 0 || r->lead > INT64_MAX - media ? -1 : r->lead + media;
  }
  if (frames < 0 || frames > (int64_t)SP_AUDIO_MAX_SECONDS * r->rate) {
    if (frames < 0)
      snprintf(why, why_size, "%s", "its audio track says no length; the file is damaged");
    else
      snprintf(why, why_size,
               "its audio track says it lasts %lld frames at %d Hz, more than %s, the longest "
               "file stemprint reads; the file is damaged, or cut it",
               (long long)frames, r->rate, SP_AUDIO_MAX_TEXT);
    return SP_ERR_IO;
  }
  r->frames = frames;
  if (info) {
    memset(info, 0, sizeof *info);
    info->frames = r->frames;
    info->channels = r->channels;
    info->sample_rate = r->rate;
    info->mask = r->mask;
    if (n_audio > 1 && n_enabled != 1)
      snprintf(info->unplayed, sizeof info->unplayed,
               "%d audio tracks, %s enabled: it plays stream %d alone; give it only the track to "
               "play, or extract it first",
               n_audio, n_enabled ? "more than one" : "none", r->stream);
    snprintf(info->format, sizeof info->format, "%s", codec->name);
    info->bits = cp->codec_id == AV_CODEC_ID_ALAC ? cp->bits_per_raw_sample : 0;
    if (cp->codec_id == AV_CODEC_ID_ALAC && !info->bits)
      info->bits = cp->bits_per_coded_sample ? cp->bits_per_coded_sample : 16;
    if (cp->codec_id == AV_CODEC_ID_WAVPACK) { /* its integers' bits, or 32-bit float */
      info->is_float =
          r->dec->sample_fmt == AV_SAMPLE_FMT_FLT || r->dec->sample_fmt == AV_SAMPLE_FMT_FLTP;
      info->bits = info->is_float ? 32 : r->dec->bits_per_raw_sample; /* its first block's */
    }
    /* PCM (QuickTime's lpcm, twos, in24, fl64...): FFmpeg's PCM codecs are the ids from
     * AV_CODEC_ID_PCM_S16LE to AV_CODEC_ID_ADPCM_IMA_QT */
    if (cp->codec_id >= AV_CODEC_ID_PCM_S16LE && cp->codec_id < AV_CODEC_ID_ADPCM_IMA_QT) {
      const enum AVCodecID id = cp->codec_id;
      info->bits = cp->bits_per_coded_sample;
      info->is_float = id == AV_CODEC_ID_PCM_F32BE || id == AV_CODEC_ID_PCM_F32LE ||
                       id == AV_CODEC_ID_PCM_F64BE || id == AV_CODEC_ID_PCM_F64LE ||
                       id == AV_CODEC_ID_PCM_F16LE || id == AV_CODEC_ID_PCM_F24LE;
    }
  }
  return SP_OK;
}

sp_err sp_m4a_open(sp_probe *p, const sp_fs_kind *kind, sp_reader **out, sp_audio_info *info,
                   char *why, size_t why_size)
{
  *out = NULL;
  if (!av_loaded(why, why_size))
    return SP_ERR_IO;
  m4a_reader *r = sp_xcalloc(1, sizeof *r);
  r->base.ops = &m4a_reader_ops;
  r->probe = p;
  r->kind = kind;
  r->in.fd = sp_probe_fd(p);
  sp_err err = open_av(r, info, why, why_size);
  if (err != SP_OK) {
    m4a_reader_ops.close(&r->base);
    return err;
  }
  *out = &r->base;
  return SP_OK;
}

/* Sample k of plane p of a frame of format fmt, in ±1: integers scaled by
 * 2^-(bits-1) (exactly, for every one but a 64-bit code's lowest bits),
 * unsigned 8-bit ones about 128. */
static double sample_at(enum AVSampleFormat fmt, const uint8_t *p, size_t k)
{
  switch (fmt) {
  case AV_SAMPLE_FMT_U8:
  case AV_SAMPLE_FMT_U8P: return ((double)p[k] - 128) * 0x1p-7;
  case AV_SAMPLE_FMT_S16:
  case AV_SAMPLE_FMT_S16P: return (double)((const int16_t *)(const void *)p)[k] * 0x1p-15;
  case AV_SAMPLE_FMT_S32:
  case AV_SAMPLE_FMT_S32P: return (double)((const int32_t *)(const void *)p)[k] * 0x1p-31;
  case AV_SAMPLE_FMT_S64:
  case AV_SAMPLE_FMT_S64P: return (double)((const int64_t *)(const void *)p)[k] * 0x1p-63;
  case AV_SAMPLE_FMT_FLT:
  case AV_SAMPLE_FMT_FLTP: return ((const float *)(const void *)p)[k];
  case AV_SAMPLE_FMT_DBL:
  case AV_SAMPLE_FMT_DBLP: return ((const double *)(const void *)p)[k];
  default: return 0; /* not reached: take_frame refuses another format */
  }
}

/* The decoded frame into buf (interleaved), or false with why: the first
 * frame of channels or a rate stemprint does not read, a later one of
 * other channels or another rate than the first's (a stream that changes
 * mid-stream), a sample format none of sample_at's cases reads. */
static bool take_frame(m4a_reader *r, const AVFrame *f)
{
  /* its channels the frame's (its planes); its rate the decoder's once it has decoded it (MP3's
   * labels a frame with the rate of the one before: the first with its header's) */
  const int fc = f->ch_layout.nb_channels,
            fr = r->dec->sample_rate > 0 ? r->dec->sample_rate : f->sample_rate;
  if (!r->took) { /* the first: the stream's channels and rate */
    if (fc < 1 || fc > SP_MAX_CHANNELS || fr < SP_AUDIO_MIN_RATE || fr > SP_AUDIO_MAX_RATE) {
      snprintf(r->why, sizeof r->why,
               "its audio decodes to %d channels at %d Hz; stemprint reads 1 to %d channels at "
               "%d to %d Hz: convert it first, e.g. ffmpeg -ac 2 -ar 48000",
               fc, fr, SP_MAX_CHANNELS, SP_AUDIO_MIN_RATE, SP_AUDIO_MAX_RATE);
      return false;
    }
    r->channels = fc;
    r->rate = fr;
    r->took = true;
    const uint64_t m = f->ch_layout.order == AV_CHANNEL_ORDER_NATIVE ? f->ch_layout.u.mask : 0;
    if (fc > 2 && m <= UINT32_MAX && av_popcount64(m) == fc)
      r->mask = (uint32_t)m;
  }
  if (fc != r->channels || fr != r->rate) {
    const bool ch = fc != r->channels;
    char was[32], now[32];
    snprintf(was, sizeof was, ch ? "%d" : "%d Hz", ch ? r->channels : r->rate);
    snprintf(now, sizeof now, ch ? "%d" : "%d Hz", ch ? fc : fr);
    snprintf(r->why, sizeof r->why,
             "its %s change%s from %s to %s at frame %lld (%.1f s); stemprint reads a stream of "
             "one %s: convert it first, e.g. ffmpeg %s %d",
             ch ? "channels" : "sample rate", ch ? "" : "s", was, now, (long long)r->decoded,
             (double)r->decoded / r->rate, ch ? "channel count" : "sample rate", ch ? "-ac" : "-ar",
             ch ? r->channels : r->rate);
    return false;
  }
  const enum AVSampleFormat fmt = f->format;
  switch (fmt) {
  case AV_SAMPLE_FMT_U8:
  case AV_SAMPLE_FMT_U8P:
  case AV_SAMPLE_FMT_S16:
  case AV_SAMPLE_FMT_S16P:
  case AV_SAMPLE_FMT_S32:
  case AV_SAMPLE_FMT_S32P:
  case AV_SAMPLE_FMT_S64:
  case AV_SAMPLE_FMT_S64P:
  case AV_SAMPLE_FMT_FLT:
  case AV_SAMPLE_FMT_FLTP:
  case AV_SAMPLE_FMT_DBL:
  case AV_SAMPLE_FMT_DBLP: break;
  default: {
    const char *name = av_get_sample_fmt_name(fmt);
    snprintf(r->why, sizeof r->why,
             "its decoder gives samples as %s, which stemprint does not read; convert it first, "
             "e.g. ffmpeg -c:a pcm_s24le x.wav",
             name ? name : "an unknown format");
    return false;
  }
  }
  const size_t C = (size_t)r->channels, n = (size_t)f->nb_samples;
  if (n > r->cap) {
    r->cap = n;
    r->buf = sp_xrealloc(r->buf, n * C * sizeof *r->buf);
  }
  const bool planar = av_sample_fmt_is_planar(fmt);
  for (size_t c = 0; c < C; c++) {
    const uint8_t *p = f->extended_data[planar ? c : 0];
    for (size_t i = 0; i < n; i++)
      r->buf[i * C + c] = sample_at(fmt, p, planar ? i : i * C + c);
  }
  r->at = 0;
  r->n = n;
  r->decoded += (int64_t)n;
  return true;
}

/* Why r's file fails where it does, after what it says there (at):
 * what its boxes say is wrong (an MPEG-4 file cut short), else that it
 * is damaged. */
static void failed_at(m4a_reader *r, const char *at)
{
  sp_mp4_top top;
  char boxes[256];
  sp_mp4_top_read(r->in.fd, &top);
  if (strcmp(r->kind->demuxer, "mp4") == 0 && sp_mp4_top_said(&top, boxes, sizeof boxes))
    snprintf(r->why, sizeof r->why, "%s; %s", at, boxes);
  else
    snprintf(r->why, sizeof r->why, "%s; the file is damaged", at);
}

/* -1, why what failed at the frame decoded last, and FFmpeg's reason rc. */
static int damaged(m4a_reader *r, const char *what, int rc)
{
  char e[AV_ERROR_MAX_STRING_SIZE] = "", at[160];
  av_strerror(rc, e, sizeof e);
  snprintf(at, sizeof at, "%s after frame %lld (%.1f s): %s", what, (long long)r->decoded,
           (double)r->decoded / r->rate, e);
  failed_at(r, at);
  return -1;
}

/* Decode the next frame into buf: 1, 0 at the end, -1 on an error. */
static int decode_more(m4a_reader *r)
{
  for (;;) {
    int rc = avcodec_receive_frame(r->dec, r->frame);
    if (rc >= 0) {
      const bool took = take_frame(r, r->frame);
      av_frame_unref(r->frame);
      if (!took)
        return -1;
      if (r->n)
        return 1;
      continue;
    }
    if (rc == AVERROR_EOF)
      return 0;
    if (rc != AVERROR(EAGAIN))
      return damaged(r, "cannot decode it", rc);
    if (r->eof) /* drained */
      return 0;
    rc = av_read_frame(r->fmt, r->pkt);
    if (rc < 0 && rc != AVERROR_EOF)
      return damaged(r, "cannot read it", rc);
    if (rc == AVERROR_EOF) {
      r->eof = true;
      rc = avcodec_send_packet(r->dec, NULL);
    } else {
      rc = r->pkt->stream_index == r->stream ? avcodec_send_packet(r->dec, r->pkt) : 0;
      av_packet_unref(r->pkt);
    }
    if (rc < 0)
      return damaged(r, "cannot decode it", rc);
  }
}

/* Up to frames interleaved frames into of (float) or od (double). */
static int64_t m4a_read(m4a_reader *r, float *of, double *od, int64_t frames)
{
  const size_t C = (size_t)r->channels;
  int64_t done = 0;
  while (done < frames && r->pos < r->frames) {
    if (r->pos < r->lead) { /* an empty edit's silence */
      int64_t k = r->lead - r->pos < frames - done ? r->lead - r->pos : frames - done;
      k = k < r->frames - r->pos ? k : r->frames - r->pos;
      const size_t m = (size_t)k * C;
      if (od)
        memset(od + (size_t)done * C, 0, m * sizeof *od);
      else
        memset(of + (size_t)done * C, 0, m * sizeof *of);
      r->pos += k;
      done += k;
      continue;
    }
    if (r->at == r->n) {
      const int got = decode_more(r);
      if (got < 0)
        return -1;
      if (got == 0) {
        char at[160];
        snprintf(at, sizeof at, "it ends at frame %lld, before the %lld its edit list says",
                 (long long)r->pos, (long long)r->frames);
        failed_at(r, at);
        return -1;
      }
    }
    int64_t k = (int64_t)(r->n - r->at);
    k = k < frames - done ? k : frames - done;
    k = k < r->frames - r->pos ? k : r->frames - r->pos;
    const double *from = r->buf + r->at * C;
    const size_t m = (size_t)k * C;
    if (od)
      memcpy(od + (size_t)done * C, from, m * sizeof *od);
    else
      for (size_t i = 0; i < m; i++)
        of[(size_t)done * C + i] = (float)from[i];
    r->at += (size_t)k;
    r->pos += k;
    done += k;
  }
  return done;
}

static int64_t m4a_read_float(sp_reader *base, float *out, int64_t frames)
{
  return m4a_read((m4a_reader *)base, out, NULL, frames);
}

static int64_t m4a_read_double(sp_reader *base, double *out, int64_t frames)
{
  return m4a_read((m4a_reader *)base, NULL, out, frames);
}

static sp_err m4a_seek(sp_reader *base, int64_t frame, char *why, size_t why_size)
{
  m4a_reader *r = (m4a_reader *)base;
  if (frame < r->pos && open_av(r, NULL, why, why_size) != SP_OK)
    return SP_ERR_IO;
  float tmp[4096];
  while (r->pos < frame) {
    int64_t want = (int64_t)(sizeof tmp / sizeof *tmp) / r->channels;
    want = want < frame - r->pos ? want : frame - r->pos;
    const int64_t got = m4a_read_float(base, tmp, want);
    if (got <= 0) {
      snprintf(why, why_size, "cannot seek to frame %lld: %s", (long long)frame,
               got < 0 ? r->why : "past its end");
      return SP_ERR_IO;
    }
  }
  return SP_OK;
}

static const char *m4a_error(const sp_reader *r) { return ((const m4a_reader *)r)->why; }

static void m4a_free(sp_reader *base)
{
  m4a_reader *r = (m4a_reader *)base;
  close_av(r);
  sp_probe_release(r->probe);
  free(r->buf);
  free(r);
}

/* Parked where it stopped, partway (its seek decodes from there on). */
static void m4a_close(sp_reader *base)
{
  m4a_reader *r = (m4a_reader *)base;
  if (r->pos > 0 && r->pos < r->frames && !r->why[0])
    sp_park(base, r->probe, r->pos, m4a_free);
  else
    m4a_free(base);
}

static const sp_reader_ops m4a_reader_ops = {m4a_read_float, m4a_read_double, m4a_seek,
                                             m4a_error,      m4a_close,       sp_m4a_read_planar};

int64_t sp_m4a_read_planar(sp_reader *base, float *const *ch, int64_t frames)
{
  m4a_reader *r = (m4a_reader *)base;
  const int C = r->channels;
  float tmp[4096];
  int64_t done = 0;
  while (done < frames) {
    int64_t want = (int64_t)(sizeof tmp / sizeof *tmp) / C;
    want = want < frames - done ? want : frames - done;
    const int64_t got = m4a_read_float(base, tmp, want);
    if (got < 0)
      return -1;
    for (int64_t i = 0; i < got; i++)
      for (int c = 0; c < C; c++)
        ch[c][done + i] = tmp[i * C + c];
    done += got;
    if (got < want)
      break;
  }
  return done;
}

const sp_probe *sp_m4a_reader_probe(const sp_reader *r)
{
  return r->ops == &m4a_reader_ops ? ((const m4a_reader *)r)->probe : NULL;
}

int64_t sp_m4a_reader_pos(const sp_reader *r) { return ((const m4a_reader *)r)->pos; }

static char av_version[64];

static void find_av_version(void)
{
  char why[sizeof av_load_error];
  if (!av_loaded(why, sizeof why)) {
    snprintf(av_version, sizeof av_version, "no FFmpeg");
    return;
  }
  const unsigned f = avformat_version(), c = avcodec_version();
  snprintf(av_version, sizeof av_version, "Lavf%u.%u.%u Lavc%u.%u.%u", f >> 16, f >> 8 & 255,
           f & 255, c >> 16, c >> 8 & 255, c & 255);
}

const char *sp_m4a_library_version(void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, find_av_version);
  return av_version;
}

/* ---- the stem file ------------------------------------------------------- */

/* Whether text is a colour "#RRGGBB". */
static bool is_colour(const char *text)
{
  if (!text || strlen(text) != 7 || text[0] != '#')
    return false;
  for (int i = 1; i < 7; i++)
    if (!strchr("0123456789abcdefABCDEF", text[i]))
      return false;
  return true;
}

/* The manifest (heap), its keys in a fixed order. */
static char *stem_manifest(const sp_stem_mp4 *s)
{
  json_t *comp = json_pack("{s:b,s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f}", "enabled", 0, "ratio", 3.0,
                           "output_gain", 0.5, "release", 0.3, "attack", 0.003, "input_gain", 0.5,
                           "threshold", 0.0, "hp_cutoff", 300.0, "dry_wet", 50.0);
  json_t *lim = json_pack("{s:b,s:f,s:f,s:f}", "enabled", 0, "release", 0.05, "threshold", 0.0,
                          "ceiling", -0.35);
  json_t *stems = json_array();
  for (int i = 0; i < 4; i++)
    json_array_append_new(stems,
                          json_pack("{s:s,s:s}", "color", s->colors[i], "name", s->names[i]));
  json_t *root = json_pack("{s:i,s:{s:o,s:o},s:o}", "version", 1, "mastering_dsp", "compressor",
                           comp, "limiter", lim, "stems", stems);
  char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(root);
  char *own = sp_xstrdup(text ? text : "{}");
  free(text);
  return own;
}

/* The prints a stem file is made of: the mix's (track 0), then each
 * stem's and the prints summed into it (a group), track[k] the file's
 * track print k goes into. */
typedef struct stem_in {
  const char **file;
  int *track;
  sp_reader **rd;
  sp_audio_info *info;
  size_t n;
} stem_in;

static void stem_in_fini(stem_in *in)
{
  for (size_t k = 0; k < in->n; k++)
    if (in->rd[k])
      in->rd[k]->ops->close(in->rd[k]);
  free(in->file), free(in->track), free(in->rd), free(in->info);
}

/* The prints opened and checked to fit one another and the codec. */
static sp_err stem_open(const sp_stem_mp4 *s, stem_in *in, char *why, size_t why_size)
{
  size_t n = 5;
  for (int i = 0; i < 4; i++)
    n += s->n_also[i];
  *in = (stem_in){.file = sp_xcalloc(n, sizeof *in->file),
                  .track = sp_xcalloc(n, sizeof *in->track),
                  .rd = sp_xcalloc(n, sizeof *in->rd),
                  .info = sp_xcalloc(n, sizeof *in->info)};
  in->file[in->n++] = s->mix;
  for (int i = 0; i < 4; i++) {
    in->track[in->n] = i + 1;
    in->file[in->n++] = s->stems[i];
    for (size_t j = 0; j < s->n_also[i]; j++) {
      in->track[in->n] = i + 1;
      in->file[in->n++] = s->also[i][j];
    }
  }
  for (size_t k = 0; k < in->n; k++) {
    char e[320];
    const sp_audio_info *info = in->info;
    if (s->open(in->file[k], &in->rd[k], &in->info[k], e, sizeof e) != SP_OK) {
      snprintf(why, why_size, "%s: %s", in->file[k], e);
      return SP_ERR_IO;
    }
    const char *bad = info[k].channels != 2 ? "is not stereo (a stem file's tracks are)"
                      : info[k].sample_rate != info[0].sample_rate
                          ? "is at another rate than the mix"
                      : info[k].frames != info[0].frames ? "is of another length than the mix"
                      : s->codec == SP_FORMAT_ALAC && info[k].bits != 16 && info[k].bits != 24
                          ? "is not of 16 or 24 bits (ALAC's); print the stems at 16 or 24 bit, or "
                            "give the stem file codec aac"
                          : NULL;
    if (bad) {
      snprintf(why, why_size, "%s %s", in->file[k], bad);
      return SP_ERR_USAGE;
    }
  }
  for (int i = 0; i < 4; i++)
    if (!s->names[i] || !*s->names[i] || !is_colour(s->colors[i])) {
      snprintf(why, why_size, "stem %d needs a name and a colour \"#RRGGBB\" (got '%s')", i + 1,
               s->colors[i] ? s->colors[i] : "");
      return SP_ERR_USAGE;
    }
  return SP_OK;
}

/* Read the prints through, each track the sum of its prints (in double: a
 * group of fixed-point prints sums exactly), the four stems' tracks summed
 * against the mix's: the residual's peak (linear) into *peak; with w, each
 * block encoded too. A group whose sum passes full scale is refused (the
 * file could not hold it). */
static sp_err stem_pass(const sp_stem_mp4 *s, stem_in *in, m4a_writer *w, double *peak, char *why,
                        size_t why_size)
{
  enum { BLOCK = 4096 };
  float *buf = sp_xmalloc(2 * BLOCK * sizeof *buf), *track_f = sp_xmalloc(2 * BLOCK * sizeof *track_f);
  double *sum[5];
  int32_t *codes = sp_xmalloc(2 * BLOCK * sizeof *codes);
  for (int t = 0; t < 5; t++)
    sum[t] = sp_xmalloc(2 * BLOCK * sizeof *sum[t]);
  sp_err err = SP_OK;
  *peak = 0;
  const int64_t frames = in->info[0].frames;
  for (int64_t at = 0; err == SP_OK && at < frames; at += BLOCK) {
    const int64_t n = frames - at < BLOCK ? frames - at : BLOCK;
    for (int t = 0; t < 5; t++)
      memset(sum[t], 0, (size_t)(2 * n) * sizeof *sum[t]);
    for (size_t k = 0; err == SP_OK && k < in->n; k++) {
      if (in->rd[k]->ops->read_float(in->rd[k], buf, n) != n) {
        snprintf(why, why_size, "cannot read a print: %s", in->rd[k]->ops->error(in->rd[k]));
        err = SP_ERR_IO;
      }
      for (int64_t i = 0; err == SP_OK && i < 2 * n; i++)
        sum[in->track[k]][i] += buf[i];
    }
    for (int64_t i = 0; err == SP_OK && i < 2 * n; i++) {
      const double d = fabs(sum[1][i] + sum[2][i] + sum[3][i] + sum[4][i] - sum[0][i]);
      *peak = d > *peak ? d : *peak;
    }
    for (int t = 1; err == SP_OK && t < 5; t++)
      for (int64_t i = 0; s->n_also[t - 1] && i < 2 * n; i++)
        if (sum[t][i] * 0x1p31 > 0x1p31 - 1 || sum[t][i] < -1) {
          snprintf(why, why_size,
                   "stem '%s' (a group of %zu prints) sums past full scale (%.1f dBFS at frame "
                   "%lld): a stem file's track cannot hold it; lower the group's stems, or make "
                   "it of fewer",
                   s->names[t - 1], s->n_also[t - 1] + 1, 20 * log10(fabs(sum[t][i])),
                   (long long)(at + i / 2));
          err = SP_ERR_RENDER;
          break;
        }
    for (int t = 0; err == SP_OK && w && t < 5; t++) {
      if (w->format == SP_FORMAT_AAC) {
        for (int64_t i = 0; i < 2 * n; i++)
          track_f[i] = (float)sum[t][i];
        err = put_frames(w, t, track_f, NULL, n, why, why_size);
        continue;
      }
      for (int64_t i = 0; i < 2 * n; i++) /* the prints' codes (their sum's), exactly */
        codes[i] = (int32_t)fmax(-0x1p31, fmin(0x1p31 - 1, sum[t][i] * 0x1p31));
      err = put_frames(w, t, NULL, codes, n, why, why_size);
    }
  }
  for (int t = 0; t < 5; t++)
    free(sum[t]);
  free(buf), free(track_f), free(codes);
  return err;
}

sp_err sp_stem_mp4_write(const char *final_path, const sp_stem_mp4 *s, double *residual_db,
                         char *why, size_t why_size)
{
  *residual_db = -INFINITY;
  if (!av_loaded(why, why_size))
    return SP_ERR_IO;
  stem_in in;
  sp_err err = stem_open(s, &in, why, why_size);
  double peak = 0;
  if (err == SP_OK)
    err = stem_pass(s, &in, NULL, &peak, why, why_size);
  *residual_db = peak > 0 ? 20 * log10(peak) : -INFINITY;
  if (err == SP_OK && *residual_db > s->max_residual_db) {
    snprintf(why, why_size,
             "the four stems do not sum to the mix: the residual peaks at %.1f dBFS, over %.1f "
             "dBFS; choose stems (or groups of them) that hold every track once",
             *residual_db, s->max_residual_db);
    err = SP_ERR_RENDER;
  }
  for (size_t k = 0; err == SP_OK && k < in.n; k++)
    err = in.rd[k]->ops->seek(in.rd[k], 0, why, why_size);
  int fd = -1;
  char *temp = NULL;
  if (err == SP_OK) {
    temp = sp_fs_temp_template(final_path);
    fd = mkstemp(temp);
    if (fd < 0) {
      snprintf(why, why_size, "cannot create a file in the output folder: %s", strerror(errno));
      free(temp);
      err = SP_ERR_IO;
    }
  }
  if (err == SP_OK) {
    fchmod(fd, sp_fs_file_mode());
    const sp_depth depth = in.info[0].bits == 16 ? SP_DEPTH_16 : SP_DEPTH_24;
    m4a_writer *w = new_writer(fd, temp, final_path, s->codec, depth, 2, in.info[0].sample_rate);
    w->n_tracks = 5;
    w->kbps = s->kbps > 0 ? s->kbps : w->kbps;
    w->stem_json = stem_manifest(s);
    if (s->tags)
      m4a_tags(&w->base, s->tags, why, why_size);
    double again;
    err = stem_pass(s, &in, w, &again, why, why_size);
    if (err == SP_OK)
      err = m4a_commit(&w->base, why, why_size);
    else
      m4a_discard(&w->base);
  }
  stem_in_fini(&in);
  return err;
}
