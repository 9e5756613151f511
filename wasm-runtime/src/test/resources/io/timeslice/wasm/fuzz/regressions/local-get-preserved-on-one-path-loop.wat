;; Found by DifferentialFuzzTest (own generator, seed 37), cut down line by line (functions other
;; than f6 stubbed). Every Timeslice configuration left f6's loop early where Chicory and V8 loop
;; until the hang limit traps "unreachable": the local.get left on the stack before a block, and
;; preserved only on the path that wrote the local (see local-get-preserved-on-one-path.wat).
(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param f32)))
  (type (;3;) (func (param f64)))
  (type (;4;) (func (param f64 f64 i64) (result i32 i64 f32)))
  (type (;5;) (func (param f32 f32 f32)))
  (type (;6;) (func (param f64 i32 f64 i64) (result f64)))
  (type (;7;) (func (result f64)))
  (type (;8;) (func))
  (type (;9;) (func (param i32 i64) (result f64 i64)))
  (type (;10;) (func (param f32) (result f64)))
  (type (;11;) (func (param f64 f32 f64)))
  (type (;12;) (func (result i64 i32)))
  (type (;13;) (func (param f64 i64 f64) (result i64)))
  (type (;14;) (func (param f64) (result f64 i64 i32)))
  (type (;15;) (func (param f64) (result f64 i64 f32 f64)))
  (type (;16;) (func (result f32 i32 f32)))
  (type (;17;) (func (param f32 f32) (result i32)))
  (type (;18;) (func (result i64 f32 i32)))
  (type (;19;) (func (param f64 f64 f32) (result i32 f64)))
  (type (;20;) (func (param f32 i64) (result i64 f32 i64 f32 i32 f32 f32 i32 f32 f64 i64 i32 f64 i32 f64 i64 f64 f32 f64)))
  (type (;21;) (func (result i64 i64)))
  (type (;22;) (func (result i64 f32 i64)))
  (type (;23;) (func (param f64 f32) (result f32 f32)))
  (type (;24;) (func (result f32 i64 f32)))
  (type (;25;) (func (param f32) (result i64 f64 i64)))
  (type (;26;) (func (result i64 f64)))
  (type (;27;) (func (param i32) (result i32 i64)))
  (type (;28;) (func (param i32 i64) (result f32)))
  (type (;29;) (func (param i32 f64 i64) (result i64)))
  (type (;30;) (func (param f32 i64) (result f64 i32 i64)))
  (import "fuzzing-support" "log-i32" (func (;0;) (type 0)))
  (import "fuzzing-support" "log-i64" (func (;1;) (type 1)))
  (import "fuzzing-support" "log-f32" (func (;2;) (type 2)))
  (import "fuzzing-support" "log-f64" (func (;3;) (type 3)))
  (func (;4;) (type 4) (param f64 f64 i64) (result i32 i64 f32)
    (local i32 i32 i64 i64 f32 f32 f64 f64)
    unreachable)
  (func (;5;) (type 5) (param f32 f32 f32)
    (local i32 i32 i64 i64 f32 f32 f64 f64)
    unreachable)
  (func (;6;) (type 6) (param f64 i32 f64 i64) (result f64)
    (local i32 i32 i64 i64 f32 f32 f64 f64 f32 f32 f32 f32)
    unreachable)
  (func (;7;) (type 7) (result f64)
    (local i32 i32 i64 i64 f32 f32 f64 f64 i64 f32 i32)
    unreachable)
  (func (;8;) (type 8)
    (local i32 i32 i64 i64 f32 f32 f64 f64 f64 f64)
    unreachable)
  (func (;9;) (type 9) (param i32 i64) (result f64 i64)
    (local i32 i32 i64 i64 f32 f32 f64 f64 f64 i64 i32 i64)
    unreachable)
  (func (;10;) (type 10) (param f32) (result f64)
    (local i32 i32 i64 i64 f32 f32 f64 f64)
    global.get 0
    if  ;; label = @1
    end
    global.get 0
    drop
    loop (result i64 i64)  ;; label = @1
      global.get 0
      if  ;; label = @2
      end
      global.get 0
      i64.load8_u
      local.set 3
      i32.const 2
      i32.const 5
      i32.const 3
      table.init 1
      block (result i64 f32 i64)  ;; label = @2
        i32.const 113037
        f32.load align=2
        i32.const 8043
        f32.load offset=4 align=2
        f32.max
        f32.const nan (;=nan;)
        local.get 6
        local.get 6
        f32.eq
        select
        local.set 6
        local.get 6
        f32.const nan (;=nan;)
        local.get 6
        local.get 6
        f32.eq
        select
        local.get 7
        local.get 4
        i64.const 77
        i64.gt_u
        f64.load align=1
        f32.demote_f64
        loop (param f64 f32) (result f32 f32)  ;; label = @3
          global.get 0
          i32.eqz
          if  ;; label = @4
            unreachable
          end
          global.get 0
          i32.const 1
          i32.sub
          global.set 0
          local.set 0
          drop
          f32.const -0x1.000002p+63 (;=-9.22337e+18;)
          f32.const -0x1.75884ap-87 (;=-9.42928e-27;)
          f32.add
          local.set 6
          local.get 6
          f32.const nan (;=nan;)
          local.get 6
          local.get 6
          f32.eq
          select
          f32.const 0x1p+0 (;=1;)
          i32.const 1685047722
          i32.const 1046722614
          local.get 1
          local.get 2
          i32.gt_s
          select
          f32.convert_i32_u
          f32.mul
          f32.const nan (;=nan;)
          local.get 6
          local.get 6
          f32.eq
          select
        end
        drop
        f32.add
        local.set 5
        local.get 5
        f32.const nan (;=nan;)
        local.get 5
        local.get 5
        f32.eq
        select
        local.tee 5
        i32.const 44167
        f32.load align=1
        f32.min
        local.set 6
        local.get 6
        f32.const nan (;=nan;)
        local.get 6
        local.get 6
        f32.eq
        select
        local.tee 6
        block (result f32 i64 f32)  ;; label = @3
          f64.const 0x1.1p+2 (;=4.25;)
          global.set 4
          f32.const -0x1.5b146p+18 (;=-355410;)
          local.tee 0
          local.get 1
          local.get 2
          i32.const 985602852
          i32.or
          i32.rem_u
          if (result i64)  ;; label = @4
            block  ;; label = @5
            end
            i32.const 99237
            i64.load16_u offset=1
          else
            f32.const 0x1.fffffcp-127 (;=1.17549e-38;)
            local.set 0
            f32.const 0x0p+0 (;=0;)
            f32.const -0x1.ba60b8p+61 (;=-3.98459e+18;)
            f32.ne
            if (result i64)  ;; label = @5
              i32.const 50
              local.set 1
              local.get 0
              local.set 6
              local.get 4
            else
              local.get 4
            end
            f32.convert_i64_s
            block (param f32) (result i64 f64 i64)  ;; label = @5
              drop
              local.get 7
              local.set 8
              i64.const 9007199254740992
              f64.const -0x1.415b23221ccc9p-75 (;=-3.32274e-23;)
              f64.const nan (;=nan;)
              local.get 7
              local.get 7
              f64.eq
              select
              local.set 7
              local.get 7
              f64.const nan (;=nan;)
              local.get 7
              local.get 7
              f64.eq
              select
              local.get 5
              local.get 0
              f32.eq
              i64.load32_s offset=2 align=1
            end
            drop
            drop
          end
          global.get 2
          local.get 2
          select
          f32.const 0x1.p-149 (;=1.4013e-45;)
        end
        drop
        drop
        f32.ne
        br_if 1 (;@1;)
        local.get 1
        local.get 2
        i32.add
        i64.const 4294967295
        i64.store16
        i64.const 5974885856753720546
        f32.const -0x1.88p+3 (;=-12.25;)
        block (result i64 f64)  ;; label = @3
          i64.const 4294967296
          i64.const -9223372036854775808
          i64.const 127
          i64.shl
          i64.gt_s
          if (result f64)  ;; label = @4
            i32.const 46525
            f64.load offset=4
            i64.const 6148914691236517205
            i64.const 2147483647
            i64.lt_s
            i32.const -1809162909
            f32.const -0x1.000002p+63 (;=-9.22337e+18;)
            local.get 0
            f32.ge
            select (result i32)
            i32.const 65528
            i32.add
            local.get 1
            i32.const 65528
            i32.add
            block (param i32) (result i32 i64)  ;; label = @5
              drop
              i32.const -469450854
              local.get 3
            end
            drop
            i32.const 2123674138
            local.get 2
            i32.const 32767
            i32.and
            i32.add
            f32.load align=1
            f32.const 0x1.4p+1 (;=2.5;)
            f32.eq
            select
            local.get 3
            local.get 3
            i64.add
            loop (param i32 i64) (result f32)  ;; label = @5
              global.get 0
              if  ;; label = @6
              end
              global.get 0
              global.set 0
              drop
              i32.const 32768
              i32.const 32767
              i32.and
              i32.add
              f32.load offset=6 align=1
            end
            local.get 6
            f32.const nan (;=nan;)
            local.get 6
            local.get 6
            f32.eq
            select
            f32.eq
            br_if 0 (;@4;)
          else
            local.get 8
          end
          local.set 8
          local.get 4
          local.get 7
        end
        drop
      end
      drop
      drop
      i64.const 0
    end
    drop
    drop
    local.get 8)
  (func (;11;) (type 11) (param f64 f32 f64)
    (local i32 i32 i64 i64 f32 f32 f64 f64 f64 i32 i32)
    unreachable)
  (func (;12;) (type 8)
    i32.const 300
    global.set 0)
  (table (;0;) 5 10 funcref)
  (memory (;0;) 2 2)
  (global (;0;) (mut i32) (i32.const 300))
  (global (;1;) (mut i32) (i32.const 65536))
  (global (;2;) (mut i64) (i64.const 98))
  (global (;3;) (mut f32) (f32.const 0x1p+31 (;=2.14748e+09;)))
  (global (;4;) (mut f64) (f64.const 0x1.ep+1 (;=3.75;)))
  (export "f0" (func 4))
  (export "f1" (func 5))
  (export "f2" (func 6))
  (export "f3" (func 7))
  (export "f4" (func 8))
  (export "f5" (func 9))
  (export "f6" (func 10))
  (export "f7" (func 11))
  (export "memory" (memory 0))
  (export "table" (table 0))
  (export "hangLimitInitializer" (func 12))
  (elem (;0;) (i32.const 0) func 3 10 4 11)
  (elem (;1;) func 0 1 2 3 4 5 6 7 8 9 10 11 12)
  (elem (;2;) declare func 0 1 2 3 4 5 6 7 8 9 10 11 12)
  (data (;0;) (i32.const 34910) "\ab\c7\8a\a5\e8\9a\03\b9g\b6\be\d7\ec\8e\8fs6\baq\05\f3")
  (data (;1;) "\ff]\04|\16\a47\d4\ff\0e\8a\f3H\c12\fc\81t\17\ab\8d\d8\a5=\0b@\c0\e3\b6\f6\fc|\f29\9c\8b\11\fd\06\c8\11\e9\0f\e1\c8\abl5.\d9\fd:\85Sq\18\fa\d0\99\c3\eaF\c6\f8\f2\8c\b9/\f8W6$\82\08\beb\09\b0\f5t\cb#\94\c8\00\87\f4_\e0\a3\b6\80=Ke\07\b4\81\ac\bf\0a\fdg\17\d9S\a2\c1\1e\8d@S\a5\87b\09\8a,\de\d2\a5\f7\b5U\5co8\a8\d2\e5\80\a6\1fa\0e\af\91I\cadL\b49\ba=B\cd\0c\a3\1b)\bd-\c2\fd#0\8aN\0a\8e"))
