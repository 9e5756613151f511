package io.timeslice.wasm.internal.text;

/**
 * Writes a {@link TextModule} as a binary module, laid out as wabt's {@code wat2wasm} lays it out
 * (sections in the standard order, minimal LEB128 sizes, a data count section only when an
 * instruction needs it and there are data segments), so that the same text gives the same bytes.
 */
final class BinaryWriter {
  private BinaryWriter() {}

  /** The type section: the declared entries (GC's recursion groups whole), then implied types. */
  private static ByteSink types(TextModule m) {
    ByteSink s = new ByteSink();
    s.u32(m.entries.size() + m.typeList.size() - m.declaredTypes);
    int index = 0;
    for (int size : m.entries) {
      if (size < 0) {
        type(m, index++, s);
      } else {
        s.u8(0x4e);
        s.u32(size);
        for (int k = 0; k < size; k++) {
          type(m, index++, s);
        }
      }
    }
    while (index < m.typeList.size()) {
      type(m, index++, s);
    }
    return s;
  }

  private static void type(TextModule m, int index, ByteSink out) {
    ByteSink sub = m.subTypes.get(index);
    if (sub != null) {
      out.append(sub);
    } else {
      m.typeList.get(index).write(out);
    }
  }

  static byte[] write(TextModule m) {
    ByteSink out = new ByteSink();
    out.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    if (!m.entries.isEmpty() || !m.typeList.isEmpty()) {
      section(out, 1, types(m));
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
