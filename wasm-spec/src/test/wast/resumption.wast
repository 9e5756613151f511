;; Where a call suspends when its fuel runs out, and that resuming it goes on from there: a block
;; is paid all or nothing, before it runs (docs/fuel.md).

(module
  ;; 1 at entry, 9 per iteration, 2 after the loop.
  (func (export "count") (param i32) (result i32) (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $i))
  (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func (export "calls") (param i32) (result i32)
    (i32.add (call $leaf (local.get 0)) (call $leaf (i32.const 1))))
  (memory 1)
  (func (export "fill") (param i32) (result i32)
    (memory.fill (i32.const 0) (i32.const 7) (local.get 0))
    (i32.load8_u (i32.const 0)))
)

;; Nothing to pay the entry charge with: suspended before anything ran.
(assert_suspends (invoke "count" (i32.const 3)) (grant 0) (consumed 0) (required 1) (i32.const 3))
;; The entry and one iteration paid, the second iteration's 9 are missing.
(assert_suspends (invoke "count" (i32.const 3)) (grant 10) (consumed 10) (required 9) (i32.const 3))
;; A charge is never split: 18 of 19 leaves the second iteration unpaid.
(assert_suspends (invoke "count" (i32.const 3)) (grant 18) (consumed 10) (required 9) (i32.const 3))
;; All iterations paid; the 2 after the loop are missing.
(assert_suspends (invoke "count" (i32.const 3)) (grant 29) (consumed 28) (required 2) (i32.const 3))
(assert_fuel (invoke "count" (i32.const 3)) 30)

;; "calls" is one block of 6 instructions; each call pays its callee's entry (4) before it enters:
;; suspended there, the call repeats on resume.
(assert_fuel (invoke "calls" (i32.const 2)) 14)
(assert_suspends (invoke "calls" (i32.const 2)) (grant 2) (consumed 0) (required 6) (i32.const 9))
(assert_suspends (invoke "calls" (i32.const 2)) (grant 6) (consumed 6) (required 4) (i32.const 9))
(assert_suspends (invoke "calls" (i32.const 2)) (grant 13) (consumed 10) (required 4) (i32.const 9))

;; A surcharge is charged right before its instruction, all or nothing.
(assert_fuel (invoke "fill" (i32.const 640)) 17)
(assert_suspends (invoke "fill" (i32.const 640)) (grant 8) (consumed 7) (required 10) (i32.const 7))
