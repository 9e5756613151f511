;; Misbehaving and well-behaved jobs for the scheduler's tests: an endless loop, a memory bomb,
;; endless recursion, and a loop of n iterations.
(module
  (memory 1)
  (func (export "spin") (loop $forever (br $forever)))
  ;; Grows memory a page at a time until it cannot, then traps.
  (func (export "grow_bomb")
    (loop $more
      (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    unreachable)
  (func $deep (export "deep") (param i32) (result i32)
    (i32.add (call $deep (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "work") (param $n i32) (result i32) (local $i i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (local.get $i))
)
