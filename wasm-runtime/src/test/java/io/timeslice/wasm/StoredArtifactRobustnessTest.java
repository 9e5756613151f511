package io.timeslice.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damaged and foreign artifacts are refused with {@link ArtifactMismatchException} and its reason,
 * never installed and never another exception.
 */
class StoredArtifactRobustnessTest {
  private static final Engine ENGINE = new Engine();
  private static byte[] bench;
  private static byte[] artifact;

  @BeforeAll
  static void load() throws IOException {
    bench = Files.readAllBytes(Path.of("..", "programs", "wasm", "bench.wasm"));
    artifact = Module.compile(ENGINE, bench).serialize();
  }

  private static ArtifactMismatchException.Reason refusal(Engine engine, byte[] wasm, byte[] a) {
    return catchThrowableOfType(
            ArtifactMismatchException.class, () -> Module.deserialize(engine, wasm, a))
        .reason();
  }

  @Test
  void everyFlippedByteIsCaughtByTheChecksum() {
    SplittableRandom random = new SplittableRandom(5);
    for (int at = 0; at < artifact.length; at++) {
      byte[] damaged = artifact.clone();
      damaged[at] ^= (byte) (1 + random.nextInt(255));
      assertThat(refusal(ENGINE, bench, damaged))
          .as("byte %d", at)
          .isEqualTo(ArtifactMismatchException.Reason.CORRUPT);
    }
  }

  @Test
  void everyTruncationIsRefused() {
    for (int length = 0; length < artifact.length; length++) {
      byte[] truncated = Arrays.copyOf(artifact, length);
      assertThat(refusal(ENGINE, bench, truncated))
          .as("length %d", length)
          .isEqualTo(ArtifactMismatchException.Reason.CORRUPT);
    }
  }

  /**
   * Damage behind a recomputed checksum reaches the parser: refused, or well-formed, never a crash.
   */
  @Test
  void damageWithAValidChecksumNeverEscapesAsAnotherException() {
    SplittableRandom random = new SplittableRandom(11);
    int refused = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      byte[] damaged = Arrays.copyOf(artifact, artifact.length - 4);
      // The header and the per-function lengths are in the first bytes of each record: bias there.
      int at = random.nextInt(trial % 2 == 0 ? Math.min(200, damaged.length) : damaged.length);
      damaged[at] ^= (byte) (1 + random.nextInt(255));
      byte[] sealed = seal(damaged);
      try {
        Module.deserialize(ENGINE, bench, sealed);
      } catch (ArtifactMismatchException expected) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(1000);
  }

  private static byte[] seal(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload);
    return ByteBuffer.allocate(payload.length + 4)
        .put(payload)
        .putInt((int) crc.getValue())
        .array();
  }

  @Test
  void anotherConfigurationOrModuleIsAMismatch() throws IOException {
    Engine fueled = new Engine(Config.defaults().withConsumeFuel(true));
    assertThat(fueled.irVersion()).isNotEqualTo(ENGINE.irVersion());
    Engine noSimd = new Engine(Config.defaults().withSimd(false));
    assertThat(refusal(noSimd, bench, artifact))
        .isEqualTo(ArtifactMismatchException.Reason.IR_VERSION);
    assertThat(refusal(fueled, bench, artifact))
        .isEqualTo(ArtifactMismatchException.Reason.IR_VERSION);
    // Unoptimised IR differs from optimised IR for the same bytes: never installed for the other.
    Engine plain = new Engine(Config.defaults().withOptimizations(false));
    assertThat(plain.irVersion()).isNotEqualTo(ENGINE.irVersion());
    assertThat(refusal(plain, bench, artifact))
        .isEqualTo(ArtifactMismatchException.Reason.IR_VERSION);
    byte[] other = Files.readAllBytes(Path.of("..", "programs", "wasm", "jobs.wasm"));
    assertThat(refusal(ENGINE, other, artifact)).isEqualTo(ArtifactMismatchException.Reason.MODULE);
    assertThat(refusal(ENGINE, bench, seal("not an artifact at all".getBytes())))
        .isEqualTo(ArtifactMismatchException.Reason.FORMAT);
  }

  @Test
  void theIrVersionNamesTheFuelSchedule() {
    assertThat(ENGINE.irVersion())
        .matches(
            "tsir\\d+-[0-9a-f]{16}-fuel\\d+-unmetered-features7f\\+tail-call\\+extended-const\\+multi-memory\\+relaxed-simd\\+threads\\+function-references");
    assertThatThrownBy(() -> Module.deserialize(ENGINE, bench, new byte[0]))
        .isInstanceOf(ArtifactMismatchException.class);
  }
}
