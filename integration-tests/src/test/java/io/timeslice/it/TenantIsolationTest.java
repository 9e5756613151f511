package io.timeslice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenants see only their own modules and jobs; credentials are checked on every call. */
class TenantIsolationTest {
  private static Api api;
  private static Api.Tenant alice;
  private static Api.Tenant bob;
  private static String aliceModule;
  private static String aliceJob;

  @BeforeAll
  static void twoTenants() throws Exception {
    api = SharedServer.api();
    alice = api.tenant("alice", Map.of());
    bob = api.tenant("bob", Map.of());
    aliceModule = api.upload(alice.key(), "bench.wasm");
    aliceJob =
        api.submit(
            alice.key(),
            Map.of("moduleId", aliceModule, "function", "fib_rec", "args", List.of(3)));
  }

  @Test
  void anotherTenantsModuleAndJobAreNotFound() throws Exception {
    assertThat(api.get("/modules/" + aliceModule, bob.key()).status()).isEqualTo(404);
    assertThat(api.get("/jobs/" + aliceJob, bob.key()).status()).isEqualTo(404);
    assertThat(api.get("/jobs/" + aliceJob + "/events", bob.key()).status()).isEqualTo(404);
    assertThat(api.post("/jobs/" + aliceJob + "/cancel", bob.key(), Map.of()).status())
        .isEqualTo(404);
    assertThat(api.get("/modules", bob.key()).json().get("modules")).isEmpty();
    assertThat(api.get("/jobs", bob.key()).json().get("jobs")).isEmpty();
    assertThat(api.get("/tenants/" + alice.id(), bob.key()).status()).isEqualTo(404);
    Api.Answer submit =
        api.post(
            "/jobs",
            bob.key(),
            Map.of("moduleId", aliceModule, "function", "fib_rec", "args", List.of(3)));
    assertThat(submit.status()).isEqualTo(404);
    assertThat(api.get("/jobs/" + aliceJob, alice.key()).status()).isEqualTo(200);
  }

  @Test
  void missingOrWrongCredentialsAre401AndTenantKeysCannotAdminister() throws Exception {
    Api.Answer none = api.get("/modules", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(none.header("Content-Type")).startsWith("application/problem+json");
    assertThat(api.get("/jobs", "ts_not-a-key").status()).isEqualTo(401);
    assertThat(api.get("/tenants", "ts_not-a-key").status()).isEqualTo(401);
    assertThat(api.post("/tenants", alice.key(), Map.of("name", "sneaky")).status()).isEqualTo(403);
    assertThat(api.get("/tenants", alice.key()).status()).isEqualTo(403);
    assertThat(api.get("/tenants/" + alice.id(), alice.key()).json().get("name").asString())
        .isEqualTo(alice.name());
  }

  @Test
  void rotatingAKeyRetiresTheOldOne() throws Exception {
    Api.Tenant carol = api.tenant("carol", Map.of());
    Api.Answer rotated =
        api.post("/tenants/" + carol.id() + "/api-keys/rotate", carol.key(), Map.of());
    assertThat(rotated.status()).isEqualTo(200);
    String fresh = rotated.json().get("apiKey").asString();
    assertThat(api.get("/modules", carol.key()).status()).isEqualTo(401);
    assertThat(api.get("/modules", fresh).status()).isEqualTo(200);

    Api.Answer extra = api.post("/tenants/" + carol.id() + "/api-keys", api.adminToken(), Map.of());
    assertThat(extra.status()).isEqualTo(201);
    long extraId = extra.json().get("id").asLong();
    assertThat(
            api.send("DELETE", "/tenants/" + carol.id() + "/api-keys/" + extraId, fresh, null, null)
                .status())
        .isEqualTo(204);
    assertThat(api.get("/modules", extra.json().get("apiKey").asString()).status()).isEqualTo(401);
  }

  @Test
  void aTenantsRetentionIsShownAndChecked() throws Exception {
    Api.Tenant kept = api.tenant("kept", Map.of("retentionDays", 30));
    assertThat(api.get("/tenants/" + kept.id(), kept.key()).json().get("retentionDays").asInt())
        .isEqualTo(30);
    // Absent: the service's default, not shown as a value of the tenant's.
    assertThat(api.get("/tenants/" + alice.id(), alice.key()).json().has("retentionDays"))
        .isFalse();
    assertThat(
            api.send(
                    "PATCH",
                    "/tenants/" + kept.id(),
                    api.adminToken(),
                    "application/json",
                    "{\"retentionDays\": 0}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .status())
        .isEqualTo(400);
  }

  @Test
  void duplicateTenantNameConflicts() throws Exception {
    Api.Answer again = api.post("/tenants", api.adminToken(), Map.of("name", alice.name()));
    assertThat(again.status()).isEqualTo(409);
    assertThat(api.post("/tenants", api.adminToken(), Map.of("name", "bad name!")).status())
        .isEqualTo(400);
    assertThat(api.post("/tenants", api.adminToken(), Map.of("name", "w0", "weight", 0)).status())
        .isEqualTo(400);
  }
}
