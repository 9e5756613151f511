package io.timeslice.api.modules;

import io.timeslice.api.auth.Caller;
import io.timeslice.api.error.ApiException;
import io.timeslice.cache.ModuleCache;
import io.timeslice.cache.ModuleHash;
import io.timeslice.scheduler.durable.DurableScheduler;
import io.timeslice.storage.ModuleRepository;
import io.timeslice.storage.Tenant;
import io.timeslice.storage.TenantRepository;
import io.timeslice.wasm.CompilationMode;
import io.timeslice.wasm.Engine;
import io.timeslice.wasm.Module;
import io.timeslice.wasm.Wat;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenants' modules: an upload is size-checked while it is read, converted to the binary format when
 * it is text, decoded and validated, stored once per content hash of the binary (so that the text
 * and the binary of one module are one module) and owned per tenant, then translated into the
 * module cache (and its IR into the database), so that the first job starts warm on any replica; a
 * tenant sees only the modules it uploaded.
 */
@Service
public class ModuleService {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
  private static final TypeReference<List<ExternView>> EXTERNS = new TypeReference<>() {};

  private final ModuleRepository modules;
  private final TenantRepository tenants;
  private final ModuleCache cache;
  private final DurableScheduler scheduler;
  private final JsonMapper json;
  private final Engine validating;

  ModuleService(
      ModuleRepository modules,
      TenantRepository tenants,
      ModuleCache cache,
      DurableScheduler scheduler,
      Engine engine,
      JsonMapper json) {
    this.modules = modules;
    this.tenants = tenants;
    this.cache = cache;
    this.scheduler = scheduler;
    this.json = json;
    this.validating =
        new Engine(engine.config().withCompilationMode(CompilationMode.LAZY_TRANSLATION));
  }

  /**
   * Reads, checks and stores an upload — text when {@code text} says so or its first non-blank byte
   * does, else a binary; returns it and whether the tenant did not have it yet.
   */
  public Uploaded upload(Caller caller, InputStream body, boolean text) throws IOException {
    long tenantId = caller.requireTenant();
    Tenant tenant =
        tenants.find(tenantId).orElseThrow(() -> ApiException.notFound("no tenant " + tenantId));
    int max =
        (int) Math.min(Integer.MAX_VALUE - 8, scheduler.quotas(tenant.quotas()).maxModuleBytes());
    byte[] bytes = body.readNBytes(max + 1);
    if (bytes.length > max) {
      throw new ApiException(
          HttpStatus.CONTENT_TOO_LARGE,
          "the module is larger than this tenant's limit of " + max + " bytes",
          Map.of("limitBytes", max));
    }
    if (bytes.length == 0) {
      throw ApiException.badRequest("the body is empty: send the module's bytes");
    }
    if (text || Wat.isText(bytes)) {
      bytes = Wat.toBinary(bytes);
    }
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
    return modules
        .find(tenantId, hash(id))
        .map(this::view)
        .orElseThrow(() -> ApiException.notFound("no module " + id));
  }

  /** The caller's modules, oldest upload first. */
  public List<ModuleView> list(Caller caller) {
    long tenantId = caller.requireTenant();
    return modules.list(tenantId).stream()
        .map(h -> modules.find(tenantId, h))
        .flatMap(java.util.Optional::stream)
        .map(this::view)
        .toList();
  }

  /** Removes the caller's module; jobs already submitted still run. */
  public void delete(Caller caller, String id) {
    if (!modules.remove(caller.requireTenant(), hash(id))) {
      throw ApiException.notFound("no module " + id);
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
  static byte[] hash(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw ApiException.notFound("no module " + id);
    }
    return HexFormat.of().parseHex(id);
  }
}
