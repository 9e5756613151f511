;; EmbeddingApiTest: the callee instance of calls across instances, with a memory of its own.
(module
  (memory 1)
  (data (i32.const 0) "\0b")
  (func (export "peek") (result i32)
    (i32.load8_u (i32.const 0)))
  (func (export "peek_high") (result i32)
    (i32.load8_u (i32.const 65536)))
  (func (export "grow_and_poke") (param i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store8 (i32.const 65536) (local.get 0))))
