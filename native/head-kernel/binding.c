// Node-API binding of the head kernel: ABI-stable, so one build serves Node and Electron.
// epoch(x, y, classWeight, order, w, m, v, params, stats) runs one epoch of AdamW steps
// synchronously (callers run it in a worker process) and updates w, m, v in place.
#include <node_api.h>
#include <stdio.h>

#include "head_kernel.h"

#define CHECK(call)                                                          \
  do {                                                                       \
    if ((call) != napi_ok) {                                                 \
      napi_throw_error(env, NULL, "head kernel: Node-API call failed");      \
      return NULL;                                                           \
    }                                                                        \
  } while (0)

/** The data of a typed array argument of the expected type, or NULL after throwing a TypeError. */
static void *typed(napi_env env, napi_value value, napi_typedarray_type want, const char *name, size_t *length) {
  bool is;
  napi_typedarray_type type;
  void *data;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, value, &type, length, &data, NULL, NULL) != napi_ok || type != want) {
    char msg[96];
    snprintf(msg, sizeof msg, "head kernel: %s has the wrong type", name);
    napi_throw_type_error(env, NULL, msg);
    return NULL;
  }
  return data;
}

static napi_value range_error(napi_env env, const char *what) {
  char msg[128];
  snprintf(msg, sizeof msg, "head kernel: %s", what);
  napi_throw_range_error(env, NULL, msg);
  return NULL;
}

// params: [dim, labels, batch, lr, weightDecay, beta1, beta2, eps, stepsSoFar]
// stats (out): [lossSum, weightSum, correct, stepsAfter]
static napi_value epoch(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 9) return range_error(env, "epoch takes 9 arguments");
  size_t nx, ny, ncw, norder, nw, nm, nv, np, ns;
  const float *x = typed(env, argv[0], napi_float32_array, "x", &nx);
  if (!x) return NULL;
  const int32_t *y = typed(env, argv[1], napi_int32_array, "y", &ny);
  if (!y) return NULL;
  const float *cw = typed(env, argv[2], napi_float32_array, "classWeight", &ncw);
  if (!cw) return NULL;
  const int32_t *order = typed(env, argv[3], napi_int32_array, "order", &norder);
  if (!order) return NULL;
  float *w = typed(env, argv[4], napi_float32_array, "w", &nw);
  if (!w) return NULL;
  float *m = typed(env, argv[5], napi_float32_array, "m", &nm);
  if (!m) return NULL;
  float *v = typed(env, argv[6], napi_float32_array, "v", &nv);
  if (!v) return NULL;
  const double *p = typed(env, argv[7], napi_float64_array, "params", &np);
  if (!p) return NULL;
  double *stats = typed(env, argv[8], napi_float64_array, "stats", &ns);
  if (!stats) return NULL;
  if (np != 9 || ns != 4) return range_error(env, "params needs 9 numbers and stats 4");
  const double dim = p[0], labels = p[1], batch = p[2];
  if (!(dim >= 1 && dim <= 1 << 20 && labels >= 1 && labels <= 1 << 20 && batch >= 1 && batch <= 1 << 16) || dim != (int)dim ||
      labels != (int)labels || batch != (int)batch)
    return range_error(env, "dim, labels and batch must be positive integers");
  const int D = (int)dim, L = (int)labels;
  if (nx % (size_t)D != 0 || nx / (size_t)D != ny) return range_error(env, "x must be [rows, dim] with one label per row");
  if (ncw != (size_t)L) return range_error(env, "classWeight needs one weight per label");
  const size_t cells = (size_t)(D + 1) * (size_t)L;
  if (nw != cells || nm != cells || nv != cells) return range_error(env, "w, m and v must be [dim + 1, labels]");
  if (norder > ny || norder > 0x7fffffff) return range_error(env, "order is longer than the data");
  for (size_t i = 0; i < norder; i++)
    if (order[i] < 0 || (size_t)order[i] >= ny) return range_error(env, "order holds a row outside the data");
  for (size_t i = 0; i < ny; i++)
    if (y[i] < 0 || y[i] >= L) return range_error(env, "a label is outside [0, labels)");
  const HeadEpochArgs args = {x, y, cw, order, (int)norder, D, L, (int)batch, w, m, v, p[3], p[4], p[5], p[6], p[7], (long)p[8]};
  HeadEpochStats out;
  if (head_epoch(&args, &out) != 0) {
    napi_throw_error(env, NULL, "head kernel: out of memory");
    return NULL;
  }
  stats[0] = out.loss_sum;
  stats[1] = out.weight_sum;
  stats[2] = out.correct;
  stats[3] = out.t;
  return NULL;
}

static napi_value isa(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value s;
  CHECK(napi_create_string_utf8(env, head_kernel_isa(), NAPI_AUTO_LENGTH, &s));
  return s;
}

static napi_value init(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"epoch", NULL, epoch, NULL, NULL, NULL, napi_default, NULL},
      {"isa", NULL, isa, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, 2, props) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
