;; wat2wasm flags: --enable-memory64 --enable-multi-memory
;; memory64: the i64 index type of imported and defined memories, 64-bit limits and offsets, and
;; the inline data of an i64 memory (its offset an i64.const 0); an i32 memory may say so. (wabt
;; 1.0.32 refuses offsets above 2^32-1, which WatProposalsTest covers.)
(module
  (import "env" "m" (memory $imported i64 1 0x1_0000))
  (memory $big (export "big") i64 2 0x1_0000_0000)
  (memory $data i64 (data "hello" "world"))
  (memory $small i32 1 2)
  (memory $plain 1)
  (data (memory $big) (i64.const 0x1_0000) "x")
  (func (export "load") (param $a i64) (result i64)
    (i64.load offset=0xffff_ffff align=4 (local.get $a)))
  (func (param i64)
    local.get 0
    i32.const 1
    i32.store8 offset=0x1_0000
    (drop (memory.grow (i64.const 1)))
    (drop (memory.size))
    (i64.store32 offset=4294967295 (local.get 0) (i64.const 2))))
