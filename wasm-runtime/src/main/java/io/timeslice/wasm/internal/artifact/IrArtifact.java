package io.timeslice.wasm.internal.artifact;

import io.timeslice.wasm.ArtifactMismatchException;
import io.timeslice.wasm.ArtifactMismatchException.Reason;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary format of a module's translated IR (docs/ir.md, "Stored artifacts"), big-endian:
 *
 * <pre>
 * "TSIR"  u16 format version  u16 length + UTF-8 irVersion
 * u32 wasm length  u32 CRC32C of the wasm bytes
 * u32 defined functions, each: u32 numLocals  u32 frameSize  u32 fpShift  u32 n  n × i64 constants
 *                               u32 m  m × i32 code
 * u32 CRC32C of every byte before it
 * </pre>
 *
 * Reading checks the checksum before anything else and every length against the bytes left before
 * allocating, so damaged input is an {@link ArtifactMismatchException}, never another exception.
 */
public final class IrArtifact {
  /** The format's version: changes when this layout does. */
  public static final int FORMAT_VERSION = 2;

  private static final int MAGIC = 0x54534952; // "TSIR"

  /** The most cells a frame's slots address (16 bits): those from its frame pointer on. */
  private static final int MAX_FRAME = 0xffff;

  private IrArtifact() {}

  /** One function's translated code, as stored. */
  public record FunctionCode(
      int numLocals, int frameSize, int fpShift, long[] constants, int[] code) {}

  /** The artifact of {@code functions}, the defined functions of {@code wasm} in order. */
  public static byte[] write(String irVersion, byte[] wasm, List<FunctionCode> functions) {
    byte[] version = irVersion.getBytes(StandardCharsets.UTF_8);
    long size = 4 + 2 + 2 + version.length + 4 + 4 + 4 + 4;
    for (FunctionCode f : functions) {
      size += 4 + 4 + 4 + 4 + (long) f.constants().length * Long.BYTES + 4;
      size += (long) f.code().length * Integer.BYTES;
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("the IR is too large to store: " + size + " bytes");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size);
    out.putInt(MAGIC).putShort((short) FORMAT_VERSION).putShort((short) version.length);
    out.put(version).putInt(wasm.length).putInt(crc(wasm, 0, wasm.length));
    out.putInt(functions.size());
    for (FunctionCode f : functions) {
      out.putInt(f.numLocals()).putInt(f.frameSize()).putInt(f.fpShift());
      out.putInt(f.constants().length);
      out.asLongBuffer().put(f.constants());
      out.position(out.position() + f.constants().length * Long.BYTES);
      out.putInt(f.code().length);
      out.asIntBuffer().put(f.code());
      out.position(out.position() + f.code().length * Integer.BYTES);
    }
    int end = out.position();
    out.putInt(crc(out.array(), 0, end));
    return out.array();
  }

  /**
   * The functions stored in {@code artifact} for {@code wasm}, which has {@code definedFunctions}.
   *
   * @throws ArtifactMismatchException when the artifact is of another format, IR version or module,
   *     or damaged
   */
  public static List<FunctionCode> read(
      String irVersion, byte[] wasm, int definedFunctions, byte[] artifact) {
    if (artifact.length < 8) {
      throw new ArtifactMismatchException(Reason.CORRUPT, "only " + artifact.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(artifact);
    int end = artifact.length - 4;
    if (in.getInt(end) != crc(artifact, 0, end)) {
      throw new ArtifactMismatchException(Reason.CORRUPT, "checksum mismatch");
    }
    in.limit(end);
    try {
      return body(in, irVersion, wasm, definedFunctions);
    } catch (BufferUnderflowException e) {
      throw new ArtifactMismatchException(Reason.CORRUPT, "truncated");
    }
  }

  private static List<FunctionCode> body(
      ByteBuffer in, String irVersion, byte[] wasm, int definedFunctions) {
    if (in.getInt() != MAGIC) {
      throw new ArtifactMismatchException(Reason.FORMAT, "not an IR artifact");
    }
    int format = in.getShort() & 0xffff;
    if (format != FORMAT_VERSION) {
      throw new ArtifactMismatchException(
          Reason.FORMAT, "format " + format + ", this engine reads " + FORMAT_VERSION);
    }
    byte[] version = new byte[count(in, in.getShort() & 0xffff, 1)];
    in.get(version);
    String stored = new String(version, StandardCharsets.UTF_8);
    if (!stored.equals(irVersion)) {
      throw new ArtifactMismatchException(
          Reason.IR_VERSION, "written by " + stored + ", this engine is " + irVersion);
    }
    if (in.getInt() != wasm.length || in.getInt() != crc(wasm, 0, wasm.length)) {
      throw new ArtifactMismatchException(Reason.MODULE, "written for other module bytes");
    }
    int n = in.getInt();
    if (n != definedFunctions) {
      throw new ArtifactMismatchException(
          Reason.CORRUPT, n + " functions stored, the module defines " + definedFunctions);
    }
    FunctionCode[] functions = new FunctionCode[n];
    for (int i = 0; i < n; i++) {
      int numLocals = in.getInt();
      int frameSize = in.getInt();
      int fpShift = in.getInt();
      long[] constants = new long[count(in, in.getInt(), Long.BYTES)];
      in.asLongBuffer().get(constants);
      in.position(in.position() + constants.length * Long.BYTES);
      int[] code = new int[count(in, in.getInt(), Integer.BYTES)];
      in.asIntBuffer().get(code);
      in.position(in.position() + code.length * Integer.BYTES);
      if (numLocals < 0
          || (fpShift != 0 && fpShift != numLocals)
          || frameSize - fpShift > MAX_FRAME
          || (long) numLocals + constants.length > frameSize
          || code.length == 0) {
        throw new ArtifactMismatchException(Reason.CORRUPT, "function " + i + "'s frame");
      }
      functions[i] = new FunctionCode(numLocals, frameSize, fpShift, constants, code);
    }
    if (in.hasRemaining()) {
      throw new ArtifactMismatchException(Reason.CORRUPT, in.remaining() + " bytes left over");
    }
    return List.of(functions);
  }

  /** {@code n} elements of {@code size} bytes, if that many bytes are left. */
  private static int count(ByteBuffer in, int n, int size) {
    if (n < 0 || (long) n * size > in.remaining()) {
      throw new ArtifactMismatchException(Reason.CORRUPT, "a length beyond the end");
    }
    return n;
  }

  private static int crc(byte[] bytes, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, to - from);
    return (int) crc.getValue();
  }
}
