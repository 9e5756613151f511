;; Chicory 1.7.5's difference in the own generator's modules (docs/fuzzing.md), minimised from seed
;; 3079 by EntropyReducer and by hand: a block with parameters inside another block loses the
;; value below the outer block. Timeslice and V8 return 128 and 11; Chicory returns 0 and 11. The
;; differential check counts it as Chicory's, since V8 agrees with us.
(module
  (func (export "param_block_in_a_block") (result i32 i32)
    i32.const 128
    block (result i32)
      i32.const 5
      i32.const 6
      block (param i32 i32) (result i32)
        i32.add
      end
    end))
