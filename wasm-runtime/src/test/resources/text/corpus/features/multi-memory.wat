;; wat2wasm flags: --enable-multi-memory
;; Multi-memory: loads and stores naming their memory by name or number (memory 0 written or
;; not), memory.size and memory.grow of another memory, and data segments of each.
(module
  (memory $a 1)
  (memory $b 2)
  (memory 1)
  (data (memory $b) (i32.const 8) "hi")
  (func (export "copy") (param i32) (result i32)
    (i32.store $b offset=4 (local.get 0) (i32.load $a (local.get 0)))
    (i64.store 2 align=4 (local.get 0) (i64.load8_u 1 offset=1 (local.get 0)))
    (f32.store $a (local.get 0) (f32.load 0 (local.get 0)))
    local.get 0
    i32.load16_s $b offset=2
    drop
    (i32.add (memory.size $b) (memory.grow 2 (i32.const 1)))))
