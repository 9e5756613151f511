package io.timeslice.it.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL queries of Grafana dashboard JSON files and the metric names they use, so that tests
 * can check those names against what the service exports (documented meters, or a live scrape).
 */
public final class DashboardQueries {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
  private static final Pattern STRING =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+\\S+");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\w:])(?:0x[0-9a-fA-F]+|\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_VALUES =
      Pattern.compile(
          "^\\s*label_values\\s*\\((?:\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?:\\{[^}]*}\\s*)?,)?");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "inf", "nan", "Inf", "NaN");

  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
  private static final Pattern MATCHER_LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

  /** A metric selector: the metric and the label names it matches on. */
  public record Selector(String metric, Set<String> labels) {}

  private DashboardQueries() {}

  /** The dashboard JSON files in {@code directory}, sorted by name. */
  public static List<Path> dashboards(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list dashboards in " + directory, e);
    }
  }

  /**
   * Every query of {@code dashboard}: panel targets' {@code expr} (at any depth, so rows' nested
   * panels count) and query variables' {@code label_values(...)}.
   */
  public static List<String> expressions(Path dashboard) {
    JsonNode root;
    try {
      root = JSON.readTree(dashboard);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not a JSON dashboard: " + dashboard, e);
    }
    List<String> queries = new ArrayList<>();
    collectExpressions(root, queries);
    for (JsonNode variable : root.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asString(""))) {
        JsonNode query = variable.path("query");
        queries.add(query.isObject() ? query.path("query").asString("") : query.asString(""));
      }
    }
    return queries;
  }

  private static void collectExpressions(JsonNode node, List<String> into) {
    if (node.isObject()) {
      JsonNode expr = node.get("expr");
      if (expr != null && expr.isString()) {
        into.add(expr.stringValue());
      }
    }
    for (JsonNode child : node.values()) {
      collectExpressions(child, into);
    }
  }

  /** The metric names every query of {@code dashboard} uses. */
  public static Set<String> metricNames(Path dashboard) {
    Set<String> names = new TreeSet<>();
    for (String query : expressions(dashboard)) {
      names.addAll(metricNames(query));
    }
    return names;
  }

  /**
   * The metric names in one PromQL expression (or Grafana {@code label_values(metric, label)}
   * variable query): identifiers that are neither functions, keywords, label names nor Grafana
   * variables.
   */
  public static Set<String> metricNames(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher labelValues = LABEL_VALUES.matcher(promql);
    if (labelValues.find()) {
      if (labelValues.group(1) != null) {
        names.add(labelValues.group(1));
      }
      return names;
    }
    String rest = promql;
    for (Pattern noise :
        List.of(GRAFANA_VARIABLE, STRING, MATCHERS, RANGE, OFFSET, GROUPING, NUMBER)) {
      rest = noise.matcher(rest).replaceAll(" ");
    }
    Matcher identifier = IDENTIFIER.matcher(rest);
    while (identifier.find()) {
      String name = identifier.group();
      if (!KEYWORDS.contains(name) && !isFunctionCall(rest, identifier.end())) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean isFunctionCall(String text, int end) {
    int i = end;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i < text.length() && text.charAt(i) == '(';
  }

  /** The selectors with label matchers in one PromQL expression, e.g. {@code m{tenant=~"a"}}. */
  public static List<Selector> selectors(String promql) {
    String unquoted = STRING.matcher(promql).replaceAll("\"\"");
    List<Selector> selectors = new ArrayList<>();
    Matcher selector = SELECTOR.matcher(unquoted);
    while (selector.find()) {
      Set<String> labels = new TreeSet<>();
      Matcher label = MATCHER_LABEL.matcher(selector.group(2));
      while (label.find()) {
        labels.add(label.group(1));
      }
      selectors.add(new Selector(selector.group(1), labels));
    }
    return selectors;
  }
}
