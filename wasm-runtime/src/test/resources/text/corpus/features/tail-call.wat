;; wat2wasm flags: --enable-tail-call
;; Tail calls: return_call and return_call_indirect, flat and folded, with the type-use
;; abbreviations of call_indirect (implied types numbered after the operands).
(module
  (type $ii (func (param i32) (result i32)))
  (table $t 2 funcref)
  (table $u 1 funcref)
  (elem (table $t) (i32.const 0) func $even $odd)
  (func $even (export "even") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))
  (func $odd (param $n i32) (result i32)
    local.get $n
    i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get $n
      i32.const 1
      i32.sub
      i32.const 0
      return_call_indirect (type $ii)
    end)
  (func (param i32) (result i32)
    (return_call_indirect $t (type $ii) (local.get 0) (i32.const 1)))
  (func (param i64 f32) (result f64)
    (return_call_indirect $u (param i64 f32) (result f64)
      (local.get 0) (local.get 1) (i32.const 0)))
  (func (result i32)
    i32.const 7
    i32.const 0
    return_call_indirect 1 (param i32) (result i32))
)
