// AdamW on softmax regression (the classification head over cached [CLS] features), one epoch
// per call: logits = x·W + b for the batch, ∂loss/∂logits, then ∂W = xᵀ·G fused with the AdamW
// update a few rows at a time, so the gradient is never stored and W, m, v are read once per
// step. Same math, batches and order as head.ts / head-ort.ts; results agree up to float rounding.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "head_kernel.h"

// Toolchain differences: MSVC has no C11 aligned_alloc and spells restrict __restrict; compilers
// without GCC/Clang vector extensions get the portable scalar variant.
#if defined(_MSC_VER)
#include <malloc.h>
#define RESTRICT __restrict
static void *aligned_floats(size_t bytes) { return _aligned_malloc(bytes, 64); }
static void aligned_release(void *p) { _aligned_free(p); }
#else
#define RESTRICT restrict
static void *aligned_floats(size_t bytes) { return aligned_alloc(64, bytes); }
static void aligned_release(void *p) { free(p); }
#endif
#if !defined(__GNUC__) && !defined(__clang__) && !defined(HEAD_KERNEL_SCALAR)
#define HEAD_KERNEL_SCALAR 1
#endif

static size_t bytes(size_t floats) { return (floats * sizeof(float) + 63) / 64 * 64; }

/** Softmax cross-entropy of each row of z [B, Lp]; z becomes G = (p − onehot)·w_y/Σw in place. */
static void loss_and_grad(float *z, int B, int L, int Lp, const int32_t *labels, const float *cw, double *loss, double *wsum_all, long *correct) {
  double wsum = 0;
  for (int k = 0; k < B; k++) wsum += cw[labels[k]];
  for (int k = 0; k < B; k++) {
    float *zk = z + (size_t)k * Lp;
    const int y = labels[k];
    const double wy = cw[y];
    float max = zk[0];
    int arg = 0;
    for (int c = 1; c < L; c++)
      if (zk[c] > max) { max = zk[c]; arg = c; }
    const float zy = zk[y];
    float sum = 0;
    for (int c = 0; c < L; c++) sum += (zk[c] = expf(zk[c] - max));
    *loss += wy * (log((double)sum) + max - zy);
    *wsum_all += wy;
    if (arg == y) (*correct)++;
    const float scale = wsum > 0 ? (float)(wy / wsum) : 0.0f, inv = 1.0f / sum;
    for (int c = 0; c < L; c++) zk[c] = (zk[c] * inv - (c == y)) * scale;
    for (int c = L; c < Lp; c++) zk[c] = 0;
  }
}

// The widest vectors the CPU has, picked at load time. x86-64 with GCC/Clang on ELF: 512-bit
// (AVX-512), else 256-bit built twice (AVX2+FMA, or SSE2 as pairs) by target_clones. Elsewhere
// the toolchain's baseline (NEON on arm64) through 256-bit generic vectors.
#if defined(HEAD_KERNEL_SCALAR)
#define VL 1
#define FN(name) name##_scalar
#define TARGET
#include "head_kernel_impl.h"
#elif defined(__x86_64__) && defined(__GNUC__) && !defined(__APPLE__) && !defined(_WIN32)
#define HAVE_AVX512_VARIANT 1
#define VL 16
#define FN(name) name##_avx512
#define TARGET __attribute__((target("arch=x86-64-v4")))
#include "head_kernel_impl.h"
#undef VL
#undef FN
#undef TARGET
#define TARGET __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define TARGET
#endif
#ifndef HEAD_KERNEL_SCALAR
#define VL 8
#define FN(name) name##_vec8
#include "head_kernel_impl.h"
#endif

#ifdef HAVE_AVX512_VARIANT
// VIT_STUDIO_HEAD_KERNEL_VEC=8 forces the 256-bit variant (tests compare the two).
static int has_avx512(void) {
  const char *vec = getenv("VIT_STUDIO_HEAD_KERNEL_VEC");
  if (vec && strcmp(vec, "8") == 0) return 0;
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq");
}
#endif

int head_epoch(const HeadEpochArgs *a, HeadEpochStats *out) {
#ifdef HEAD_KERNEL_SCALAR
  return head_epoch_scalar(a, out);
#else
#ifdef HAVE_AVX512_VARIANT
  if (has_avx512()) return head_epoch_avx512(a, out);
#endif
  return head_epoch_vec8(a, out);
#endif
}

const char *head_kernel_isa(void) {
#if defined(HEAD_KERNEL_SCALAR)
  return "portable";
#elif defined(HAVE_AVX512_VARIANT)
  if (has_avx512()) return "avx512";
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? "avx2" : "sse2";
#elif defined(__aarch64__)
  return "neon";
#else
  return "generic";
#endif
}
