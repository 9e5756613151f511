(module
  (func (export "foo") (result i32) (i32.const 0))
)
