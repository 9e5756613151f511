;; The tail-call test module: return_call and return_call_indirect chains a million calls deep,
;; mutual recursion, and tail calls of a host function. Built by `wat2wasm --enable-tail-call
;; --debug-names`.
(module
  (import "host" "double" (func $double (param i64) (result i64)))
  (type $step (func (param i64 i64 i64) (result i64)))
  (table funcref (elem $go_indirect))
  ;; fib(n) mod 2^64 by n tail calls, each replacing the frame of the one before.
  (func (export "fib") (param i64) (result i64)
    (return_call $go (local.get 0) (i64.const 0) (i64.const 1)))
  (func $go (param $n i64) (param $a i64) (param $b i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $a))
      (else
        (return_call $go
          (i64.sub (local.get $n) (i64.const 1))
          (local.get $b)
          (i64.add (local.get $a) (local.get $b))))))
  ;; The same through the table.
  (func (export "fib_indirect") (param i64) (result i64)
    (return_call_indirect (type $step) (local.get 0) (i64.const 0) (i64.const 1) (i32.const 0)))
  (func $go_indirect (type $step)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else
        (return_call_indirect (type $step)
          (i64.sub (local.get 0) (i64.const 1))
          (local.get 2)
          (i64.add (local.get 1) (local.get 2))
          (i32.const 0)))))
  ;; Mutual recursion: even calls odd calls even, each a tail call.
  (func $even (export "even") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))
  ;; A tail call of a host function, from a frame with locals above the arguments.
  (func (export "to_host") (param i64) (result i64) (local i64 i64)
    (local.set 1 (i64.add (local.get 0) (i64.const 1)))
    (return_call $double (local.get 1)))
  ;; A tail call that is not last in its block: what follows is unreachable.
  (func (export "nested") (param i64) (result i64)
    (block (result i64)
      (return_call $double (local.get 0))
      (i64.const 99)))  ;; A tail call with v128 arguments: n steps of adding (1 2 3 4), the vector in two cells.
  (func $vsum (export "vsum") (param i32 v128) (result v128)
    (if (result v128) (i32.eqz (local.get 0))
      (then (local.get 1))
      (else
        (return_call $vsum
          (i32.sub (local.get 0) (i32.const 1))
          (i32x4.add (local.get 1) (v128.const i32x4 1 2 3 4)))))))
