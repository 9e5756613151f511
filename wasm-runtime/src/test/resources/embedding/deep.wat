;; Endless recursion with big frames (locals, and constants the optimised IR keeps in its pool), so
;; that the value stack fills before the call depth limit: FuelIdentityTest checks that the call
;; exhausts the stack after the same fuel with the optimisations on and off.
(module
  (func $deep (export "deep") (param $n i64) (result i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $e i64) (local $f i64)
    (local.set $a (i64.add (local.get $n) (i64.const 0x123456789)))
    (local.set $b (i64.mul (local.get $a) (i64.const 0x987654321)))
    (local.set $c (i64.xor (local.get $b) (i64.const 0x55555555555)))
    (i64.add
      (call $deep (i64.add (local.get $c) (i64.const 0x1111111111)))
      (i64.const 0x2222222222)))
)
