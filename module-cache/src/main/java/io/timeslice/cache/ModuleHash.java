package io.timeslice.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The content address of a Wasm module: the SHA-256 of its bytes. Identical bytes uploaded by any
 * number of tenants share one hash, and so one compiled module in the cache.
 */
public final class ModuleHash {
  private static final HexFormat HEX = HexFormat.of();
  private static final int LENGTH = 32;

  private final byte[] digest;

  private ModuleHash(byte[] digest) {
    this.digest = digest;
  }

  /** Hashes the given module bytes. */
  public static ModuleHash of(byte[] moduleBytes) {
    try {
      return new ModuleHash(MessageDigest.getInstance("SHA-256").digest(moduleBytes));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest's contract).
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * The hash whose SHA-256 digest is {@code digest} (32 bytes, copied), as stored in the database.
   *
   * @throws IllegalArgumentException when the digest is not 32 bytes
   */
  public static ModuleHash ofDigest(byte[] digest) {
    if (digest == null || digest.length != LENGTH) {
      throw new IllegalArgumentException("a module hash is 32 bytes");
    }
    return new ModuleHash(digest.clone());
  }

  /**
   * Parses the 64-character lower- or upper-case hex form, as used in module ids.
   *
   * @throws IllegalArgumentException when the text is not 64 hex digits
   */
  public static ModuleHash parse(String hex) {
    if (hex == null || hex.length() != LENGTH * 2) {
      throw new IllegalArgumentException("a module hash is 64 hex digits");
    }
    try {
      return new ModuleHash(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a module hash is 64 hex digits", e);
    }
  }

  /** The lower-case hex form, 64 characters. */
  public String hex() {
    return HEX.formatHex(digest);
  }

  /** A copy of the 32 digest bytes. */
  public byte[] bytes() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModuleHash other && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    // The digest is uniformly distributed, so its first four bytes are a good hash.
    return (digest[0] & 0xff) << 24
        | (digest[1] & 0xff) << 16
        | (digest[2] & 0xff) << 8
        | (digest[3] & 0xff);
  }

  @Override
  public String toString() {
    return hex();
  }
}
