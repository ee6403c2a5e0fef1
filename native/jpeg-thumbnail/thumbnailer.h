// The thumbnail pipeline on sharp's libvips, apart from Node-API (binding.c calls it).
#ifndef THUMBNAILER_H
#define THUMBNAILER_H
#include <stddef.h>

/** One thumbnail to render: the JPEG's bytes in, the thumbnail JPEG (or why it declined) out. */
typedef struct {
  const void *data;
  size_t length;
  int size;
  double max_pixels;
  void *out;             // libvips' buffer: thumbnailer_free it
  size_t out_length;
  const char *declined;  // static string: why this was left to sharp, or NULL
} Thumbnail;

/** Attaches to the libvips already loaded under `library`: 1, or 0 with why not in `why`. */
int thumbnailer_attach(const char *library, char *why, size_t why_len);

/** Renders, or declines; then clears libvips' error buffer and this thread's libvips data, as sharp does. */
void thumbnailer_render(Thumbnail *t);

void thumbnailer_free(void *out);

#endif
