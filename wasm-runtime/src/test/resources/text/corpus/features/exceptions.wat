;; wat2wasm flags: --enable-exceptions
;; Legacy exception handling: tags (defined, imported by field and inline, exported by field and
;; inline, by type use or inline signature), throw and rethrow, and try with catch, catch_all and
;; delegate, flat and folded, labelled (a delegate's label counts from outside its try).
(module
  (type $pair (func (param f32 i64)))
  (tag $a (import "m" "t") (param i32))
  (import "m" "u" (tag $u (type $pair)))
  (tag $t (export "e") (param i64))
  (tag $empty)
  (export "e2" (tag $t))
  (export "e3" (tag 0))
  (global i32 (i32.const 0))
  (memory 1)
  (func (export "flat") (result i32)
    try $l (result i32)
      i32.const 1
      throw $a
    catch $a
    catch $u
      drop
      drop
      i32.const 0
    catch_all
      rethrow $l
    end $l)
  (func (export "folded") (param i64) (result i64)
    (try $outer (result i64)
      (do
        (try (result i64)
          (do (throw $t (local.get 0)))
          (delegate $outer)))
      (catch $t)
      (catch_all (i64.const -1))))
  (func (export "delegates")
    (try (do (try (do nop) (delegate 0))) (catch_all (rethrow 0)))
    (block $b (try (do (br $b)) (catch $empty (rethrow 0))))
    ;; Last: wat2wasm 1.0.32 reads a folded instruction after a flat delegate as a try clause.
    try $x
      try
        throw $empty
      delegate $x
    delegate 0)
)
