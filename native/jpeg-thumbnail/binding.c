// Node-API binding of the JPEG thumbnailer (thumbnailer.c): ABI-stable, so one build serves Node
// and Electron. init(libraryName) attaches to sharp's libvips; thumbnail(jpeg, size, maxPixels)
// renders on a libuv thread and resolves with the thumbnail JPEG or the reason it declined.
#include <node_api.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "thumbnailer.h"

static int ready = 0;

/** init(libraryName) → null when attached, else why not (a string). */
static napi_value init(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  char name[256] = {0}, why[300] = {0};
  size_t len = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "jpeg thumbnail: init(libraryName)");
    return NULL;
  }
  if (!ready) ready = thumbnailer_attach(name, why, sizeof why);
  if (ready) napi_get_null(env, &result);
  else napi_create_string_utf8(env, why, NAPI_AUTO_LENGTH, &result);
  return result;
}

typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref input_ref;
  Thumbnail t;
} Job;

static void execute(napi_env env, void *data) {
  (void)env;
  thumbnailer_render(&((Job *)data)->t);
}

static void complete(napi_env env, napi_status status, void *data) {
  Job *job = data;
  napi_value result;
  if (status == napi_ok && job->t.out && !job->t.declined) {
    void *copy;
    // A copy (7-30 KB), not an external buffer: Electron's V8 sandbox refuses external memory.
    if (napi_create_buffer_copy(env, job->t.out_length, job->t.out, &copy, &result) != napi_ok) napi_get_null(env, &result);
  } else {
    napi_create_string_utf8(env, job->t.declined ? job->t.declined : "cancelled", NAPI_AUTO_LENGTH, &result);
  }
  thumbnailer_free(job->t.out);
  napi_resolve_deferred(env, job->deferred, result);
  napi_delete_reference(env, job->input_ref);
  napi_delete_async_work(env, job->work);
  free(job);
}

/** thumbnail(jpegBytes: Buffer, size, maxPixels) → Promise<Buffer (JPEG) | string (why declined)>. */
static napi_value thumbnail(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], promise, name;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  bool is_buffer = false;
  if (!ready) {
    napi_throw_error(env, NULL, "jpeg thumbnail: init() first");
    return NULL;
  }
  if (argc < 3 || napi_is_buffer(env, argv[0], &is_buffer) != napi_ok || !is_buffer) {
    napi_throw_type_error(env, NULL, "jpeg thumbnail: thumbnail(buffer, size, maxPixels)");
    return NULL;
  }
  Job *job = calloc(1, sizeof *job);
  if (!job) {
    napi_throw_error(env, NULL, "jpeg thumbnail: out of memory");
    return NULL;
  }
  int32_t size = 0;
  void *data = NULL;
  napi_get_buffer_info(env, argv[0], &data, &job->t.length);
  job->t.data = data;
  napi_get_value_int32(env, argv[1], &size);
  napi_get_value_double(env, argv[2], &job->t.max_pixels);
  job->t.size = size;
  if (size < 1) {
    free(job);
    napi_throw_range_error(env, NULL, "jpeg thumbnail: size must be positive");
    return NULL;
  }
  napi_create_reference(env, argv[0], 1, &job->input_ref);
  napi_create_promise(env, &job->deferred, &promise);
  napi_create_string_utf8(env, "jpegThumbnail", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute, complete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return promise;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "init", NAPI_AUTO_LENGTH, init, NULL, &fn);
  napi_set_named_property(env, exports, "init", fn);
  napi_create_function(env, "thumbnail", NAPI_AUTO_LENGTH, thumbnail, NULL, &fn);
  napi_set_named_property(env, exports, "thumbnail", fn);
  return exports;
}
