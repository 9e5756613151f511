package io.timeslice.wasm;

import io.timeslice.wasm.internal.exec.TagInstance;

/**
 * An exception tag of a {@link Store} (exception handling), exported by an instance or created by
 * the host: a {@code catch} of the tag catches exactly the exceptions thrown with it.
 */
public final class Tag implements Extern {
  private final Store<?> store;
  private final TagInstance tag;

  Tag(Store<?> store, TagInstance tag) {
    this.store = store;
    this.tag = tag;
  }

  /** A new tag of {@code type}, for a linker to define. */
  public static Tag create(Store<?> store, TagType type) {
    return new Tag(store, new TagInstance(type.type()));
  }

  @Override
  public TagType type() {
    return new TagType(tag.type());
  }

  Store<?> store() {
    return store;
  }

  TagInstance instance() {
    return tag;
  }
}
