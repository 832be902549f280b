/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MPEG-4 audio files through FFmpeg (io/audio/m4a.h). */

#include "io/audio/m4a.h"

#include "core/base/alloc.h"
#include "io/audio/mp4box.h"
#include "io/fs/fs.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { IO_BYTES = 1 << 16, MAX_COVER = 16 << 20 };

/* FFmpeg says nothing on stderr: every failure comes back as a reason. */
static void quiet(void) { av_log_set_level(AV_LOG_QUIET); }

static void init_once(void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, quiet);
}

static void say_av(char *why, size_t why_size, const char *what, int rc)
{
  char e[AV_ERROR_MAX_STRING_SIZE] = "";
  av_strerror(rc, e, sizeof e);
  snprintf(why, why_size, "%s: %s", what, e);
}

bool sp_m4a_is(int fd)
{
  unsigned char h[8];
  return pread(fd, h, 8, 0) == 8 && memcmp(h + 4, "ftyp", 4) == 0;
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

typedef struct m4a_writer {
  sp_sink base;
  int fd;
  char *temp_path, *final_path;
  sp_format format;
  sp_depth depth;
  int channels, rate, kbps;
  fd_io out;
  AVIOContext *io;
  AVFormatContext *fmt;
  AVCodecContext *enc;
  AVFrame *frame;
  AVPacket *pkt;
  int fill;                /* samples in frame so far */
  int64_t frames, packets; /* samples given; packets written */
  bool started, finished;
  sp_tags tags; /* its strings owned */
} m4a_writer;

static const sp_sink_ops m4a_sink_ops;

static char *dup_or_null(const char *s) { return s ? sp_xstrdup(s) : NULL; }

static void tags_free(sp_tags *t)
{
  free((char *)t->title), free((char *)t->artist), free((char *)t->album);
  free((char *)t->isrc), free((char *)t->year), free((char *)t->cover);
  memset(t, 0, sizeof *t);
}

sp_err sp_m4a_create(int fd, char *temp_path, const char *final_path, sp_format format,
                     sp_depth depth, int channels, int sample_rate, sp_sink **out, char *why,
                     size_t why_size)
{
  init_once();
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
  w->out.fd = fd;
  *out = &w->base;
  (void)why, (void)why_size;
  return SP_OK;
}

/* Write the packets the encoder has ready (all of them at the end). */
static sp_err drain(m4a_writer *w, char *why, size_t why_size)
{
  for (;;) {
    int rc = avcodec_receive_packet(w->enc, w->pkt);
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
      return SP_OK;
    if (rc < 0) {
      say_av(why, why_size, "cannot encode", rc);
      return SP_ERR_IO;
    }
    w->packets++;
    w->pkt->stream_index = 0;
    av_packet_rescale_ts(w->pkt, w->enc->time_base, w->fmt->streams[0]->time_base);
    if ((rc = av_write_frame(w->fmt, w->pkt)) < 0) {
      av_packet_unref(w->pkt);
      say_av(why, why_size, "cannot write audio", rc);
      return SP_ERR_IO;
    }
    av_packet_unref(w->pkt);
  }
}

/* The encoder and the muxer, at the first samples (the bitrate given). */
static sp_err start(m4a_writer *w, char *why, size_t why_size)
{
  w->started = true;
  const bool aac = w->format == SP_FORMAT_AAC;
  const AVCodec *codec = avcodec_find_encoder(aac ? AV_CODEC_ID_AAC : AV_CODEC_ID_ALAC);
  int rc = avformat_alloc_output_context2(&w->fmt, NULL, "ipod", NULL);
  if (!codec || rc < 0 || !(w->enc = avcodec_alloc_context3(codec))) {
    snprintf(why, why_size, "FFmpeg has no %s encoder or no ipod muxer", aac ? "AAC" : "ALAC");
    return SP_ERR_IO;
  }
  AVCodecContext *e = w->enc;
  e->sample_rate = w->rate;
  av_channel_layout_default(&e->ch_layout, w->channels);
  e->time_base = (AVRational){1, w->rate};
  e->flags |= AV_CODEC_FLAG_BITEXACT | AV_CODEC_FLAG_GLOBAL_HEADER;
  e->thread_count = 1;
  if (aac) {
    e->sample_fmt = AV_SAMPLE_FMT_FLTP;
    e->bit_rate = (int64_t)w->kbps * 1000;
  } else if (w->depth == SP_DEPTH_16) {
    e->sample_fmt = AV_SAMPLE_FMT_S16P;
  } else { /* 24 bits, left-justified in 32 (the encoder shifts them down) */
    e->sample_fmt = AV_SAMPLE_FMT_S32P;
    e->bits_per_raw_sample = 24;
  }
  if ((rc = avcodec_open2(e, codec, NULL)) < 0) {
    say_av(why, why_size, "cannot start the encoder", rc);
    return SP_ERR_IO;
  }
  AVStream *st = avformat_new_stream(w->fmt, NULL);
  w->io = new_io(&w->out, true);
  if (!st || !w->io || avcodec_parameters_from_context(st->codecpar, e) < 0) {
    snprintf(why, why_size, "%s", "out of memory");
    return SP_ERR_IO;
  }
  st->time_base = (AVRational){1, w->rate};
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
  w->frame = av_frame_alloc();
  w->pkt = av_packet_alloc();
  if (!w->frame || !w->pkt) {
    snprintf(why, why_size, "%s", "out of memory");
    return SP_ERR_IO;
  }
  w->frame->nb_samples = e->frame_size > 0 ? e->frame_size : 4096;
  w->frame->format = e->sample_fmt;
  w->frame->sample_rate = w->rate;
  if (av_channel_layout_copy(&w->frame->ch_layout, &e->ch_layout) < 0 ||
      av_frame_get_buffer(w->frame, 0) < 0) {
    snprintf(why, why_size, "%s", "out of memory");
    return SP_ERR_IO;
  }
  return SP_OK;
}

/* Hand the frame filled so far to the encoder (NULL: the end). */
static sp_err send(m4a_writer *w, bool last, char *why, size_t why_size)
{
  AVFrame *f = NULL;
  if (w->fill > 0) {
    f = w->frame;
    f->nb_samples = w->fill;
    f->pts = w->frames - w->fill;
  }
  int rc = f ? avcodec_send_frame(w->enc, f) : 0;
  w->fill = 0;
  if (rc >= 0 && last)
    rc = avcodec_send_frame(w->enc, NULL);
  if (rc < 0) {
    say_av(why, why_size, "cannot encode", rc);
    return SP_ERR_IO;
  }
  sp_err err = drain(w, why, why_size);
  if (err == SP_OK && !last && av_frame_make_writable(w->frame) < 0) {
    snprintf(why, why_size, "%s", "out of memory");
    return SP_ERR_IO;
  }
  return err;
}

/* Append frames of interleaved samples, float or left-justified int32. */
static sp_err put_frames(m4a_writer *w, const float *fbuf, const int32_t *ibuf, int64_t frames,
                         char *why, size_t why_size)
{
  sp_err err = w->started ? SP_OK : start(w, why, why_size);
  const int C = w->channels;
  for (int64_t i = 0; err == SP_OK && i < frames; i++) {
    for (int c = 0; c < C; c++) {
      uint8_t *plane = w->frame->extended_data[c];
      const size_t k = (size_t)i * (size_t)C + (size_t)c;
      if (w->enc->sample_fmt == AV_SAMPLE_FMT_FLTP)
        ((float *)plane)[w->fill] = fbuf ? fbuf[k] : (float)ibuf[k] * 0x1p-31f;
      else if (w->enc->sample_fmt == AV_SAMPLE_FMT_S16P)
        ((int16_t *)plane)[w->fill] = (int16_t)(ibuf[k] >> 16);
      else
        ((int32_t *)plane)[w->fill] = (int32_t)((uint32_t)ibuf[k] & 0xffffff00u);
    }
    w->fill++;
    w->frames++;
    if (w->fill == w->frame->nb_samples)
      err = send(w, false, why, why_size);
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
  return put_frames(w, buf, NULL, frames, why, why_size);
}

static sp_err m4a_int(sp_sink *s, const int32_t *buf, int64_t frames, char *why, size_t why_size)
{
  return put_frames((m4a_writer *)s, NULL, buf, frames, why, why_size);
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
  tags_free(&w->tags);
  w->tags = *t;
  w->tags.title = dup_or_null(t->title), w->tags.artist = dup_or_null(t->artist);
  w->tags.album = dup_or_null(t->album), w->tags.isrc = dup_or_null(t->isrc);
  w->tags.year = dup_or_null(t->year), w->tags.cover = dup_or_null(t->cover);
  return SP_OK;
}

/* The ilst: the tags, the cover, an AAC file's iTunSMPB (its priming, the
 * padding after the last sample to the end of the last packet, the
 * length: the fields iTunes writes, the rest 0). */
static sp_err write_meta(m4a_writer *w, char *why, size_t why_size)
{
  sp_mp4_meta m = {.tags = &w->tags};
  char smpb[160];
  if (w->format == SP_FORMAT_AAC) {
    const int64_t priming = w->enc->initial_padding;
    const int64_t pad = w->packets * w->enc->frame_size - priming - w->frames;
    snprintf(smpb, sizeof smpb,
             " 00000000 %08X %08X %016llX 00000000 00000000 00000000 00000000 00000000 00000000 "
             "00000000 00000000",
             (unsigned)priming, (unsigned)(pad > 0 ? pad : 0), (unsigned long long)w->frames);
    m.smpb = smpb;
  }
  char *cover = NULL;
  size_t n = 0;
  if (w->tags.cover) {
    char e[256];
    if (sp_fs_read_all(w->tags.cover, MAX_COVER, &cover, &n, e, sizeof e) != SP_OK) {
      snprintf(why, why_size, "its cover %s: %s", w->tags.cover, e);
      return SP_ERR_IO;
    }
    m.cover = (const unsigned char *)cover, m.cover_size = n;
  }
  const sp_err err = sp_mp4_add_meta(w->fd, &m, why, why_size);
  free(cover);
  return err;
}

static void writer_close_av(m4a_writer *w)
{
  avcodec_free_context(&w->enc);
  av_frame_free(&w->frame);
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
  if (err == SP_OK)
    err = send(w, true, why, why_size);
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
  tags_free(&w->tags);
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
  fd_io in;
  AVIOContext *io;
  AVFormatContext *fmt;
  AVCodecContext *dec;
  AVPacket *pkt;
  AVFrame *frame;
  int stream, channels;
  int64_t frames, pos; /* its length (the edit list's), the next frame a read yields */
  float *buf;          /* decoded frames not yet read: buf[at .. n) frames */
  size_t at, n, cap;
  bool eof;
  char why[320];
} m4a_reader;

static const sp_reader_ops m4a_reader_ops;

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
  r->pos = 0;
  r->eof = false;
  r->io = new_io(&r->in, false);
  r->fmt = avformat_alloc_context();
  if (!r->io || !r->fmt) {
    snprintf(why, why_size, "%s", "out of memory");
    return SP_ERR_IO;
  }
  r->fmt->pb = r->io;
  r->fmt->flags |= AVFMT_FLAG_CUSTOM_IO;
  int rc = avformat_open_input(&r->fmt, NULL, av_find_input_format("mp4"), NULL);
  if (rc < 0) {
    say_av(why, why_size, "not a readable MPEG-4 file", rc);
    return SP_ERR_IO;
  }
  const AVCodec *codec = NULL;
  r->stream = av_find_best_stream(r->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
  for (unsigned i = 0; i < r->fmt->nb_streams; i++) /* the first: a stem file's mix */
    if (r->fmt->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) {
      r->stream = (int)i;
      codec = avcodec_find_decoder(r->fmt->streams[i]->codecpar->codec_id);
      break;
    }
  if (r->stream < 0 || !codec) {
    snprintf(why, why_size, "%s", "it holds no audio track FFmpeg decodes");
    return SP_ERR_IO;
  }
  const AVStream *st = r->fmt->streams[r->stream];
  const AVCodecParameters *cp = st->codecpar;
  if (!(r->dec = avcodec_alloc_context3(codec)) || avcodec_parameters_to_context(r->dec, cp) < 0 ||
      avcodec_open2(r->dec, codec, NULL) < 0 || !(r->pkt = av_packet_alloc()) ||
      !(r->frame = av_frame_alloc())) {
    snprintf(why, why_size, "cannot start its %s decoder", codec->name);
    return SP_ERR_IO;
  }
  const int C = cp->ch_layout.nb_channels, rate = cp->sample_rate;
  if (C < 1 || C > SP_MAX_CHANNELS || rate < 1000 || rate > 768000 || st->duration < 0) {
    snprintf(why, why_size, "its audio track says %d channels at %d Hz: not one stemprint reads", C,
             rate);
    return SP_ERR_IO;
  }
  r->channels = C;
  r->frames = av_rescale_q(st->duration, st->time_base, (AVRational){1, rate});
  if (info) {
    memset(info, 0, sizeof *info);
    info->frames = r->frames;
    info->channels = C;
    info->sample_rate = rate;
    snprintf(info->format, sizeof info->format, "%s", codec->name);
    info->bits = cp->codec_id == AV_CODEC_ID_ALAC ? cp->bits_per_raw_sample : 0;
    if (cp->codec_id == AV_CODEC_ID_ALAC && !info->bits)
      info->bits = cp->bits_per_coded_sample ? cp->bits_per_coded_sample : 16;
  }
  return SP_OK;
}

sp_err sp_m4a_open(sp_probe *p, sp_reader **out, sp_audio_info *info, char *why, size_t why_size)
{
  init_once();
  *out = NULL;
  m4a_reader *r = sp_xcalloc(1, sizeof *r);
  r->base.ops = &m4a_reader_ops;
  r->probe = p;
  r->in.fd = sp_probe_fd(p);
  sp_err err = open_av(r, info, why, why_size);
  if (err != SP_OK) {
    m4a_reader_ops.close(&r->base);
    return err;
  }
  *out = &r->base;
  return SP_OK;
}

/* The decoded frame as interleaved float into buf. */
static void take_frame(m4a_reader *r, const AVFrame *f)
{
  const size_t C = (size_t)r->channels, n = (size_t)f->nb_samples;
  if (n > r->cap) {
    r->cap = n;
    r->buf = sp_xrealloc(r->buf, n * C * sizeof *r->buf);
  }
  const bool planar = av_sample_fmt_is_planar(f->format);
  for (size_t i = 0; i < n; i++)
    for (size_t c = 0; c < C; c++) {
      const uint8_t *p = planar ? f->extended_data[c] : f->extended_data[0];
      const size_t k = planar ? i : i * C + c;
      float v = 0;
      switch (f->format) {
      case AV_SAMPLE_FMT_FLT:
      case AV_SAMPLE_FMT_FLTP: v = ((const float *)p)[k]; break;
      case AV_SAMPLE_FMT_S16:
      case AV_SAMPLE_FMT_S16P: v = (float)((const int16_t *)p)[k] * 0x1p-15f; break;
      case AV_SAMPLE_FMT_S32:
      case AV_SAMPLE_FMT_S32P: v = (float)((const int32_t *)p)[k] * 0x1p-31f; break;
      default: break;
      }
      r->buf[i * C + c] = v;
    }
  r->at = 0;
  r->n = n;
}

/* Decode the next frame into buf: 1, 0 at the end, -1 on an error. */
static int decode_more(m4a_reader *r)
{
  for (;;) {
    int rc = avcodec_receive_frame(r->dec, r->frame);
    if (rc >= 0) {
      take_frame(r, r->frame);
      av_frame_unref(r->frame);
      if (r->n)
        return 1;
      continue;
    }
    if (rc == AVERROR_EOF)
      return 0;
    if (rc != AVERROR(EAGAIN)) {
      say_av(r->why, sizeof r->why, "cannot decode it", rc);
      return -1;
    }
    if (r->eof) /* drained */
      return 0;
    rc = av_read_frame(r->fmt, r->pkt);
    if (rc == AVERROR_EOF) {
      r->eof = true;
      rc = avcodec_send_packet(r->dec, NULL);
    } else if (rc >= 0) {
      rc = r->pkt->stream_index == r->stream ? avcodec_send_packet(r->dec, r->pkt) : 0;
      av_packet_unref(r->pkt);
    }
    if (rc < 0) {
      say_av(r->why, sizeof r->why, "cannot read it", rc);
      return -1;
    }
  }
}

static int64_t m4a_read_float(sp_reader *base, float *out, int64_t frames)
{
  m4a_reader *r = (m4a_reader *)base;
  const size_t C = (size_t)r->channels;
  int64_t done = 0;
  while (done < frames && r->pos < r->frames) {
    if (r->at == r->n) {
      const int got = decode_more(r);
      if (got < 0)
        return -1;
      if (got == 0) {
        snprintf(r->why, sizeof r->why,
                 "it ends at frame %lld, before the %lld its edit list says; the file is damaged",
                 (long long)r->pos, (long long)r->frames);
        return -1;
      }
    }
    int64_t k = (int64_t)(r->n - r->at);
    k = k < frames - done ? k : frames - done;
    k = k < r->frames - r->pos ? k : r->frames - r->pos;
    memcpy(out + (size_t)done * C, r->buf + r->at * C, (size_t)k * C * sizeof *out);
    r->at += (size_t)k;
    r->pos += k;
    done += k;
  }
  return done;
}

static int64_t m4a_read_double(sp_reader *base, double *out, int64_t frames)
{
  m4a_reader *r = (m4a_reader *)base;
  const size_t C = (size_t)r->channels;
  float tmp[4096];
  int64_t done = 0;
  while (done < frames) {
    int64_t want = (int64_t)(sizeof tmp / sizeof *tmp / C);
    want = want < frames - done ? want : frames - done;
    const int64_t got = m4a_read_float(base, tmp, want);
    if (got < 0)
      return -1;
    for (size_t i = 0; i < (size_t)got * C; i++)
      out[(size_t)done * C + i] = tmp[i];
    done += got;
    if (got < want)
      break;
  }
  return done;
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

static void m4a_close(sp_reader *base)
{
  m4a_reader *r = (m4a_reader *)base;
  close_av(r);
  sp_probe_release(r->probe);
  free(r->buf);
  free(r);
}

static const sp_reader_ops m4a_reader_ops = {m4a_read_float, m4a_read_double, m4a_seek, m4a_error,
                                             m4a_close};

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

static char av_version[64];

static void find_av_version(void)
{
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
