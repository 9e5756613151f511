;; Small programs that exercise the translator: control flow, locals, calls, memory, traps.
;; Rebuild programs.wasm with: wat2wasm --debug-names programs.wat -o programs.wasm
(module
  (type $i32_to_i32 (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table 4 funcref)
  (elem (i32.const 0) $double $square $fib_i32)
  (global $counter (mut i32) (i32.const 0))
  (data (i32.const 60000) "\01\02\03\04")

  (func $fib (export "fib") (param $n i32) (result i64)
    (if (result i64) (i32.lt_s (local.get $n) (i32.const 2))
      (then (i64.extend_i32_s (local.get $n)))
      (else (i64.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func $fib_iter (export "fib_iter") (param $n i32) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $a))

  (func $fib_i32 (type $i32_to_i32) (i32.wrap_i64 (call $fib (local.get 0))))
  (func $double (type $i32_to_i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $square (type $i32_to_i32) (i32.mul (local.get 0) (local.get 0)))

  (func (export "apply") (param $f i32) (param $x i32) (result i32)
    (call_indirect (type $i32_to_i32) (local.get $x) (local.get $f)))

  ;; A swap through the stack: the old value of $a must survive local.set $a.
  (func (export "swap_diff") (param $a i32) (param $b i32) (result i32)
    (local.get $a)
    (local.set $a (local.get $b))
    (local.set $b)
    (i32.sub (local.get $a) (local.get $b)))

  (func (export "classify") (param $x i32) (result i32)
    (block $neg (block $zero (block $small (block $big
      (br_table $zero $small $small $big
        (select (i32.const 3) (local.get $x) (i32.gt_u (local.get $x) (i32.const 3)))))
      (return (i32.const 100)))
      (return (i32.const 10)))
      (return (i32.const 0)))
    (i32.const -1))

  (func (export "block_values") (param $x i32) (result i32)
    (block (result i32)
      (drop (br_if 0 (i32.const 7) (i32.eq (local.get $x) (i32.const 1))))
      (i32.add (local.get $x) (i32.const 1000))))

  (func (export "multi") (param $x i32) (result i32 i32)
    (local.get $x) (i32.mul (local.get $x) (local.get $x)))

  (func (export "sieve") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32)
    (local.set $i (i32.const 2))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $inner_done
              (loop $inner
                (br_if $inner_done (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $inner)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.get $count))

  (func (export "data_word") (result i32) (i32.load (i32.const 60000)))

  (func (export "count") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))

  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "boom") (unreachable))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))

  (func (export "float_mix") (param $x f64) (result f64)
    (f64.add (f64.mul (local.get $x) (f64.const 1.5))
             (f64.promote_f32 (f32.sqrt (f32.const 16)))))

  (func (export "const_fold") (result i32) (i32.add (i32.const 40) (i32.const 2)))
)
