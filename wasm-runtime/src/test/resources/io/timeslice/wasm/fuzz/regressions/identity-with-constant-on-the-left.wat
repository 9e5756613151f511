;; Found by DifferentialFuzzTest (own generator, seed 1187): (0 + t) for a temporary t. The
;; translator swapped the constant to the right, dropped "+ 0" as an identity, and left t's slot
;; (one above) as the value at the lower height; the next push wrote that slot. Here the global's
;; 77 replaced the sum; in the fuzzed module, the value stored replaced the store's address.
(module
  (import "fuzzing-support" "log-i32" (func $log (param i32)))
  (global $g i32 (i32.const 77))
  (memory 1)
  (func $sum (param $x i32) (result i32)
    i32.const 0
    local.get $x
    i32.const 1
    i32.rotr
    i32.add
    global.get $g
    drop)
  (func $store (param $x i32)
    i32.const 0
    local.get $x
    i32.const 1
    i32.rotr
    i32.add
    global.get $g
    i32.store8)
  (func (export "run")
    (call $log (call $sum (i32.const 2)))
    (call $store (i32.const 20))
    (call $log (i32.load8_u (i32.const 10)))
    (call $log (i32.load8_u (i32.const 77)))))
