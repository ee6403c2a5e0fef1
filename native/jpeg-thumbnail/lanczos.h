// Lanczos-3 resampling of 8-bit interleaved pixels, separable (vertical, then horizontal), each
// output pixel centred on its input area and the kernel stretched by the reduction (as libvips'
// reduce and Pillow do), edges extended. libvips' resize rebuilds its masks for every image, which
// costs more than the resampling itself for a thumbnail; this one costs what the arithmetic does.
#ifndef LANCZOS_H
#define LANCZOS_H
#include <stdint.h>

/**
 * Resamples src (sw × sh × bands) into dst (dw × dh × bands); 0, or -1 when out of memory. The
 * source content spans extent_w × extent_h of its pixels (≤ sw × sh: a JPEG of odd size decoded at
 * half size ends half a pixel short of its last column), mapped onto the whole output.
 */
int lanczos3_resize(const uint8_t *src, int sw, int sh, int bands, uint8_t *dst, int dw, int dh, double extent_w,
                    double extent_h);

#endif
