package io.timeslice.wasm.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.wasm.TrapCode;
import org.junit.jupiter.api.Test;

/** The edges of Wasm numerics that Java's operators get wrong or do not define. */
class WasmMathTest {
  private static final int OVERFLOW = TrapCode.INTEGER_OVERFLOW.number();
  private static final int NAN = TrapCode.INVALID_CONVERSION_TO_INTEGER.number();

  @Test
  void truncationTrapsExactlyOutsideTheTargetRange() {
    assertThat(WasmMath.i32TruncF32STrap(-0x1p31f)).isZero();
    assertThat(WasmMath.i32TruncF32S(-0x1p31f)).isEqualTo(Integer.MIN_VALUE);
    assertThat(WasmMath.i32TruncF32STrap(Math.nextDown(-0x1p31f))).isEqualTo(OVERFLOW);
    assertThat(WasmMath.i32TruncF32STrap(0x1p31f)).isEqualTo(OVERFLOW);
    assertThat(WasmMath.i32TruncF64STrap(-2147483648.9)).isZero();
    assertThat(WasmMath.i32TruncF64STrap(-2147483649.0)).isEqualTo(OVERFLOW);
    assertThat(WasmMath.i32TruncF64STrap(2147483647.9)).isZero();
    assertThat(WasmMath.i32TruncF32UTrap(-0.99f)).isZero();
    assertThat(WasmMath.i32TruncF32U(-0.99f)).isZero();
    assertThat(WasmMath.i32TruncF32UTrap(-1f)).isEqualTo(OVERFLOW);
    assertThat(WasmMath.i32TruncF64U(4294967295.5)).isEqualTo(-1);
    assertThat(WasmMath.i32TruncF64UTrap(4294967296.0)).isEqualTo(OVERFLOW);
    assertThat(WasmMath.i64TruncF64STrap(-0x1p63)).isZero();
    assertThat(WasmMath.i64TruncF64STrap(0x1p63)).isEqualTo(OVERFLOW);
    assertThat(WasmMath.i64TruncF64U(0x1p63)).isEqualTo(Long.MIN_VALUE);
    assertThat(WasmMath.i64TruncF64U(Math.nextDown(0x1p64))).isEqualTo(0xffff_ffff_ffff_f800L);
    assertThat(WasmMath.i64TruncF64UTrap(0x1p64)).isEqualTo(OVERFLOW);
    assertThat(WasmMath.i32TruncF32STrap(Float.NaN)).isEqualTo(NAN);
    assertThat(WasmMath.i64TruncF64UTrap(Double.NaN)).isEqualTo(NAN);
  }

  @Test
  void saturatingTruncationClampsAndMapsNanToZero() {
    assertThat(WasmMath.i32TruncSatF64U(-5)).isZero();
    assertThat(WasmMath.i32TruncSatF64U(Double.NaN)).isZero();
    assertThat(WasmMath.i32TruncSatF64U(1e20)).isEqualTo(-1);
    assertThat(WasmMath.i64TruncSatF64U(1e30)).isEqualTo(-1L);
    assertThat(WasmMath.i64TruncSatF32U(0x1p63f)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void unsignedConversionRoundsToNearestEven() {
    assertThat(WasmMath.f64ConvertI64U(-1L)).isEqualTo(0x1p64);
    assertThat(WasmMath.f32ConvertI64U(-1L)).isEqualTo(0x1p64f);
    // 2^63 + 2^11 + 1 lies just above the halfway point between two doubles: rounds up.
    assertThat(WasmMath.f64ConvertI64U(0x8000_0000_0000_0801L)).isEqualTo(0x1.0000000000001p63);
    // Exactly halfway (2^63 + 2^10) rounds to even, down.
    assertThat(WasmMath.f64ConvertI64U(0x8000_0000_0000_0400L)).isEqualTo(0x1p63);
  }

  @Test
  void minAndMaxOrderSignedZerosAndQuietNans() {
    assertThat(Float.floatToRawIntBits(WasmMath.f32Min(0f, -0f))).isEqualTo(0x8000_0000);
    assertThat(Double.doubleToRawLongBits(WasmMath.f64Max(-0d, 0d))).isZero();
    float signalling = Float.intBitsToFloat(0x7fa0_0000);
    int bits = Float.floatToRawIntBits(WasmMath.f32Min(signalling, 1f));
    assertThat(bits & 0x7fc0_0000).as("an arithmetic (quiet) NaN").isEqualTo(0x7fc0_0000);
  }

  @Test
  void divisionTrapsOnZeroAndOverflowOnly() {
    assertThat(WasmMath.i32DivSTrap(Integer.MIN_VALUE, -1)).isEqualTo(OVERFLOW);
    assertThat(WasmMath.i32RemSTrap(Integer.MIN_VALUE, -1)).isZero();
    assertThat(WasmMath.i32RemS(Integer.MIN_VALUE, -1)).isZero();
    assertThat(WasmMath.i64DivUTrap(1, 0)).isEqualTo(TrapCode.INTEGER_DIVIDE_BY_ZERO.number());
    assertThat(WasmMath.i64DivU(-1L, 2)).isEqualTo(Long.MAX_VALUE);
  }
}
