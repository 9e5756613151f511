package io.timeslice.core.modules;

import io.timeslice.cache.ModuleCache;
import io.timeslice.cache.ModuleHash;
import io.timeslice.core.Boundary;
import io.timeslice.core.Caller;
import io.timeslice.core.Refused;
import io.timeslice.scheduler.durable.DurableScheduler;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Wat;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenants' modules: an upload is size-checked while it is read, converted to the binary format when
 * it is text, decoded and validated, stored once per content hash of the binary (so that the text
 * and the binary of one module are one module) and owned per tenant, then translated into the
 * module cache (and its IR into the database), so that the first job starts warm on any replica; a
 * tenant sees only the modules it uploaded.
 */
public final class ModulesService {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
  private static final TypeReference<List<ExternView>> EXTERNS = new TypeReference<>() {};

  private final ModuleRepository modules;
  private final ModuleCache cache;
  private final DurableScheduler scheduler;
  private final JsonMapper json;
  private final Engine validating;

  /** Modules in {@code modules}, checked by {@code engine}, compiled into {@code cache}. */
  public ModulesService(
      ModuleRepository modules, ModuleCache cache, DurableScheduler scheduler, Engine engine) {
    this.modules = modules;
    this.cache = cache;
    this.scheduler = scheduler;
    this.json = JsonMapper.builder().build();
    this.validating =
        new Engine(engine.config().withCompilationMode(CompilationMode.LAZY_TRANSLATION));
  }

  /**
   * Reads, checks and stores an upload — text when {@code text} says so or its first non-blank byte
   * does, else a binary; returns it and whether the tenant did not have it yet.
   */
  public Uploaded upload(Caller caller, InputStream body, boolean text) throws IOException {
    long tenantId = caller.requireTenant();
    byte[] read = read(tenantId, body);
    return Boundary.call(
        () ->
            store(
                tenantId,
                text || Wat.isText(read) ? Wat.toBinary(read, validating.config()) : read));
  }

  private byte[] read(long tenantId, InputStream body) throws IOException {
    long quota =
        Boundary.call(() -> scheduler.quotasOf(tenantId))
            .orElseThrow(() -> Refused.notFound("no tenant " + tenantId))
            .maxModuleBytes();
    int max = (int) Math.min(Integer.MAX_VALUE - 8, quota);
    byte[] bytes = body.readNBytes(max + 1);
    if (bytes.length > max) {
      throw new Refused(
          Refused.Reason.TOO_LARGE,
          null,
          "the module is larger than this tenant's limit of " + max + " bytes",
          Map.of("limitBytes", max));
    }
    if (bytes.length == 0) {
      throw Refused.invalid("the body is empty: send the module's bytes");
    }
    return bytes;
  }

  private Uploaded store(long tenantId, byte[] bytes) {
    ModuleHash hash = ModuleHash.of(bytes);
    // Validated first without translating; translated into the cache once the bytes are stored,
    // so that the translated IR can be stored beside them (it refers to the stored module).
    Module module = Module.compile(validating, bytes);
    ModuleView view =
        new ModuleView(
            hash.hex(),
            bytes.length,
            module.imports().stream()
                .map(i -> ExternView.of(i.module(), i.name(), i.type()))
                .toList(),
            module.exports().stream().map(e -> ExternView.of(null, e.name(), e.type())).toList());
    boolean created =
        modules.store(
            tenantId,
            hash.bytes(),
            bytes,
            json.writeValueAsString(view.imports()),
            json.writeValueAsString(view.exports()));
    byte[] binary = bytes;
    cache.module(hash, () -> binary);
    return new Uploaded(view, created);
  }

  /** An upload's outcome. */
  public record Uploaded(ModuleView module, boolean created) {}

  /** The caller's module {@code id}. */
  public ModuleView get(Caller caller, String id) {
    long tenantId = caller.requireTenant();
    byte[] hash = hash(id);
    return Boundary.call(() -> modules.find(tenantId, hash))
        .map(this::view)
        .orElseThrow(() -> Refused.notFound("no module " + id));
  }

  /** The caller's modules, oldest upload first. */
  public List<ModuleView> list(Caller caller) {
    long tenantId = caller.requireTenant();
    return Boundary.call(
        () ->
            modules.list(tenantId).stream()
                .map(h -> modules.find(tenantId, h))
                .flatMap(Optional::stream)
                .map(this::view)
                .toList());
  }

  /** Removes the caller's module; jobs already submitted still run. */
  public void delete(Caller caller, String id) {
    long tenantId = caller.requireTenant();
    byte[] hash = hash(id);
    if (!Boundary.call(() -> modules.remove(tenantId, hash))) {
      throw Refused.notFound("no module " + id);
    }
  }

  private ModuleView view(ModuleRepository.StoredModule m) {
    return new ModuleView(
        HexFormat.of().formatHex(m.hash()),
        m.sizeBytes(),
        json.readValue(m.importsJson(), EXTERNS),
        json.readValue(m.exportsJson(), EXTERNS));
  }

  /** The module hash of an id, or 404 for anything that is not one. */
  private static byte[] hash(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw Refused.notFound("no module " + id);
    }
    return HexFormat.of().parseHex(id);
  }
}
