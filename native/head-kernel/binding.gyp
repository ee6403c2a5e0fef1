{
  "targets": [
    {
      "target_name": "head_kernel",
      "sources": ["binding.c", "head_kernel.c"],
      "cflags": ["-O3", "-fno-math-errno", "-Wno-psabi"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-fno-math-errno"] }
    }
  ]
}
