package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Modules uploaded in the text format over real HTTP, as {@code curl --data-binary @hello.wat -H
 * 'Content-Type: text/plain'} sends them: they run, their id is the hash of their binary (so the
 * text and wat2wasm's binary of one module are one module), and bad text is a problem with its line
 * and column.
 */
class TextModulesTest {
  private static Api api;
  private static Api.Tenant tenant;

  @BeforeAll
  static void tenant() throws Exception {
    api = SharedServer.api();
    tenant = api.tenant("text", Map.of());
  }

  private static byte[] helloText() throws Exception {
    return Files.readAllBytes(
        Path.of(System.getProperty("timeslice.root", ".."), "programs", "wat", "hello.wat"));
  }

  @Test
  void aTextUploadRunsAndIsTheSameModuleAsItsBinary() throws Exception {
    Api.Answer text = api.send("POST", "/modules", tenant.key(), "text/plain", helloText());
    assertThat(text.status()).as(text.body()).isEqualTo(201);
    String id = text.json().get("id").asString();
    assertThat(text.json().get("sizeBytes").asLong())
        .as("the stored binary's size")
        .isEqualTo(Files.size(Api.program("wat-hello.wasm")));

    Api.Answer binary =
        api.send(
            "POST",
            "/modules",
            tenant.key(),
            "application/wasm",
            Files.readAllBytes(Api.program("wat-hello.wasm")));
    assertThat(binary.status()).as("the tenant has it already: " + binary.body()).isEqualTo(200);
    assertThat(binary.json().get("id").asString()).isEqualTo(id);

    JsonNode job =
        api.await(tenant.key(), api.submit(tenant.key(), Map.of("moduleId", id, "wasi", Map.of())));
    assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("stdout").asString()).isEqualTo("hello, world\n");
  }

  @Test
  void theReadmeShowsThisModule() throws Exception {
    String readme =
        Files.readString(Path.of(System.getProperty("timeslice.root", ".."), "README.md"));
    int start = readme.indexOf("```wasm\n") + "```wasm\n".length();
    String block = readme.substring(start, readme.indexOf("```", start));
    assertThat(block).isEqualTo(new String(helloText(), StandardCharsets.UTF_8));
  }

  @Test
  void textIsRecognisedUnderTheBinaryTypeToo() throws Exception {
    byte[] add =
        "\n  (module (func (export \"add\") (param i32 i32) (result i32)\n    local.get 0 local.get 1 i32.add))"
            .getBytes(StandardCharsets.UTF_8);
    Api.Answer a = api.send("POST", "/modules", tenant.key(), "application/wasm", add);
    assertThat(a.status()).as(a.body()).isIn(200, 201);
    JsonNode job =
        api.await(
            tenant.key(),
            api.submit(
                tenant.key(),
                Map.of(
                    "moduleId",
                    a.json().get("id").asString(),
                    "function",
                    "add",
                    "args",
                    java.util.List.of(40, 2))));
    assertThat(job.get("results").get(0).asInt()).isEqualTo(42);
  }

  @Test
  void badTextIs400WithItsLineAndColumn() throws Exception {
    byte[] bad = "(module\n  (func (i32.const 1) (i33.const 2)))".getBytes(StandardCharsets.UTF_8);
    Api.Answer a = api.send("POST", "/modules", tenant.key(), "text/plain", bad);
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.header("Content-Type")).startsWith("application/problem+json");
    assertThat(a.json().get("title").asString()).isEqualTo("Malformed module text");
    assertThat(a.json().get("line").asInt()).isEqualTo(2);
    assertThat(a.json().get("column").asInt()).isEqualTo(24);
    assertThat(a.json().get("detail").asString()).startsWith("unknown operator i33.const");
    assertThat(a.body()).doesNotContain("Exception", "\tat ", "java.");

    Api.Answer binaryAsText =
        api.send("POST", "/modules", tenant.key(), "text/plain", new byte[] {0, 'a', 's', 'm'});
    assertThat(binaryAsText.status()).as(binaryAsText.body()).isEqualTo(400);
    assertThat(binaryAsText.json().get("title").asString()).isEqualTo("Malformed module text");
  }
}
