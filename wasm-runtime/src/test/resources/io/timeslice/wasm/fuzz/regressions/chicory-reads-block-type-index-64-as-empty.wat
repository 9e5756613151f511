;; Chicory 1.7.5 rejects valid modules of the own generator (docs/fuzzing.md), "type mismatch,
;; mismatching stack height": about one in 40, since the generator gives blocks parameters and many
;; results, and each such signature is a type of its own. Minimised from seed 3026 by EntropyReducer
;; and TextReducer: a block whose type is index 64. Chicory takes a block type index that equals a
;; value type's one-byte code for that code: 64 (0x40) for the empty block type, so the block's two
;; results are left over at its end (index 127, 0x7f, is likewise taken for a single i32 result,
;; and 99, 100, 105-115 and 123-126 for the other type codes; 65 and 128 are read right).
;; Timeslice, V8 and wabt return 1 and 0.0.
(module
  ;; types 0 to 63, so that the block's type is 64
  (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func))
  (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func))
  (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func))
  (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func))
  (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func))
  (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func))
  (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func))
  (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func)) (type (func))
  (type $two_results (func (result i32 f32)))
  (func (export "block_with_type_64") (result i32 f32)
    block (type $two_results)
      i32.const 1
      f32.const 0
    end))
