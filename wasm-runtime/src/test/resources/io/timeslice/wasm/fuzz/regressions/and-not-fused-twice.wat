;; Found by DifferentialFuzzTest (own generator, seed 86): c & (a & ~g) was translated, optimised,
;; to c & ~a. After fusing "and" and "xor -1" into i32_and_not, the translator still took the fused
;; instruction for the "xor -1" it replaced, and fused the next "and" into it once more.
(module
  (import "fuzzing-support" "log-i32" (func $log (param i32)))
  (func $and_not_twice (param $c i32) (param $a i32) (param $g i32) (result i32)
    local.get $c
    local.get $a
    i32.const -1
    local.get $g
    i32.xor
    i32.and
    i32.and)
  (func (export "run")
    (call $log (call $and_not_twice (i32.const 0x2e46dc41) (i32.const 0) (i32.const 5)))
    (call $log (call $and_not_twice (i32.const -1) (i32.const 0x0ff0) (i32.const 0x00ff)))))
