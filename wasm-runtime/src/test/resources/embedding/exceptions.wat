;; The exception-handling test module (the testsuite's proposal: try, catch, catch_all, delegate,
;; throw, rethrow): exceptions through many frames, with v128 values, from catch arms, rethrown,
;; and uncaught. Built by `wat2wasm --enable-exceptions --debug-names`.
(module
  (tag $e (export "e") (param i32))
  (tag $v (param v128 i64))
  (tag $empty)
  ;; Throws $e with n at recursion depth n.
  (func $dive (param i32)
    (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 7))))
    (call $dive (i32.sub (local.get 0) (i32.const 1))))
  ;; Catches what $dive throws from n frames down: the payload, plus n, so the frames unwound.
  (func (export "deep") (param i32) (result i32)
    (try (result i32)
      (do (call $dive (local.get 0)) (i32.const -1))
      (catch $e (i32.add (local.get 0)))))
  ;; A v128 and an i64 travel in one exception.
  (func (export "vector") (param i64) (result i64)
    (try (result i64)
      (do (throw $v (v128.const i64x2 40 2) (local.get 0)))
      (catch $v
        (local.set 0)
        (i64.add (i64x2.extract_lane 0) (local.get 0)))))
  ;; Thrown from a catch arm: caught by the try around the try.
  (func (export "from_catch") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (throw $empty))
          (catch $empty (throw $e (i32.const 5)))))
      (catch $e)))
  ;; Rethrown from catch_all, caught again outside with its value.
  (func (export "rethrown") (result i32)
    (try (result i32)
      (do
        (try (do (throw $e (i32.const 9))) (catch_all (rethrow 0)))
        (i32.const 0))
      (catch $e)))
  ;; Delegated past the enclosing catch_all to the caller.
  (func (export "to_caller")
    (try (do (try (do (throw $empty)) (delegate 1))) (catch_all)))
  ;; Many exceptions caught in a loop.
  (func (export "loop") (param i32) (result i32) (local i32)
    (loop $l
      (try (do (throw $e (local.get 0)))
        (catch $e (local.get 1) (i32.add) (local.set 1)))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1))
  ;; A trap is not an exception: catch_all does not catch it.
  (func (export "trap") (result i32)
    (try (result i32) (do (unreachable)) (catch_all (i32.const 1))))
)
