package io.timeslice.wasm.internal.checkpoint;

import io.timeslice.wasm.CheckpointException;
import io.timeslice.wasm.CheckpointException.Reason;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * A checkpoint body as it is decompressed, read with bounds: every count is checked against the
 * bytes the header says are left before anything is allocated for it, and running short, a bad
 * DEFLATE stream or bytes left over are CORRUPT, never an {@code EOFException} or an allocation a
 * forged count asks for.
 */
final class BodyInput {
  private final DataInputStream in;
  private long left;

  BodyInput(InputStream body, long length) {
    this.in = new DataInputStream(body);
    this.left = length;
  }

  /** What a read of the body does. */
  @FunctionalInterface
  interface Read<T> {
    T read() throws IOException;
  }

  /** Runs {@code read}, turning a short or damaged stream into CORRUPT. */
  static <T> T guarded(Read<T> read) {
    try {
      return read.read();
    } catch (EOFException e) {
      throw new CheckpointException(Reason.CORRUPT, "truncated body");
    } catch (ZipException e) {
      throw new CheckpointException(Reason.CORRUPT, "damaged body: " + e.getMessage());
    } catch (IOException e) {
      throw new CheckpointException(Reason.CORRUPT, "unreadable body: " + e.getMessage());
    }
  }

  private void take(long bytes) {
    if (bytes > left) {
      throw new CheckpointException(Reason.CORRUPT, "the body is shorter than its contents say");
    }
    left -= bytes;
  }

  int readInt() throws IOException {
    take(4);
    return in.readInt();
  }

  long readLong() throws IOException {
    take(8);
    return in.readLong();
  }

  boolean readBoolean() throws IOException {
    take(1);
    return in.readBoolean();
  }

  int readUnsignedByte() throws IOException {
    take(1);
    return in.readUnsignedByte();
  }

  /** A count of items of {@code itemBytes} each that must fit the rest of the body. */
  int count(int itemBytes, String what) throws IOException {
    int n = readInt();
    if (n < 0 || (long) n * itemBytes > left) {
      throw new CheckpointException(Reason.CORRUPT, what + " count " + n + " out of range");
    }
    return n;
  }

  void readFully(byte[] into) throws IOException {
    take(into.length);
    in.readFully(into);
  }

  void readFully(byte[] into, int offset, int length) throws IOException {
    take(length);
    in.readFully(into, offset, length);
  }

  /** Length-prefixed bytes. */
  byte[] readBytes(String what) throws IOException {
    byte[] bytes = new byte[count(1, what)];
    readFully(bytes);
    return bytes;
  }

  /** Checks that the body ended where its length says. */
  void end() throws IOException {
    if (left != 0 || in.read() != -1) {
      throw new CheckpointException(Reason.CORRUPT, "bytes after the body's end");
    }
  }
}
