;; The compiled tier's test module (CompiledTierTest): deep recursion, a host function that yields
;; from inside a loop, memory and indirect calls. Built by `wat2wasm --debug-names`.
(module
  (import "host" "tick" (func $tick (param i32) (result i32)))
  (memory (export "memory") 1)
  (type $unary (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $inc $depth)
  ;; n nested calls, none of them a tail call: the depth a caller's stack must hold.
  (func $depth (export "depth") (type $unary)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))))
  ;; The same through the table: call_indirect all the way down.
  (func $indirect (export "indirect") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else
        (i32.add
          (call_indirect (type $unary) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1))
          (i32.const 1)))))
  (func $inc (type $unary) (i32.add (local.get 0) (i32.const 1)))
  ;; n iterations, each calling the host, which may yield; the sum of what it returned.
  (func $ticks (export "ticks") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $tick (local.get $i))))
        (i32.store (i32.mul (local.get $i) (i32.const 4)) (local.get $sum))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (local.get $sum))
)
