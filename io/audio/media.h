/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef SP_AUDIO_MEDIA_H
#define SP_AUDIO_MEDIA_H

/* The engine's media (core/media/media.h) over the file system: audio
 * files read and written through io/audio/audio.h, sources streamed
 * through io/audio/stream.h, names answered by the file system. What the
 * command line and the adapters hand the engine. */

#include "core/media/media.h"

/* The one file-system media, static and shared by every render. */
const sp_media *sp_audio_media(void);

#endif
