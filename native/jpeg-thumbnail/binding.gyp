{
  "targets": [
    {
      "target_name": "jpeg_thumbnail",
      "sources": ["binding.c", "thumbnailer.c", "lanczos.c"],
      "cflags": ["-O3"],
      "conditions": [["OS!='win'", { "libraries": ["-ldl"] }]],
      "xcode_settings": { "OTHER_CFLAGS": ["-O2"] }
    }
  ]
}
