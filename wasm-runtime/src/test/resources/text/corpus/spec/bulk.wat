(module
  (memory 1)
  (data "foo"))
