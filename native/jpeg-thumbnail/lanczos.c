#include "lanczos.h"

#include <math.h>
#include <stdlib.h>

#define LOBES 3
#define PI 3.14159265358979323846

static double sinc(double x) {
  if (x == 0) return 1;
  x *= PI;
  return sin(x) / x;
}

static double lanczos3(double x) { return x > -LOBES && x < LOBES ? sinc(x) * sinc(x / LOBES) : 0; }

/** Taps of one axis: for each output index, its first input index and `taps` normalised weights. */
typedef struct {
  int taps;
  int *first;
  float *weights;
} Taps;

static void free_taps(Taps *t) {
  free(t->first);
  free(t->weights);
}

static int make_taps(Taps *t, double in, int out) {
  const double scale = in / out;                   // > 1 when reducing
  const double stretch = scale > 1 ? scale : 1;    // the kernel widens with the reduction
  const double support = LOBES * stretch;
  t->taps = (int)ceil(support) * 2 + 1;
  t->first = malloc(sizeof(int) * out);
  t->weights = malloc(sizeof(float) * out * t->taps);
  if (!t->first || !t->weights) return -1;
  for (int o = 0; o < out; o++) {
    const double centre = (o + 0.5) * scale - 0.5;  // output pixel o's centre in input coordinates
    const int first = (int)floor(centre) - t->taps / 2 + 1;
    float *w = t->weights + (size_t)o * t->taps;
    double sum = 0;
    for (int k = 0; k < t->taps; k++) sum += w[k] = (float)lanczos3((first + k - centre) / stretch);
    for (int k = 0; k < t->taps; k++) w[k] = (float)(w[k] / sum);
    t->first[o] = first;
  }
  return 0;
}

static inline int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static inline uint8_t to_u8(float v) { return v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)(v + 0.5f); }

/**
 * dst[i] = Σ_k w[k] · src[k][i] for i < n, four taps per sweep (a quarter of the loads and stores
 * of dst); contiguous, so it vectorises. One body for both passes: 8-bit rows (vertical) and the
 * transposed float columns (horizontal).
 */
#define WEIGHTED_SUM(name, T)                                                                        \
  static void name(float *restrict dst, const T *const *src, const float *w, int taps, int n) {      \
    int k = 0;                                                                                       \
    for (int i = 0; i < n; i++) dst[i] = 0;                                                          \
    for (; k + 4 <= taps; k += 4) {                                                                  \
      const T *restrict s0 = src[k], *restrict s1 = src[k + 1], *restrict s2 = src[k + 2], *restrict s3 = src[k + 3]; \
      const float w0 = w[k], w1 = w[k + 1], w2 = w[k + 2], w3 = w[k + 3];                            \
      for (int i = 0; i < n; i++) dst[i] += w0 * s0[i] + w1 * s1[i] + w2 * s2[i] + w3 * s3[i];      \
    }                                                                                                \
    for (; k < taps; k++) {                                                                          \
      const T *restrict s0 = src[k];                                                                 \
      const float w0 = w[k];                                                                         \
      for (int i = 0; i < n; i++) dst[i] += w0 * s0[i];                                             \
    }                                                                                                \
  }
WEIGHTED_SUM(weighted_sum_u8, uint8_t)
WEIGHTED_SUM(weighted_sum, float)

/** Rows computed per block of the vertical pass: their transposed writes then fill whole cache lines. */
#define BLOCK 16

int lanczos3_resize(const uint8_t *src, int sw, int sh, int bands, uint8_t *dst, int dw, int dh, double extent_w,
                    double extent_h) {
  Taps v = {0}, h = {0};
  const int row = sw * bands, column = dh * bands;  // floats in an input row; in a column after the vertical pass
  float *columns = malloc(sizeof(float) * row * dh);
  float *mid = malloc(sizeof(float) * row * BLOCK), *acc = malloc(sizeof(float) * column);
  const float **lines = NULL;
  const uint8_t **rows = NULL;
  int status = -1;
  if (!columns || !mid || !acc || make_taps(&v, extent_h, dh) || make_taps(&h, extent_w, dw) ||
      !(lines = malloc(sizeof(float *) * h.taps)) || !(rows = malloc(sizeof(uint8_t *) * v.taps)))
    goto done;
  // Vertical: each output row from whole input rows, BLOCK rows at a time, stored transposed (a
  // column of pixels per input x) so that the horizontal pass runs over contiguous memory too.
  for (int y0 = 0; y0 < dh; y0 += BLOCK) {
    const int n = dh - y0 < BLOCK ? dh - y0 : BLOCK;
    for (int j = 0; j < n; j++) {
      const int y = y0 + j;
      for (int k = 0; k < v.taps; k++) rows[k] = src + (size_t)clampi(v.first[y] + k, 0, sh - 1) * row;
      weighted_sum_u8(mid + (size_t)j * row, rows, v.weights + y * v.taps, v.taps, row);
    }
    for (int x = 0; x < sw; x++) {
      float *to = columns + (size_t)x * column + (size_t)y0 * bands;
      const float *from = mid + (size_t)x * bands;
      if (bands == 3)  // spelled out: a loop over the bands becomes a memcpy call per pixel
        for (int j = 0; j < n; j++) to[3 * j] = from[j * row], to[3 * j + 1] = from[j * row + 1], to[3 * j + 2] = from[j * row + 2];
      else if (bands == 1)
        for (int j = 0; j < n; j++) to[j] = from[j * row];
      else
        for (int j = 0; j < n; j++)
          for (int c = 0; c < bands; c++) to[j * bands + c] = from[j * row + c];
    }
  }
  // Horizontal: each output column from whole input columns.
  for (int x = 0; x < dw; x++) {
    for (int k = 0; k < h.taps; k++) lines[k] = columns + (size_t)clampi(h.first[x] + k, 0, sw - 1) * column;
    weighted_sum(acc, lines, h.weights + x * h.taps, h.taps, column);
    uint8_t *to = dst + (size_t)x * bands;
    const size_t stride = (size_t)dw * bands;
    if (bands == 3)
      for (int y = 0; y < dh; y++) to[y * stride] = to_u8(acc[3 * y]), to[y * stride + 1] = to_u8(acc[3 * y + 1]), to[y * stride + 2] = to_u8(acc[3 * y + 2]);
    else
      for (int y = 0; y < dh; y++)
        for (int c = 0; c < bands; c++) to[y * stride + c] = to_u8(acc[y * bands + c]);
  }
  status = 0;
done:
  free_taps(&v);
  free_taps(&h);
  free(rows);
  free(columns);
  free(mid);
  free(acc);
  free(lines);
  return status;
}
