package io.timeslice.wasm.internal.checkpoint;

import io.timeslice.wasm.CheckpointException;
import io.timeslice.wasm.CheckpointException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A checkpoint's frame (docs/checkpoint.md): the magic, the format version, the module's SHA-256,
 * the engine's IR version, the body's lengths, the body compressed with DEFLATE, and a CRC-32C of
 * everything before it. The body is written and read by {@link StateWriter} and {@link
 * StateReader}.
 */
public final class CheckpointFormat {
  /** "TSCP": Timeslice checkpoint. */
  static final int MAGIC = 0x5453_4350;

  /** The format this engine writes and reads. */
  public static final int VERSION = 1;

  private static final int HASH_BYTES = 32;

  /** Magic, version, flags, hash, IR version length, two body lengths, checksum. */
  private static final int FIXED_BYTES = 4 + 2 + 2 + HASH_BYTES + 2 + 8 + 8 + 4;

  private CheckpointFormat() {}

  /** What a body writer writes into the compressed body. */
  @FunctionalInterface
  public interface Body {
    /** Writes the body to {@code out}. */
    void write(DataOutputStream out) throws IOException;
  }

  /** A checked checkpoint's header and its body, decompressed as it is read (close it). */
  public record Framed(byte[] moduleHash, String irVersion, long bodyLength, InputStream body) {}

  /** The checkpoint of {@code body} for the module of {@code moduleHash} and {@code irVersion}. */
  public static byte[] write(byte[] moduleHash, String irVersion, Body body) {
    try {
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      Deflater deflater = new Deflater(Deflater.BEST_SPEED);
      long bodyLength;
      try (DataOutputStream out =
          new DataOutputStream(new DeflaterOutputStream(compressed, deflater, 1 << 16))) {
        Counting counting = new Counting(out);
        body.write(counting.data);
        counting.data.flush();
        bodyLength = counting.count;
      } finally {
        deflater.end();
      }
      byte[] ir = irVersion.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream all =
          new ByteArrayOutputStream(FIXED_BYTES + ir.length + compressed.size());
      DataOutputStream out = new DataOutputStream(all);
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeShort(0);
      out.write(moduleHash);
      out.writeShort(ir.length);
      out.write(ir);
      out.writeLong(bodyLength);
      out.writeLong(compressed.size());
      compressed.writeTo(out);
      CRC32C crc = new CRC32C();
      crc.update(all.toByteArray());
      out.writeInt((int) crc.getValue());
      return all.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
  }

  /**
   * Checks the frame of {@code bytes}: magic and version, the checksum, the lengths. The module
   * hash and IR version are the caller's to compare.
   *
   * @throws CheckpointException FORMAT or CORRUPT
   */
  public static Framed read(byte[] bytes) {
    if (bytes.length < 8) {
      throw new CheckpointException(
          Reason.CORRUPT, "truncated: " + bytes.length + " bytes, not even a header");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.getInt() != MAGIC) {
      throw new CheckpointException(Reason.FORMAT, "not a checkpoint (wrong magic)");
    }
    int version = Short.toUnsignedInt(in.getShort());
    if (version != VERSION) {
      throw new CheckpointException(
          Reason.FORMAT, "format version " + version + ", this engine reads " + VERSION);
    }
    if (bytes.length < FIXED_BYTES) {
      throw new CheckpointException(Reason.CORRUPT, "truncated: " + bytes.length + " bytes");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw new CheckpointException(
          Reason.CORRUPT, "checksum mismatch (truncated or damaged, " + bytes.length + " bytes)");
    }
    in.getShort();
    byte[] hash = new byte[HASH_BYTES];
    in.get(hash);
    int irLength = Short.toUnsignedInt(in.getShort());
    if (irLength > bytes.length - FIXED_BYTES) {
      throw new CheckpointException(Reason.CORRUPT, "IR version length " + irLength);
    }
    byte[] ir = new byte[irLength];
    in.get(ir);
    long bodyLength = in.getLong();
    long compressedLength = in.getLong();
    if (bodyLength < 0 || compressedLength != bytes.length - FIXED_BYTES - irLength) {
      throw new CheckpointException(
          Reason.CORRUPT, "body length " + compressedLength + " does not match the checkpoint's");
    }
    InputStream body =
        new InflaterInputStream(
            new ByteArrayInputStream(bytes, in.position(), (int) compressedLength));
    return new Framed(hash, new String(ir, StandardCharsets.UTF_8), bodyLength, body);
  }

  /** Whether {@code a} and {@code b} name the same module. */
  /** The SHA-256 of {@code bytes}: how a checkpoint names its module and its stdin. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static boolean sameHash(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }

  /** A data stream that counts what it writes, beyond the 2 GiB {@code DataOutputStream} counts. */
  private static final class Counting extends FilterOutputStream {
    final DataOutputStream data = new DataOutputStream(this);
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
