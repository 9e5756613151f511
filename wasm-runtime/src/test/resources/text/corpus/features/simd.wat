;; Vector constants in every shape, lanes, shuffles, vector memory accesses with lanes.
(module
  (memory 1)
  (func (export "shapes") (result v128)
    (v128.const i8x16 -128 255 0 1 2 3 4 5 6 7 8 9 10 11 12 0x7f)
    (v128.const i16x8 -32768 65535 0 1 2 3 4 0x7fff) i16x8.add
    (v128.const i32x4 -1 0xffff_ffff 0 -2147483648) i32x4.add
    (v128.const i64x2 -1 0x7fff_ffff_ffff_ffff) i64x2.add
    (v128.const f32x4 nan:0x1 -inf 0x1p-149 1.5) f32x4.add
    (v128.const f64x2 -nan 0x1.8p3) f64x2.add
    (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (v128.const i64x2 1 2))
    (i8x16.replace_lane 15 (i32.const 9))
    (i64x2.replace_lane 1 (i64.const 3)))
  (func (export "lanes") (param v128) (result i32 i64 f32 f64)
    (i8x16.extract_lane_s 15 (local.get 0))
    (i16x8.extract_lane_u 7 (local.get 0)) i32.add
    (i64x2.extract_lane 1 (local.get 0))
    (f32x4.extract_lane 3 (local.get 0))
    (f64x2.extract_lane 0 (local.get 0)))
  (func (export "memory") (param i32 v128) (result v128)
    (v128.store offset=16 align=8 (local.get 0) (local.get 1))
    (v128.store8_lane offset=3 15 (local.get 0) (local.get 1))
    (v128.store64_lane align=1 1 (local.get 0) (local.get 1))
    (v128.load16_lane 7 (local.get 0) (v128.load32_zero offset=4 (local.get 0)))
    (v128.load64_splat (local.get 0)) i64x2.add
    (v128.load8x8_s offset=65535 align=1 (local.get 0)) i16x8.mul
    (i8x16.swizzle (v128.load (local.get 0)))
    (v128.bitselect (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8))
    (i32x4.dot_i16x8_s (v128.const i16x8 1 1 1 1 1 1 1 1))
    (f64x2.promote_low_f32x4) (i32x4.trunc_sat_f64x2_s_zero) (i8x16.popcnt)))
