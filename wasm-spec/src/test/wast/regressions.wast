;; One case per bug fixed, and per optimisation that could hide one (the IR's superinstructions,
;; copy elimination, constant folding): each runs in every configuration of WastRegressionTest,
;; optimisations on and off, so an optimised result must equal the plain one.

;; Fuzzing (2026-11-22): a SIMD sub-opcode at or above 2^31 was read as a negative table index
;; (ArrayIndexOutOfBoundsException); it is an illegal opcode.
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\0a\01\08\00\fd\80\80\80\80\08\0b")
  "illegal opcode")

;; Calls across instances run on their own memories (commit d284527), on return and on resume
;; (commit fb81ff0: the executor sets its memory in one place, on resume too).
(module $A
  (memory (export "mem") 1)
  (data (i32.const 0) "\01")
  (func (export "read") (result i32) (i32.load8_u (i32.const 0))))
(register "A" $A)
(module $B
  (import "A" "read" (func $read (result i32)))
  (memory 1)
  (data (i32.const 0) "\02")
  (func (export "both") (result i32)
    (i32.add (i32.mul (call $read) (i32.const 10)) (i32.load8_u (i32.const 0)))))
(assert_return (invoke $B "both") (i32.const 12))
(assert_fuel (invoke $B "both") 10)
;; Suspended inside A's function (B's body paid, A's entry too, nothing else left), then resumed.
(assert_suspends (invoke $B "both") (grant 7) (consumed 7) (required 3) (i32.const 12))
(assert_suspends (invoke $B "both") (grant 3) (consumed 0) (required 7) (i32.const 12))

;; Unsigned conversions mask instead of calling Integer.toUnsignedLong (commit f850b3e).
(module
  (func (export "extend_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
  (func (export "f32_u") (param i32) (result f32) (f32.convert_i32_u (local.get 0)))
  (func (export "f64_u") (param i32) (result f64) (f64.convert_i32_u (local.get 0)))
  (func (export "f32_u64") (param i64) (result f32) (f32.convert_i64_u (local.get 0))))
(assert_return (invoke "extend_u" (i32.const -1)) (i64.const 0xffff_ffff))
(assert_return (invoke "extend_u" (i32.const 0x8000_0000)) (i64.const 0x8000_0000))
(assert_return (invoke "f32_u" (i32.const -1)) (f32.const 0x1p32))
(assert_return (invoke "f64_u" (i32.const 0x8000_0001)) (f64.const 2147483649))
(assert_return (invoke "f32_u64" (i64.const -1)) (f32.const 0x1p64))
(assert_return (invoke "f32_u64" (i64.const 0x8000_0080_0000_0001)) (f32.const 0x1.000002p63))

;; Superinstructions and the translator's rewrites, at their edges.
(module
  (memory 1)
  (data (i32.const 0) "\01\00\00\00\02\00\00\00")
  ;; and-not, both operand orders.
  (func (export "andnot") (param i32 i32) (result i32)
    (i32.and (local.get 0) (i32.xor (local.get 1) (i32.const -1))))
  (func (export "notand") (param i32 i32) (result i32)
    (i32.and (i32.xor (local.get 1) (i32.const -1)) (local.get 0)))
  ;; Add pairs: the second add takes the first's result.
  (func (export "add3") (param i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "add3_64") (param i64 i64 i64) (result i64)
    (i64.add (local.get 2) (i64.add (local.get 0) (local.get 1))))
  ;; Multiply-add, and a shift whose count is masked.
  (func (export "madd") (param i32 i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "shl33") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 33)))
  (func (export "shr_s_var") (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1)))
  ;; Select of a comparison.
  (func (export "min") (param i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (i32.lt_s (local.get 0) (local.get 1))))
  ;; A local read before it is overwritten keeps its old value (copy elimination's preserve).
  (func (export "preserve") (param i32) (result i32)
    (i32.add (local.get 0) (local.tee 0 (i32.const 5))))
  (func (export "preserve_set") (param i32) (result i32) (local i32)
    (local.get 0)
    (local.set 0 (i32.const 100))
    (local.set 1)
    (i32.sub (local.get 1) (local.get 0)))
  ;; Constant division by zero folds to a trap, at run time.
  (func (export "div0") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
  (func (export "fold") (result i32) (i32.add (i32.mul (i32.const 6) (i32.const 7)) (i32.const 0)))
  ;; Compare-and-branch with an immediate beyond 16 bits.
  (func (export "is_big") (param i32) (result i32)
    (block $b (result i32)
      (br_if $b (i32.const 1) (i32.eq (local.get 0) (i32.const 100000)))
      (drop)
      (i32.const 0)))
  ;; A pair of loads whose second is out of bounds.
  (func (export "loads") (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (i32.load offset=4 (local.get 0))))
)
(assert_return (invoke "andnot" (i32.const 0xff) (i32.const 0x0f)) (i32.const 0xf0))
(assert_return (invoke "notand" (i32.const 0xff) (i32.const 0x0f)) (i32.const 0xf0))
(assert_return (invoke "add3" (i32.const 0x7fff_ffff) (i32.const 1) (i32.const 1)) (i32.const 0x8000_0001))
(assert_return (invoke "add3_64" (i64.const -1) (i64.const 2) (i64.const 3)) (i64.const 4))
(assert_return (invoke "madd" (i32.const 0x10000) (i32.const 0x10000) (i32.const 7)) (i32.const 7))
(assert_return (invoke "shl33" (i32.const 3)) (i32.const 6))
(assert_return (invoke "shr_s_var" (i64.const -8) (i64.const 65)) (i64.const -4))
(assert_return (invoke "min" (i32.const -3) (i32.const 2)) (i32.const -3))
(assert_return (invoke "min" (i32.const 3) (i32.const 2)) (i32.const 2))
(assert_return (invoke "preserve" (i32.const 1)) (i32.const 6))
(assert_return (invoke "preserve_set" (i32.const 1)) (i32.const -99))
(assert_trap (invoke "div0") "integer divide by zero")
(assert_return (invoke "fold") (i32.const 42))
(assert_return (invoke "is_big" (i32.const 100000)) (i32.const 1))
(assert_return (invoke "is_big" (i32.const 34464)) (i32.const 0))
(assert_return (invoke "loads" (i32.const 0)) (i32.const 3))
(assert_trap (invoke "loads" (i32.const 65530)) "out of bounds memory access")
(assert_fuel (invoke "loads" (i32.const 65530)) 6)
