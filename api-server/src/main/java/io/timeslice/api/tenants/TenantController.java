package io.timeslice.api.tenants;

import io.timeslice.core.Caller;
import io.timeslice.core.tenants.ApiKeyView;
import io.timeslice.core.tenants.TenantRequest;
import io.timeslice.core.tenants.TenantView;
import io.timeslice.core.tenants.TenantsService;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /tenants}: tenants (admin token) and their API keys (admin or the tenant). */
@RestController
@RequestMapping("/tenants")
class TenantController {
  private final TenantsService service;

  TenantController(TenantsService service) {
    this.service = service;
  }

  @PostMapping
  ResponseEntity<TenantView> create(Caller caller, @RequestBody TenantRequest request) {
    TenantView created = service.create(caller, request);
    return ResponseEntity.created(URI.create("/tenants/" + created.id())).body(created);
  }

  @GetMapping
  List<TenantView> list(Caller caller) {
    return service.list(caller);
  }

  @GetMapping("/{id}")
  TenantView get(Caller caller, @PathVariable long id) {
    return service.get(caller, id);
  }

  @PatchMapping("/{id}")
  TenantView update(Caller caller, @PathVariable long id, @RequestBody TenantRequest request) {
    return service.update(caller, id, request);
  }

  @PostMapping("/{id}/api-keys")
  ResponseEntity<ApiKeyView> createKey(Caller caller, @PathVariable long id) {
    return ResponseEntity.status(201).body(service.createKey(caller, id));
  }

  @PostMapping("/{id}/api-keys/rotate")
  ApiKeyView rotateKey(Caller caller, @PathVariable long id) {
    return service.rotateKey(caller, id);
  }

  @DeleteMapping("/{id}/api-keys/{keyId}")
  ResponseEntity<Void> revokeKey(Caller caller, @PathVariable long id, @PathVariable long keyId) {
    service.revokeKey(caller, id, keyId);
    return ResponseEntity.noContent().build();
  }
}
