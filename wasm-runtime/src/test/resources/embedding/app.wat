;; EmbeddingApiTest: calls from this instance into lib's and back must each run on their own
;; memory, also after either memory grew (the executor switches memories only across instances).
(module
  (import "lib" "peek" (func $peek (result i32)))
  (import "lib" "peek_high" (func $peek_high (result i32)))
  (import "lib" "grow_and_poke" (func $grow_and_poke (param i32)))
  (memory 1)
  (data (i32.const 0) "\16")
  (func (export "mix") (result i32)
    (i32.add (i32.mul (call $peek) (i32.const 100)) (i32.load8_u (i32.const 0))))
  (func (export "mix_after_lib_grew") (result i32)
    (call $grow_and_poke (i32.const 33))
    (i32.add (i32.mul (call $peek_high) (i32.const 100)) (i32.load8_u (i32.const 0))))
  (func $grow_own (param i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store8 (i32.const 65536) (local.get 0)))
  (func (export "read_after_own_growth") (result i32)
    (call $grow_own (i32.const 44))
    (i32.load8_u (i32.const 65536))))
