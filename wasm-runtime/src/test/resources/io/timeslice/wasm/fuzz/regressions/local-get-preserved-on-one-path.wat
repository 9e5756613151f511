;; Found by DifferentialFuzzTest (binaryen, seed 2300; own generator, seed 37), cut down by hand:
;; a local.get still on the operand stack when an if begins, and the local written in both arms.
;; The translator kept the value as a reference to the local; the write in the then arm copied it
;; to its own slot first, on that path only, and from then on the value was that slot, so the else
;; path read a slot it never wrote. Every configuration returned 0 instead of 5 for the else arm.
(module
  (import "fuzzing-support" "log-i32" (func $log (param i32)))
  (func $old_value (param $arm i32) (result i32) (local $x i32)
    (local.set $x (i32.const 5))
    (local.get $x)
    (if (result i32) (local.get $arm)
      (then (local.tee $x (i32.const 7)))
      (else (local.tee $x (i32.const 8))))
    drop)
  (func $old_value_after_branch (param $skip i32) (result i32) (local $x i32)
    (local.set $x (i32.const 5))
    (local.get $x)
    (block
      (br_if 0 (local.get $skip))
      (local.set $x (i32.const 7))))
  (func (export "run")
    (call $log (call $old_value (i32.const 1)))
    (call $log (call $old_value (i32.const 0)))
    (call $log (call $old_value_after_branch (i32.const 0)))
    (call $log (call $old_value_after_branch (i32.const 1)))))
