package io.timeslice.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The BOM (bom/pom.xml) lists every module the reactor publishes, at the reactor's version: a new
 * module that is not in it, or a version bumped in one place only, fails here.
 */
class BomTest {
  /** Reactor modules that are not published for others to depend on. */
  private static final List<String> NOT_PUBLISHED =
      List.of("bom", "integration-tests", "benchmarks");

  @Test
  void listsEveryPublishedModuleAtTheReactorsVersion() throws Exception {
    Document root = parse(Checkout.file("pom.xml"));
    Document bom = parse(Checkout.file("bom/pom.xml"));
    String version = childText(root.getDocumentElement(), "version");
    assertThat(childText(bom.getDocumentElement(), "version")).isEqualTo(version);
    assertThat(bom.getElementsByTagName("parent").getLength()).as("the BOM has no parent").isZero();

    List<String> published = new ArrayList<>();
    NodeList modules = root.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().trim();
      if (!NOT_PUBLISHED.contains(module)) {
        Document pom = parse(Checkout.file(module + "/pom.xml"));
        published.add(childText(pom.getDocumentElement(), "artifactId"));
      }
    }
    List<String> listed = new ArrayList<>();
    NodeList dependencies = bom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      assertThat(childText(dependency, "groupId")).isEqualTo("io.timeslice");
      assertThat(childText(dependency, "version")).isEqualTo("${project.version}");
      listed.add(childText(dependency, "artifactId"));
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(published);
  }

  private static Document parse(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  /** The text of {@code parent}'s direct child element {@code name}. */
  private static String childText(Element parent, String name) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    throw new AssertionError(parent.getTagName() + " has no <" + name + ">");
  }
}
