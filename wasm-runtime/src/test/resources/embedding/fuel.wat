;; Fuel and resumable-call tests: exact costs, an endless loop, a yielding host function.
(module
  (import "host" "pause" (func $pause (param i32) (result i32)))
  (memory 1)
  ;; 5 instructions (local.get, i32.const, i32.add, end... see FuelTest) at entry.
  (func (export "add1") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 7) (local.get 0)))
  (func (export "loop") (param i32) (result i32) (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $i))
  (func (export "spin") (loop $forever (br $forever)))
  (func (export "yield_twice") (param i32) (result i32)
    (i32.add (call $pause (local.get 0)) (call $pause (i32.const 100))))
)
