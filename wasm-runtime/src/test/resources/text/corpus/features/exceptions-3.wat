;; wat2wasm flags: --enable-exceptions
;; Made by npm wabt@1.0.39 (Debian's 1.0.32 has no try_table or exnref): see regenerate.sh.
;; WebAssembly 3.0 exception handling: try_table with every catch kind, throw_ref, exnref.
(module
  (import "env" "tag" (tag $imported (param f32)))
  (tag $e0)
  (tag $e1 (param i32))
  (tag $e2 (param i32 i64))
  (export "e1" (tag $e1))
  (type $thrower (func (param i32)))
  (table $exns 2 exnref)
  (global $last (mut exnref) (ref.null exn))
  (func $throw (param i32)
    local.get 0
    i32.eqz
    if
      throw $e0
    end
    local.get 0
    throw $e1)
  (func (export "catch") (param i32) (result i32)
    (block $l0
      (block $l1 (result i32)
        (try_table (catch $e1 $l1) (catch_all $l0)
          (call $throw (local.get 0)))
        (return (i32.const -1)))
      return)
    i32.const 0)
  (func (export "catch_ref") (param i32) (result i32)
    (local $x exnref)
    block $h (result i32 exnref)
      block $all (result exnref)
        try_table (catch_ref $e1 $h) (catch_all_ref $all)
          local.get 0
          call $throw
        end
        i32.const -1
        return
      end
      global.set $last
      i32.const 0
      return
    end
    local.set $x
    drop
    local.get $x
    throw_ref)
  (func (export "nested") (param i32) (result i32 i64)
    block $h (result i32 i64)
      try_table (result i32 i64) (catch $e2 $h)
        block $none
          try_table (catch_all $none)
          end
        end
        local.get 0
        i64.const 7
        throw $e2
      end
    end)
  (func (export "table") (param exnref) (result exnref)
    i32.const 1
    local.get 0
    table.set $exns
    i32.const 1
    table.get $exns)
  (func (export "is_null") (param exnref) (result i32)
    local.get 0
    ref.is_null)
  (func (export "block_type") (result exnref)
    try_table (result exnref)
      ref.null exn
    end))
