// Thumbnails of JPEG files on the libvips that sharp has already loaded into this process: sharp's
// thumbnail pipeline (EXIF orientation, fit inside, no enlargement, ICC profile to sRGB, JPEG q80)
// with less work per image. A 640×480 photo to 256 px is the case that matters (ML datasets): sharp
// decodes all its pixels (its shrink-on-load stops below a 3× reduction) and libvips' resize costs
// about 1 ms per image whatever its size; here the JPEG is decoded at 320×240 by libjpeg's scaled
// IDCT on this thread and reduced by our Lanczos-3 (lanczos.c): a third less CPU per thumbnail.
//
// Nothing is linked at build time: init(name) attaches to the library sharp loaded (dlopen with
// RTLD_NOLOAD by the name sharp's version gives), so no second libvips is ever loaded and no header
// or path of sharp's packages is needed. What this does not do as sharp would (CMYK, over the pixel
// limit, unreadable data, a failing ICC transform) it declines, and the caller renders with sharp.
#include "thumbnailer.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#ifndef _WIN32
#include <dlfcn.h>
#endif

#include "lanczos.h"

typedef struct _VipsImage VipsImage;
typedef struct _VipsRegion VipsRegion;
typedef unsigned long GType;

static int (*vips_jpegload_buffer)(const void *buf, size_t len, VipsImage **out, ...);
static VipsRegion *(*vips_region_new)(VipsImage *image);
static void *(*vips_region_fetch)(VipsRegion *region, int left, int top, int width, int height, size_t *len);
static VipsImage *(*vips_image_new_from_memory)(const void *data, size_t size, int width, int height, int bands, int format);
static int (*vips_copy)(VipsImage *in, VipsImage **out, ...);
static int (*vips_icc_transform)(VipsImage *in, VipsImage **out, const char *output_profile, ...);
static void (*vips_image_set_int)(VipsImage *im, const char *name, int i);
static int (*vips_autorot)(VipsImage *in, VipsImage **out, ...);
static int (*vips_jpegsave_buffer)(VipsImage *in, void **buf, size_t *len, ...);
static int (*vips_image_get_width)(const VipsImage *im);
static int (*vips_image_get_height)(const VipsImage *im);
static int (*vips_image_get_bands)(const VipsImage *im);
static int (*vips_image_get_format)(const VipsImage *im);
static int (*vips_image_get_interpretation)(const VipsImage *im);
static GType (*vips_image_get_typeof)(const VipsImage *im, const char *name);
static int (*vips_image_get_int)(VipsImage *im, const char *name, int *out);
static void (*g_object_unref)(void *obj);
static void (*g_free)(void *mem);
static void (*vips_error_clear)(void);
static void (*vips_thread_shutdown)(void);

// libvips enums (stable across 8.x).
enum { ACCESS_SEQUENTIAL = 1, FAIL_ON_NONE = 0, FORMAT_UCHAR = 0, INTERPRETATION_B_W = 1, INTERPRETATION_SRGB = 22,
       INTENT_PERCEPTUAL = 0, SUBSAMPLE_ON = 1, KEEP_NONE = 0 };

#ifndef _WIN32
static int bind_symbols(void *lib, char *why, size_t why_len) {
#define BIND(name)                                                          \
  if (!(*(void **)&name = dlsym(lib, #name))) {                             \
    snprintf(why, why_len, "libvips has no %s", #name);                    \
    return 0;                                                               \
  }
  BIND(vips_jpegload_buffer) BIND(vips_region_new) BIND(vips_region_fetch) BIND(vips_image_new_from_memory) BIND(vips_copy) BIND(vips_icc_transform)
  BIND(vips_image_set_int) BIND(vips_autorot)
  BIND(vips_jpegsave_buffer) BIND(vips_image_get_width) BIND(vips_image_get_height) BIND(vips_image_get_bands)
  BIND(vips_image_get_format) BIND(vips_image_get_interpretation) BIND(vips_image_get_typeof)
  BIND(vips_image_get_int) BIND(g_object_unref) BIND(g_free) BIND(vips_error_clear) BIND(vips_thread_shutdown)
#undef BIND
  return 1;
}
#endif

int thumbnailer_attach(const char *library, char *why, size_t why_len) {
#ifdef _WIN32
  (void)library;
  snprintf(why, why_len, "not available on Windows");
  return 0;
#else
  void *lib = dlopen(library, RTLD_NOW | RTLD_NOLOAD);
  if (!lib) {
    snprintf(why, why_len, "%s is not loaded (%s)", library, dlerror());
    return 0;
  }
  return bind_symbols(lib, why, why_len);
#endif
}

void thumbnailer_free(void *out) {
  if (out) g_free(out);
}

/** sharp's shrink-on-load for a JPEG (fastShrinkOnLoad): the largest of 8, 4, 2 within the
 * reduction, halved when the reduction's integer part equals it (its guard for libjpeg's rounding). */
static int sharp_shrink_on_load(double shrink) {
  int s = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
  return s > 1 && (int)shrink == s ? s / 2 : s;
}

/** sharp's fit 'inside' of size × size without enlargement: the one shrink of both axes. */
static double fit_inside(double width, double height, int size) {
  const double shrink = fmax(width / size, height / size);
  return shrink < 1 ? 1 : shrink;
}
static void unref_all(VipsImage **images, int n) {
  for (int i = 0; i < n; i++)
    if (images[i]) g_object_unref(images[i]);
}

/**
 * sharp's pipeline for rotate().resize(size, size, {fit: 'inside', withoutEnlargement: true})
 * .flatten().jpeg({quality: 80}) on an 8-bit sRGB or grey JPEG without an ICC profile, with the
 * decode shrunk on load (shrink_on_load) and Lanczos-3 for the rest.
 */
static void render(Thumbnail *t) {
  VipsImage *im[6] = {0};  // header, shrunk on load, in sRGB, wrapped pixels, interpreted, rotated
  uint8_t *pixels = NULL, *small = NULL;
  t->declined = NULL;
  if (vips_jpegload_buffer(t->data, t->length, &im[0], "fail_on", FAIL_ON_NONE, "access", ACCESS_SEQUENTIAL, NULL)) {
    t->declined = "libvips could not read the JPEG header";
    return;
  }
  int w = vips_image_get_width(im[0]), h = vips_image_get_height(im[0]), bands = vips_image_get_bands(im[0]);
  int interpretation = vips_image_get_interpretation(im[0]);
  int orientation = 1;
  if (vips_image_get_typeof(im[0], "orientation") && vips_image_get_int(im[0], "orientation", &orientation)) orientation = 1;
  if ((double)w * (double)h > t->max_pixels) t->declined = "over the pixel limit";
  else if (vips_image_get_format(im[0]) != FORMAT_UCHAR) t->declined = "not 8-bit";
  else if (!((bands == 3 && interpretation == INTERPRETATION_SRGB) || (bands == 1 && interpretation == INTERPRETATION_B_W)))
    t->declined = "not sRGB or grey";
  if (t->declined) return unref_all(im, 6);

  // sharp's shrink-on-load, and also half size for a reduction of 2.5 to 3, which sharp decodes in
  // full (640×480 → 256×192: decoded at 320×240, Lanczos-3 then reduces by 1.25, as it does after
  // sharp's own shrink-on-load). The size is sharp's: from the dimensions it resizes (the loaded
  // ones after its shrink-on-load, else the file's), rounded as libvips rounds.
  const double shrink = fit_inside(w, h, t->size);
  const int sharp_shrink = sharp_shrink_on_load(shrink);
  const int jpeg_shrink = sharp_shrink == 1 && shrink >= 2.5 ? 2 : sharp_shrink;
  VipsImage *img = im[0];
  if (jpeg_shrink > 1) {
    if (vips_jpegload_buffer(t->data, t->length, &im[1], "fail_on", FAIL_ON_NONE, "access", ACCESS_SEQUENTIAL,
                             "shrink", jpeg_shrink, NULL)) {
      t->declined = "libvips could not shrink the JPEG on load";
      return unref_all(im, 6);
    }
    img = im[1];
  }
  const double base_w = jpeg_shrink == sharp_shrink ? vips_image_get_width(img) : w;
  const double base_h = jpeg_shrink == sharp_shrink ? vips_image_get_height(img) : h;
  const double resize = fit_inside(base_w, base_h, t->size);
  const int target_w = (int)(base_w / resize + 0.5), target_h = (int)(base_h / resize + 0.5);
  if (target_w < 1 || target_h < 1) {
    t->declined = "thinner than a pixel at this size";
    return unref_all(im, 6);
  }
  // An embedded profile: to sRGB as sharp does (perceptual, 8 bits), before resampling. sharp goes
  // on without the profile when the transform fails (with a warning); declined here, so sharp does.
  if (vips_image_get_typeof(img, "icc-profile-data")) {
    if (vips_icc_transform(img, &im[2], "srgb", "embedded", 1, "intent", INTENT_PERCEPTUAL, "depth", 8, NULL)) {
      t->declined = "libvips could not apply the ICC profile";
      return unref_all(im, 6);
    }
    img = im[2];
    bands = vips_image_get_bands(img);
    if (vips_image_get_format(img) != FORMAT_UCHAR || bands != 3) {
      t->declined = "the ICC profile did not give 8-bit sRGB";
      return unref_all(im, 6);
    }
  }
  int lw = vips_image_get_width(img), lh = vips_image_get_height(img);
  // What the decoded pixels span: all of them for sharp's own shrink (as libvips' resize takes
  // them); the file's size over the shrink for ours (641 px at half size: 320.5 of 321 pixels).
  const double extent_w = jpeg_shrink == sharp_shrink ? lw : (double)w / jpeg_shrink;
  const double extent_h = jpeg_shrink == sharp_shrink ? lh : (double)h / jpeg_shrink;
  // Decoded on this thread (a region fetch): no libvips thread pool to hand the strips over.
  size_t decoded = 0;
  VipsRegion *region = vips_region_new(img);
  if (region) {
    pixels = vips_region_fetch(region, 0, 0, lw, lh, &decoded);
    g_object_unref(region);
  }
  if (!pixels || decoded != (size_t)lw * lh * bands) {
    t->declined = "libvips could not decode";
    goto done;
  }
  if (lw != target_w || lh != target_h) {
    if (!(small = malloc((size_t)target_w * target_h * bands)) ||
        lanczos3_resize(pixels, lw, lh, bands, small, target_w, target_h, extent_w, extent_h)) {
      t->declined = "out of memory";
      goto done;
    }
  }
  const uint8_t *out = small ? small : pixels;
  if (!(im[3] = vips_image_new_from_memory(out, (size_t)target_w * target_h * bands, target_w, target_h, bands, FORMAT_UCHAR)) ||
      vips_copy(im[3], &im[4], "interpretation", bands == 3 ? INTERPRETATION_SRGB : INTERPRETATION_B_W, NULL)) {
    t->declined = "libvips could not wrap the pixels";
    goto done;
  }
  img = im[4];
  if (orientation > 1 && orientation <= 8) {
    vips_image_set_int(img, "orientation", orientation);
    if (vips_autorot(img, &im[5], NULL)) {
      t->declined = "libvips could not rotate";
      goto done;
    }
    img = im[5];
  }
  // Huffman tables as libjpeg's defaults, not optimised per image: the same pixels, files ~10 %
  // bigger, and ~0.5 ms less CPU a thumbnail (a second pass over the coefficients).
  if (vips_jpegsave_buffer(img, &t->out, &t->out_length, "Q", 80, "keep", KEEP_NONE, "interlace", 0,
                           "subsample_mode", SUBSAMPLE_ON, "trellis_quant", 0, "quant_table", 0,
                           "overshoot_deringing", 0, "optimize_scans", 0, "optimize_coding", 0, NULL)) {
    t->declined = "libvips could not encode";
    t->out = NULL;
  }
done:
  unref_all(im, 6);  // before the pixels they wrap
  if (pixels) g_free(pixels);
  free(small);
}

void thumbnailer_render(Thumbnail *t) {
  render(t);
  // As sharp does after every pipeline: libvips' error buffer grows with each warning of a damaged
  // JPEG that still decodes (~13 KB a render of a truncated file), and this thread's libvips data.
  vips_error_clear();
  vips_thread_shutdown();
}
