package io.timeslice.wasm.internal.text;

/**
 * Writes a {@link TextModule} as a binary module, laid out as wabt's {@code wat2wasm} lays it out
 * (sections in the standard order, minimal LEB128 sizes, a data count section only when an
 * instruction needs it and there are data segments), so that the same text gives the same bytes.
 */
final class BinaryWriter {
  private BinaryWriter() {}

  static byte[] write(TextModule m) {
    ByteSink out = new ByteSink();
    out.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    if (!m.typeList.isEmpty()) {
      ByteSink s = new ByteSink();
      s.u32(m.typeList.size());
      m.typeList.forEach(sig -> sig.write(s));
      section(out, 1, s);
    }
    section(out, 2, m.imports);
    if (!m.funcTypes.isEmpty()) {
      ByteSink s = new ByteSink();
      s.u32(m.funcTypes.size());
      m.funcTypes.forEach(s::u32);
      section(out, 3, s);
    }
    section(out, 4, m.tableSection);
    section(out, 5, m.memorySection);
    // Exception handling's tag section comes between the memory and global sections.
    section(out, 13, m.tagSection);
    section(out, 6, m.globalSection);
    section(out, 7, m.exports);
    if (m.start >= 0) {
      ByteSink s = new ByteSink();
      s.u32(m.start);
      section(out, 8, s);
    }
    section(out, 9, m.elemSection);
    if (m.usesDataCount && m.dataSection.count > 0) {
      ByteSink s = new ByteSink();
      s.u32(m.dataSection.count);
      section(out, 12, s);
    }
    section(out, 10, m.code);
    section(out, 11, m.dataSection);
    return out.toByteArray();
  }

  /** A section of entries, left out when it has none. */
  private static void section(ByteSink out, int id, TextModule.Section entries) {
    if (entries.count == 0) {
      return;
    }
    ByteSink s = new ByteSink();
    s.vector(entries.count, entries.bytes);
    section(out, id, s);
  }

  private static void section(ByteSink out, int id, ByteSink payload) {
    out.u8(id);
    out.u32(payload.size());
    out.append(payload);
  }
}
