package io.timeslice.it.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Kubernetes objects {@code helm template} renders from the chart in helm/timeslice. */
final class RenderedChart {
  static final String RELEASE = "ts";
  static final String NAMESPACE = "jobs";

  private static final Pattern HOOK_ANNOTATION =
      Pattern.compile("(?m)^\\s*helm\\.sh/hook[\\w-]*:.*\\n");

  private final List<Map<String, Object>> objects;

  private RenderedChart(List<Map<String, Object>> objects) {
    this.objects = objects;
  }

  static Path chart() {
    return Checkout.file("helm/timeslice");
  }

  /** The admin token every render sets. */
  static final String ADMIN_TOKEN = "test-admin-token";

  /**
   * Renders with the chart's defaults, then {@code valuesFile} when not null, and always an admin
   * token: without one the chart keeps the installed token through {@code lookup}, which
   * helm-java's template (unlike the {@code helm template} CLI) sends to a cluster.
   */
  static RenderedChart render(Path valuesFile) {
    TemplateCommand template =
        new Helm(chart())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .set("auth.adminToken", ADMIN_TOKEN);
    if (valuesFile != null) {
      template = template.withValuesFile(valuesFile);
    }
    return new RenderedChart(parse(template.call()));
  }

  /**
   * Renders the chart's hooks (the helm test Pod) as plain objects: helm-java's template leaves
   * hooks out, so this renders a copy of the chart whose hook annotations are removed.
   */
  static RenderedChart renderHooks(Path scratch) throws IOException {
    Path copy = scratch.resolve("timeslice");
    try (Stream<Path> files = Files.walk(chart())) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(chart().relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    Path templates = copy.resolve("templates");
    try (Stream<Path> hooks = Files.list(templates.resolve("tests"))) {
      for (Path hook : hooks.toList()) {
        String text = Files.readString(hook);
        Files.writeString(hook, HOOK_ANNOTATION.matcher(text).replaceAll(""));
      }
    }
    return new RenderedChart(
        parse(
            new Helm(copy)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .set("auth.adminToken", ADMIN_TOKEN)
                .call()));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> parse(String manifests) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(manifests)) {
      if (document != null) {
        objects.add((Map<String, Object>) document);
      }
    }
    return objects;
  }

  List<Map<String, Object>> objects() {
    return objects;
  }

  List<Map<String, Object>> all(String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  /** The only object of {@code kind}; fails when there are none or several. */
  Map<String, Object> one(String kind) {
    List<Map<String, Object>> found = all(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.getFirst();
  }

  /** {@link #at} untyped, for assertions. */
  static Object value(Map<String, Object> object, String path) {
    return at(object, path);
  }

  /** The value at a dotted path of maps, e.g. {@code spec.template.spec}; null when absent. */
  // The caller names the type it expects of the YAML there; a wrong guess fails the test.
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  static <T> T at(Map<String, Object> object, String path) {
    Object current = object;
    for (String key : path.split("\\.", -1)) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return (T) current;
  }
}
