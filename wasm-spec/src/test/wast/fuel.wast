;; Fuel costs of schedule version 1 (docs/fuel.md): every instruction 1, surcharges by the count
;; operand, charged per block at Wasm-structural points, all or nothing, no refunds.

(module
  ;; The docs' loop: 1 at entry, 9 per iteration, 2 after the loop: 9n + 3.
  (func (export "count") (param i32) (result i32) (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $i))
  (func (export "nop"))
  (func (export "const") (result i32) (i32.const 7))
  ;; A call costs the caller its call (1) and the callee its body.
  (func $callee (result i32) (i32.const 1))
  (func (export "call") (result i32) (call $callee))
  ;; An early exit refunds nothing: the block's whole charge was paid on entry.
  (func (export "early") (param i32) (result i32)
    (block $b (result i32)
      (br_if $b (i32.const 1) (local.get 0))
      (drop)
      (i32.const 2)))
  ;; Unreachable code is free.
  (func (export "dead") (result i32)
    (return (i32.const 3))
    (drop (i32.add (i32.const 1) (i32.const 2))))
  ;; A trap pays its block.
  (func (export "div") (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0)))
  (memory 1 100)
  ;; Bulk memory: + 1 per 64 bytes of the count, rounded up; memory.grow: + 1,024 per page.
  (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 0) (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (table 10 funcref)
  ;; Table bulk operations: + 1 per 8 elements, rounded up.
  (func (export "tfill") (param i32) (table.fill (i32.const 0) (ref.null func) (local.get 0)))
)

(assert_fuel (invoke "count" (i32.const 1)) 12)
(assert_fuel (invoke "count" (i32.const 10)) 93)
(assert_fuel (invoke "nop") 1)
(assert_fuel (invoke "const") 2)
(assert_fuel (invoke "call") 4)
(assert_fuel (invoke "early" (i32.const 1)) 8)
(assert_fuel (invoke "early" (i32.const 0)) 8)
(assert_fuel (invoke "dead") 2)
(assert_fuel (invoke "div" (i32.const 1)) 4)
(assert_trap (invoke "div" (i32.const 0)) "integer divide by zero")
(assert_fuel (invoke "div" (i32.const 0)) 4)
(assert_fuel (invoke "fill" (i32.const 0)) 5)
(assert_fuel (invoke "fill" (i32.const 1)) 6)
(assert_fuel (invoke "fill" (i32.const 64)) 6)
(assert_fuel (invoke "fill" (i32.const 65)) 7)
(assert_fuel (invoke "fill" (i32.const 65536)) 1029)
;; Out of bounds: the surcharge is paid, then the fill traps.
(assert_fuel (invoke "fill" (i32.const 65537)) 1030)
(assert_fuel (invoke "grow" (i32.const 0)) 3)
(assert_fuel (invoke "grow" (i32.const 2)) 2051)
(assert_fuel (invoke "tfill" (i32.const 8)) 6)
(assert_fuel (invoke "tfill" (i32.const 9)) 7)

;; A call that exhausts the stack consumes the same fuel in every configuration: frames of 300
;; locals and a constant pool fill the value stack long before the depth limit, and the unoptimised
;; IR reserves the pool's cells as the optimised IR holds them (commit 9d1e342).
(module
  (func $deep (export "deep") (param i64) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (i64.add (i64.const 0x1234_5678_9abc)
      (i64.mul (i64.const 0x0fed_cba9_8765)
        (call $deep (i64.add (local.get 0) (i64.const 0x1111_2222_3333))))))
  (func $shallow (export "shallow") (param i64) (result i64)
    (i64.add (i64.const 1) (call $shallow (local.get 0))))
)
(assert_exhaustion (invoke "deep" (i64.const 0)) "call stack exhausted")
(assert_fuel (invoke "deep" (i64.const 0)) 30834)
;; Small frames reach the depth limit (10,000 calls) first: 5 fuel each.
(assert_fuel (invoke "shallow" (i64.const 0)) 50000)
