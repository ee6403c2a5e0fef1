// One variant of the epoch kernel. head_kernel.c includes this file once per vector width, with
// VL (floats per vector), FN(name) (the variant's names) and TARGET (its instruction set) set.

#ifdef HEAD_KERNEL_SCALAR
typedef float FN(vf); // portable C: one float per "vector", left to the compiler's own vectorizer
#else
// aligned(4): loads and stores through this type are unaligned-safe.
typedef float FN(vf) __attribute__((vector_size(VL * sizeof(float)), aligned(4)));
#endif
#define vf FN(vf)
#define LOAD(p) (*(const vf *)(p))
#define STORE(p, x) (*(vf *)(p) = (x))

/** z [B, Lp] = b + x · W [D, Lp] for the batch's rows: 4 rows × 2 vectors of logits held in registers. */
TARGET static void FN(logits_forward)(const float *const *rows, int B, int D, const float *RESTRICT W, int Lp, float *RESTRICT z) {
  const float *bias = W + (size_t)D * Lp;
  for (int k0 = 0; k0 < B; k0 += 4) {
    const int kr = B - k0 < 4 ? B - k0 : 4;
    // Missing rows of a last partial tile read row 0 again; their sums are dropped.
    const float *x0 = rows[k0], *x1 = rows[k0 + (kr > 1)], *x2 = rows[k0 + 2 * (kr > 2)], *x3 = rows[k0 + 3 * (kr > 3)];
    for (int j = 0; j < Lp; j += 2 * VL) {
      const int two = j + VL < Lp;
      const float *wj = W + j;
      vf a00 = LOAD(bias + j), a10 = a00, a20 = a00, a30 = a00;
      vf a01 = a00 * 0, a11, a21, a31;
      if (two) {
        a01 = LOAD(bias + j + VL);
        a11 = a21 = a31 = a01;
        for (int d = 0; d < D; d++) {
          const vf w0 = LOAD(wj + (size_t)d * Lp), w1 = LOAD(wj + (size_t)d * Lp + VL);
          a00 += x0[d] * w0; a01 += x0[d] * w1;
          a10 += x1[d] * w0; a11 += x1[d] * w1;
          a20 += x2[d] * w0; a21 += x2[d] * w1;
          a30 += x3[d] * w0; a31 += x3[d] * w1;
        }
      } else {
        a11 = a21 = a31 = a01;
        for (int d = 0; d < D; d++) {
          const vf w0 = LOAD(wj + (size_t)d * Lp);
          a00 += x0[d] * w0; a10 += x1[d] * w0; a20 += x2[d] * w0; a30 += x3[d] * w0;
        }
      }
      const vf acc[4][2] = {{a00, a01}, {a10, a11}, {a20, a21}, {a30, a31}};
      for (int r = 0; r < kr; r++) {
        STORE(z + (size_t)(k0 + r) * Lp + j, acc[r][0]);
        if (two) STORE(z + (size_t)(k0 + r) * Lp + j + VL, acc[r][1]);
      }
    }
  }
}

/**
 * Rows d0.. of ∂W = xᵀ·G (the bias row D has x = 1), 4 rows at a time, each followed at once by
 * PyTorch's AdamW on those rows: decoupled decay on weight rows only, the bias is not decayed.
 */
TARGET static void FN(grad_adamw)(const float *const *rows, int B, int D, const float *RESTRICT G, int Lp, float *RESTRICT W,
                                        float *RESTRICT m, float *RESTRICT v, float *RESTRICT g, const AdamStep *s) {
  for (int d0 = 0; d0 <= D; d0 += 4) {
    const int dr = D + 1 - d0 < 4 ? D + 1 - d0 : 4;
    if (dr == 4 && d0 + 3 < D) {
      for (int j = 0; j < Lp; j += 2 * VL) {
        vf a00 = LOAD(G + j) * 0, a10 = a00, a20 = a00, a30 = a00, a01 = a00, a11 = a00, a21 = a00, a31 = a00;
        if (j + VL < Lp) {
          for (int k = 0; k < B; k++) {
            const vf g0 = LOAD(G + (size_t)k * Lp + j), g1 = LOAD(G + (size_t)k * Lp + j + VL);
            const float *x = rows[k] + d0;
            a00 += x[0] * g0; a10 += x[1] * g0; a20 += x[2] * g0; a30 += x[3] * g0;
            a01 += x[0] * g1; a11 += x[1] * g1; a21 += x[2] * g1; a31 += x[3] * g1;
          }
          STORE(g + j + VL, a01); STORE(g + Lp + j + VL, a11); STORE(g + 2 * Lp + j + VL, a21); STORE(g + 3 * Lp + j + VL, a31);
        } else {
          for (int k = 0; k < B; k++) {
            const vf g0 = LOAD(G + (size_t)k * Lp + j);
            const float *x = rows[k] + d0;
            a00 += x[0] * g0; a10 += x[1] * g0; a20 += x[2] * g0; a30 += x[3] * g0;
          }
        }
        STORE(g + j, a00); STORE(g + Lp + j, a10); STORE(g + 2 * Lp + j, a20); STORE(g + 3 * Lp + j, a30);
      }
    } else {
      for (int r = 0; r < dr; r++) {
        for (int j = 0; j < Lp; j += VL) {
          vf a = LOAD(G + j) * 0;
          for (int k = 0; k < B; k++) a += (d0 + r < D ? rows[k][d0 + r] : 1.0f) * LOAD(G + (size_t)k * Lp + j);
          STORE(g + r * Lp + j, a);
        }
      }
    }
    const size_t o = (size_t)d0 * Lp;
    const int wcells = (d0 + dr <= D ? dr : D - d0) * Lp; // the bias row, when in this tile, is last
    float *RESTRICT wr = W + o, *RESTRICT mr = m + o, *RESTRICT vr = v + o;
    for (int c = 0; c < dr * Lp; c++) {
      const float gi = g[c];
      const float mi = s->b1 * mr[c] + (1.0f - s->b1) * gi;
      const float vi = s->b2 * vr[c] + (1.0f - s->b2) * gi * gi;
      mr[c] = mi;
      vr[c] = vi;
      wr[c] = wr[c] * (c < wcells ? s->decay : 1.0f) - s->lr_c1 * mi / (sqrtf(vi) * s->inv_sqrt_c2 + s->eps);
    }
  }
}

TARGET static int FN(head_epoch)(const HeadEpochArgs *a, HeadEpochStats *out) {
  const int D = a->dim, L = a->labels, BS = a->batch, Lp = (L + VL - 1) / VL * VL;
  const size_t cells = (size_t)(D + 1) * Lp;
  // Working copies with the label axis padded to whole vectors (padding stays 0: no gradient, no update).
  float *W = aligned_floats(bytes(cells)), *m = aligned_floats(bytes(cells)), *v = aligned_floats(bytes(cells));
  float *z = aligned_floats(bytes((size_t)BS * Lp)), *g = aligned_floats(bytes(4 * (size_t)Lp));
  const float **rows = malloc(sizeof(float *) * (size_t)BS);
  int32_t *labels = malloc(sizeof(int32_t) * (size_t)BS);
  if (!W || !m || !v || !z || !g || !rows || !labels) {
    aligned_release(W); aligned_release(m); aligned_release(v); aligned_release(z); aligned_release(g); free(rows); free(labels);
    return -1;
  }
  memset(W, 0, bytes(cells)); memset(m, 0, bytes(cells)); memset(v, 0, bytes(cells));
  for (int d = 0; d <= D; d++) {
    memcpy(W + (size_t)d * Lp, a->w + (size_t)d * L, L * sizeof(float));
    memcpy(m + (size_t)d * Lp, a->m + (size_t)d * L, L * sizeof(float));
    memcpy(v + (size_t)d * Lp, a->v + (size_t)d * L, L * sizeof(float));
  }
  double loss = 0, wsum = 0;
  long correct = 0, t = a->t;
  for (int first = 0; first < a->n; first += BS) {
    const int B = a->n - first < BS ? a->n - first : BS;
    for (int k = 0; k < B; k++) {
      const int row = a->order[first + k];
      rows[k] = a->x + (size_t)row * D;
      labels[k] = a->y[row];
    }
    FN(logits_forward)(rows, B, D, W, Lp, z);
    loss_and_grad(z, B, L, Lp, labels, a->class_weight, &loss, &wsum, &correct);
    t++;
    const double c1 = 1 - pow(a->b1, (double)t), c2 = 1 - pow(a->b2, (double)t);
    const AdamStep s = {(float)a->b1, (float)a->b2, (float)(a->lr / c1), (float)(1 / sqrt(c2)), (float)a->eps, (float)(1 - a->lr * a->weight_decay)};
    FN(grad_adamw)(rows, B, D, z, Lp, W, m, v, g, &s);
  }
  for (int d = 0; d <= D; d++) {
    memcpy(a->w + (size_t)d * L, W + (size_t)d * Lp, L * sizeof(float));
    memcpy(a->m + (size_t)d * L, m + (size_t)d * Lp, L * sizeof(float));
    memcpy(a->v + (size_t)d * L, v + (size_t)d * Lp, L * sizeof(float));
  }
  aligned_release(W); aligned_release(m); aligned_release(v); aligned_release(z); aligned_release(g); free(rows); free(labels);
  out->loss_sum = loss;
  out->weight_sum = wsum;
  out->correct = (double)correct;
  out->t = (double)t;
  return 0;
}

#undef vf
#undef LOAD
#undef STORE
