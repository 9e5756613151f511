;; Interruption with fuel off is taken at backward branches: one loop per kind of branch. Each
;; iteration calls $poke, which may ask for an interrupt; the loop's branch then suspends the call.
(module
  (import "host" "poke" (func $poke (param i32)))
  ;; br_if on a comparison: the fused br_i32_lt_u
  (func (export "fused") (param $n i32) (result i32) (local $i i32)
    (loop $again
      (call $poke (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  ;; br_if on a local: br_nez
  (func (export "nez") (param $n i32) (result i32) (local $i i32) (local $more i32)
    (loop $again
      (call $poke (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $more (i32.lt_u (local.get $i) (local.get $n)))
      (br_if $again (local.get $more)))
    (local.get $i))
  ;; br_table: entry 0 continues the loop, the default leaves it
  (func (export "table") (param $n i32) (result i32) (local $i i32)
    (block $exit
      (loop $again
        (call $poke (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_table $again $exit (i32.ge_u (local.get $i) (local.get $n)))))
    (local.get $i))
  ;; an unconditional br inside an if
  (func (export "plain") (param $n i32) (result i32) (local $i i32)
    (loop $again
      (call $poke (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.lt_u (local.get $i) (local.get $n)) (then (br $again))))
    (local.get $i))
)
