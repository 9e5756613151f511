package io.timeslice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.timeslice.client.Extern;
import io.timeslice.client.ModuleInfo;
import io.timeslice.client.TimesliceException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatTest {
  @Test
  void aModuleShowsItsImportsAndExportsWithTheirTypes() {
    ModuleInfo m =
        new ModuleInfo(
            "ab",
            123_456,
            List.of(
                new Extern(
                    "wasi_snapshot_preview1",
                    "fd_write",
                    "func",
                    List.of("i32", "i32", "i32", "i32"),
                    List.of("i32"),
                    null)),
            List.of(
                new Extern(null, "memory", "memory", null, null, null),
                new Extern(null, "counter", "global", null, null, "i64"),
                new Extern(null, "_start", "func", List.of(), List.of(), null)));

    assertThat(Format.module(m))
        .isEqualTo(
            """
            id      ab
            size    123,456 bytes
            import  wasi_snapshot_preview1.fd_write func (i32 i32 i32 i32) -> (i32)
            export  memory memory
            export  counter global i64
            export  _start func () -> ()
            """);
    assertThat(Format.functions(m)).isEqualTo("_start");
  }

  @Test
  void aProblemIsOneLineEvenWhenItsDetailIsNot() {
    TimesliceException e =
        new TimesliceException(
            429,
            "Too Many Requests",
            "queue full:\n  10000 jobs",
            Map.of("retryAfterSeconds", 5),
            null);

    assertThat(Format.problem(e))
        .isEqualTo("Too Many Requests: queue full: 10000 jobs (retry after 5 s)");
  }

  @Test
  void tablesAlignColumnsAndDoNotPadTheLast() {
    assertThat(
            Format.table(
                Format.row("A", "B", "C"), List.<String[]>of(Format.row("long cell", "x", "end"))))
        .isEqualTo("A          B  C\nlong cell  x  end\n");
  }
}
