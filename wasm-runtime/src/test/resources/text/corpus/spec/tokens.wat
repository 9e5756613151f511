(module
  (func(nop))
)
