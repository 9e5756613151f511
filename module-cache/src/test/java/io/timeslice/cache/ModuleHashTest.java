package io.timeslice.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModuleHashTest {

  @Test
  void hashesWithSha256() {
    // FIPS 180-2 test vector for "abc".
    assertThat(ModuleHash.of("abc".getBytes(StandardCharsets.US_ASCII)).hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void parsesItsOwnHexInEitherCase() {
    ModuleHash hash = ModuleHash.of(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    assertThat(ModuleHash.parse(hash.hex())).isEqualTo(hash).hasSameHashCodeAs(hash);
    assertThat(ModuleHash.parse(hash.hex().toUpperCase(java.util.Locale.ROOT))).isEqualTo(hash);
  }

  @Test
  void differentBytesGiveDifferentHashes() {
    assertThat(ModuleHash.of(new byte[] {1})).isNotEqualTo(ModuleHash.of(new byte[] {2}));
  }

  @Test
  void bytesAreACopy() {
    ModuleHash hash = ModuleHash.of(new byte[0]);
    hash.bytes()[0] ^= 1;
    assertThat(hash.hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void takesAStoredDigestAsACopy() {
    ModuleHash hash = ModuleHash.of(new byte[] {7});
    byte[] digest = hash.bytes();
    ModuleHash again = ModuleHash.ofDigest(digest);
    digest[0] ^= 1;
    assertThat(again).isEqualTo(hash);
    assertThatThrownBy(() -> ModuleHash.ofDigest(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> ModuleHash.ofDigest(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsWhatIsNotAHash() {
    assertThatThrownBy(() -> ModuleHash.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModuleHash.parse("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModuleHash.parse("z".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex digits");
  }
}
