package io.timeslice.api.modules;

import io.timeslice.core.Caller;
import io.timeslice.core.modules.ModuleView;
import io.timeslice.core.modules.ModulesService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /modules}: a tenant's Wasm modules, uploaded as raw {@code application/wasm}, or in the
 * text format as {@code text/plain} (under {@code application/wasm}, text is recognised by its
 * first non-blank byte).
 */
@RestController
@RequestMapping("/modules")
class ModuleController {
  private final ModulesService service;

  ModuleController(ModulesService service) {
    this.service = service;
  }

  @PostMapping(consumes = {"application/wasm", "text/plain"})
  ResponseEntity<ModuleView> upload(Caller caller, HttpServletRequest request) throws IOException {
    boolean text = request.getContentType().startsWith("text/plain");
    ModulesService.Uploaded uploaded = service.upload(caller, request.getInputStream(), text);
    URI location = URI.create("/modules/" + uploaded.module().id());
    return uploaded.created()
        ? ResponseEntity.created(location).body(uploaded.module())
        : ResponseEntity.ok().location(location).body(uploaded.module());
  }

  @GetMapping
  Map<String, List<ModuleView>> list(Caller caller) {
    return Map.of("modules", service.list(caller));
  }

  @GetMapping("/{id}")
  ModuleView get(Caller caller, @PathVariable String id) {
    return service.get(caller, id);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
    service.delete(caller, id);
    return ResponseEntity.noContent().build();
  }
}
