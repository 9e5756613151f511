;; SuperinstructionTest: each function is one pattern the translator fuses into a superinstruction
;; (docs/ir.md), with inputs at the edges the fused form must keep: 32-bit address wrap-around,
;; operand order, two roundings.
(module
  (memory 1)
  (data (i32.const 4) "\2a\00\00\00\07\00\00\00")
  ;; address fusion: (a + 8) wraps at 32 bits before the offset is added
  (func (export "load_addi") (param i32) (result i32)
    (i32.load (i32.add (local.get 0) (i32.const 8))))
  (func (export "load_add") (param i32 i32) (result i32)
    (i32.load (i32.add (local.get 0) (local.get 1))))
  (func (export "load_addi_offset") (param i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.const 8))))
  (func (export "store_addi") (param i32 i32) (result i32)
    (i32.store8 (i32.add (local.get 0) (i32.const 8)) (local.get 1))
    (i32.load8_u (i32.const 4)))
  (func (export "store_add") (param i32 i32 i32) (result i32)
    (i32.store (i32.add (local.get 0) (local.get 1)) (local.get 2))
    (i32.load (i32.const 8)))
  ;; add-and-branch: the sum is written and tested
  (func (export "count_down") (param i32) (result i32) (local i32)
    (loop
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if 0 (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
    (local.get 1))
  (func (export "count_to") (param i32) (result i32) (local i32)
    (loop (br_if 0 (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 1))) (local.get 0))))
    (local.get 1))
  (func (export "count_from") (param $step i32) (param $bound i32) (result i32) (local i32)
    (loop (br_if 0 (i32.gt_s (local.get 1) (local.tee 2 (i32.add (local.get 2) (local.get 0))))))
    (local.get 2))
  (func (export "count_to_imm") (result i32) (local i32)
    (loop (br_if 0 (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 3))) (i32.const 30))))
    (local.get 0))
  ;; multiply-add, the product on either side
  (func (export "mul_add") (param f64 f64 f64) (result f64)
    (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "add_mul") (param f32 f32 f32) (result f32)
    (f32.add (local.get 2) (f32.mul (local.get 0) (local.get 1))))
  ;; copy2: a rotation through a temporary local
  (func (export "rotate") (param i64 i64) (result i64) (local i64)
    (local.set 2 (local.get 0))
    (local.set 0 (local.get 1))
    (local.set 1 (local.get 2))
    (i64.sub (local.get 0) (local.get 1)))
;; shift fusion: xor or or of a shift or rotate by a constant, the shifted value on either side
  (func (export "sigma") (param i32) (result i32)
    (i32.xor
      (i32.xor (i32.rotr (local.get 0) (i32.const 6)) (i32.rotr (local.get 0) (i32.const 11)))
      (i32.rotl (local.get 0) (i32.const 39))))
  (func (export "xorshift") (param i32) (result i32)
    (local.set 0 (i32.xor (local.get 0) (i32.shl (local.get 0) (i32.const 13))))
    (local.set 0 (i32.xor (i32.shr_u (local.get 0) (i32.const 17)) (local.get 0)))
    (i32.xor (local.get 0) (i32.shl (local.get 0) (i32.const 5))))
  (func (export "pack") (param i32 i32) (result i32)
    (i32.or
      (i32.or (local.get 0) (i32.shl (local.get 1) (i32.const 16)))
      (i32.shr_u (local.get 1) (i32.const 56))))
  (func (export "or_rotl") (param i32 i32) (result i32)
    (i32.or (local.get 0) (i32.rotl (local.get 1) (i32.const 8))))
;; and-not: an and of a bitwise not, the negated value on either side (SHA-2's Ch)
  (func (export "choose") (param i32 i32 i32) (result i32)
    (i32.xor
      (i32.and (local.get 0) (local.get 1))
      (i32.and (i32.xor (local.get 0) (i32.const -1)) (local.get 2))))
  (func (export "clear_bits") (param i32 i32) (result i32)
    (i32.and (local.get 0) (i32.xor (local.get 1) (i32.const -1))))
)
