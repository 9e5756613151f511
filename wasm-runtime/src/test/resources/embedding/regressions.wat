;; Translator bugs that BinaryenDifferentialTest found, each reduced to a function. Built by
;; `wat2wasm --debug-names`.
(module
  ;; Seed 495: a local's value left on the stack under an if whose one arm writes the local; the
  ;; copy that keeps the old value was made in that arm only. The drop fills the slot with junk.
  (func (export "local_under_if") (param i32 i32) (result i32)
    (drop (i32.add (local.get 1) (i32.const 1000)))
    (i32.add
      (local.get 0)
      (if (result i32) (local.get 0)
        (then (local.tee 0 (i32.const 100)))
        (else (i32.const 1)))))
  ;; The same under a loop, which writes the local on every iteration.
  (func (export "local_under_loop") (param i32) (result i32) (local i32)
    (i32.add
      (local.get 0)
      (loop (result i32)
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if 0 (i32.lt_u (local.get 1) (i32.const 3)))
        (local.get 1))))
  ;; Seed 637: 0 + x, swapped into x + 0 and dropped, left x in the slot of the next value.
  (func (export "zero_plus") (param i32 i32) (result i32)
    (i32.xor
      (i32.add (i32.const 0) (i32.mul (local.get 0) (local.get 1)))
      (i32.add (local.get 1) (i32.const 7))))
)
