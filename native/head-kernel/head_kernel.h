#ifndef HEAD_KERNEL_H
#define HEAD_KERNEL_H
#include <stdint.h>

typedef struct {
  const float *x;            // [n_total, dim] cached features
  const int32_t *y;          // [n_total] label per row
  const float *class_weight; // [labels]
  const int32_t *order;      // [n] rows of this epoch, in batch order
  int n, dim, labels, batch;
  float *w, *m, *v;          // [dim + 1, labels]: weight rows then the bias row; updated in place
  double lr, weight_decay, b1, b2, eps;
  long t;                    // optimizer steps taken before this epoch
} HeadEpochArgs;

typedef struct {
  double loss_sum, weight_sum, correct, t;
} HeadEpochStats;

typedef struct {
  float b1, b2, lr_c1, inv_sqrt_c2, eps, decay;
} AdamStep;

/** One epoch of AdamW steps; 0 on success, -1 when memory runs out. */
int head_epoch(const HeadEpochArgs *a, HeadEpochStats *out);

/** The instruction set the kernel uses on this CPU: avx512, avx2, sse2, neon, generic, or portable (scalar C). */
const char *head_kernel_isa(void);

#endif
