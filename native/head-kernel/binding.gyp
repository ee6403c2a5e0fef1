{
  "targets": [
    {
      "target_name": "head_kernel",
      "sources": ["binding.c", "head_kernel.c"],
      "cflags": ["-O3", "-fno-math-errno", "-Wno-psabi"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-fno-math-errno"] }
    },
    {
      "target_name": "head_kernel_portable",
      "sources": ["binding.c", "head_kernel.c"],
      "defines": ["HEAD_KERNEL_SCALAR"],
      "cflags": ["-O3", "-fno-math-errno"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-fno-math-errno"] }
    }
  ]
}
