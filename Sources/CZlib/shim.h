// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <zlib.h>

// deflateInit is a macro (it passes the library's version and the stream's size): Swift cannot call it.
static inline int phota_deflate_init(z_stream *stream, int level) { return deflateInit(stream, level); }
