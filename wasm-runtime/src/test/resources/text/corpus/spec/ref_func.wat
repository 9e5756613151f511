(module
  (func (export "f") (param $x i32) (result i32) (local.get $x))
)
