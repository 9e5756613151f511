;; The v128 test module: v128 values as parameters, locals, results, block and loop values, call
;; arguments, select operands, globals and host-function values, next to values of one cell, so
;; that every two-cell layout the translator makes runs. Built by `wat2wasm --debug-names`.
(module
  (import "host" "swap" (func $swap (param i32 v128) (result v128 i32)))
  (global $acc (export "acc") (mut v128) (v128.const i32x4 1 2 3 4))
  (global $fixed (export "fixed") v128 (v128.const i64x2 -1 7))
  (func $add (export "add") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  ;; i64 and v128 parameters and results around a v128: every value keeps its own cells.
  (func (export "mix") (param i32 v128 i64) (result i64 v128 i32)
    (local v128)
    (local.set 3 (i8x16.splat (local.get 0)))
    (local.get 2)
    (i8x16.add (local.get 1) (local.get 3))
    (i32.add (local.get 0) (i32.const 1)))
  ;; A branch whose values sit above other values of other widths: they move down to the label.
  (func (export "branch") (param i32) (result v128 i32)
    (block (result v128 i32)
      (v128.const i32x4 10 20 30 40)
      (i32.const 5)
      (v128.const i32x4 9 9 9 9)
      (i32.const 6)
      (br_if 0 (local.get 0))
      (drop)
      (drop)))
  ;; A loop carrying a v128: n additions of (1 2 3 4).
  (func (export "count") (param i32) (result v128)
    (v128.const i32x4 0 0 0 0)
    (loop (param v128) (result v128)
      (i32x4.add (v128.const i32x4 1 2 3 4))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if 0 (i32.gt_s (local.get 0) (i32.const 0)))))
  ;; Calls with v128 arguments and a result, the callee's frame overlapping the caller's cells.
  (func (export "twice") (param v128) (result v128)
    (call $add (local.get 0) (call $add (local.get 0) (v128.const i32x4 0 0 0 0))))
  (func (export "pick") (param v128 v128 i32) (result v128)
    (select (result v128) (local.get 0) (local.get 1) (local.get 2)))
  (func (export "accumulate") (param v128) (result v128)
    (global.set $acc (i32x4.add (global.get $acc) (local.get 0)))
    (global.get $acc))
  (func (export "via_host") (param i32 v128) (result v128 i32)
    (call $swap (local.get 0) (local.get 1)))
  ;; NaN results are the canonical NaN whatever the operands' payloads (docs/RATIONALE.md).
  (func (export "nan") (result v128)
    (f32x4.add (v128.const i32x4 0x7fa00001 0xffc00001 0x7f800001 0) (v128.const f32x4 1 1 1 nan)))
  ;; A v128 result written straight into the frame's first cells, with few locals.
  (func (export "narrow") (param i32) (result v128)
    (i32x4.splat (local.get 0)))
)
