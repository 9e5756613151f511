;; Flat and folded control flow, labels (shadowed and repeated after end), br_table, typed select.
(module
  (func $flat (export "flat") (param i32) (result i32)
    block $outer (result i32)
      block $inner
        block $innermost
          local.get 0
          br_table $inner $innermost 0 1 $inner
        end $innermost
      end $inner
      i32.const 7
      local.get 0
      br_if $outer
      drop
      loop $l (result i32)
        local.get 0
        if $l (result i32)
          i32.const 1
        else $l
          i32.const 2
        end $l
      end
    end $outer)
  (func $folded (export "folded") (param i32) (result i32)
    (block $b (result i32)
      (block $b (br_if $b (local.get 0)))
      (if (result i32) (local.get 0)
        (then (br $b (i32.const 3)))
        (else (select (i32.const 4) (i32.const 5) (local.get 0))))))
  (func (param externref externref i32) (result externref)
    (select (result externref) (local.get 0) (local.get 1) (local.get 2)))
  (func (result i32)
    (i32.const 1) (i32.const 2) (select (result i32) (result) (i32.const 0)))
  (func unreachable nop return)
  (func (block (block (block (loop (br 3))))))
)
