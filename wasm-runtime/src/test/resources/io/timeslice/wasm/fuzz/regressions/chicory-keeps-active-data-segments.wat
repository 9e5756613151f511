;; Chicory 1.7.5's difference in most binaryen modules (docs/fuzzing.md): an active data segment is
;; dropped once instantiation has copied it, so memory.init of it with a non-zero length traps
;; "out of bounds memory access" (Timeslice and V8); Chicory copies the bytes and returns. The
;; differential check counts it as Chicory's, since V8 agrees with us.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "abc")
  (func (export "init_from_active_segment")
    (memory.init 0 (i32.const 100) (i32.const 0) (i32.const 1))))
