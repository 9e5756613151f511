package io.timeslice.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.timeslice.api.archfixture.ApiReachingPastTheCore;
import io.timeslice.cache.archfixture.CacheUsingSpring;
import io.timeslice.scheduler.archfixture.SchedulerUsingEngineInternals;
import io.timeslice.storage.archfixture.StorageCallingTheScheduler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of docs/ARCHITECTURE.md, checked on the compiled classes of every module
 * (api-server's test classpath holds them all): the direction of dependencies, the engine's
 * internals kept to the engine, Spring kept to api-server. Each rule is also shown to fail on a
 * class that breaks it (the {@code archfixture} packages of this test tree), so that a rule that
 * cannot fail is noticed.
 */
class ArchitectureTest {
  /** Each module's package, from the top (api-server) down; a layer uses only those it lists. */
  static final ArchRule MODULE_DIRECTION =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("api-server")
          .definedBy("io.timeslice.api..")
          .layer("core")
          .definedBy("io.timeslice.core..")
          .layer("scheduler")
          .definedBy("io.timeslice.scheduler..")
          .layer("module-cache")
          .definedBy("io.timeslice.cache..")
          .layer("storage")
          .definedBy("io.timeslice.storage..")
          .layer("wasm-runtime")
          .definedBy("io.timeslice.wasm..")
          .whereLayer("api-server")
          .mayOnlyAccessLayers("core")
          .whereLayer("core")
          .mayOnlyAccessLayers("scheduler", "module-cache", "storage", "wasm-runtime")
          .whereLayer("scheduler")
          .mayOnlyAccessLayers("module-cache", "storage", "wasm-runtime")
          .whereLayer("module-cache")
          .mayOnlyAccessLayers("wasm-runtime")
          .whereLayer("storage")
          .mayNotAccessAnyLayer()
          .whereLayer("wasm-runtime")
          .mayNotAccessAnyLayer();

  static final ArchRule ENGINE_INTERNALS_STAY_IN_THE_ENGINE =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.timeslice.wasm..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.timeslice.wasm.internal..")
          .as("nobody outside the engine uses io.timeslice.wasm.internal");

  static final ArchRule SPRING_ONLY_IN_THE_API_SERVER =
      noClasses()
          .that()
          .resideInAPackage("io.timeslice..")
          .and()
          .resideOutsideOfPackage("io.timeslice.api..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.springframework..")
          .as("Spring only in api-server");

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.timeslice");

  @Test
  void theProductionClassesKeepEveryRule() {
    // Every module is imported, or the rules would pass on nothing.
    for (String pkg :
        List.of(
            "io.timeslice.api",
            "io.timeslice.core",
            "io.timeslice.scheduler",
            "io.timeslice.cache",
            "io.timeslice.storage",
            "io.timeslice.wasm")) {
      assertThat(PRODUCTION.containPackage(pkg)).as(pkg).isTrue();
    }
    MODULE_DIRECTION.check(PRODUCTION);
    ENGINE_INTERNALS_STAY_IN_THE_ENGINE.check(PRODUCTION);
    SPRING_ONLY_IN_THE_API_SERVER.check(PRODUCTION);
  }

  @Test
  void aDependencyAgainstTheModuleDirectionIsCaught() {
    assertViolates(MODULE_DIRECTION, StorageCallingTheScheduler.class, "io.timeslice.scheduler");
    assertViolates(MODULE_DIRECTION, ApiReachingPastTheCore.class, "io.timeslice.storage");
  }

  @Test
  void engineInternalsOutsideTheEngineAreCaught() {
    assertViolates(
        ENGINE_INTERNALS_STAY_IN_THE_ENGINE,
        SchedulerUsingEngineInternals.class,
        "io.timeslice.wasm.internal");
  }

  @Test
  void springOutsideTheApiServerIsCaught() {
    assertViolates(SPRING_ONLY_IN_THE_API_SERVER, CacheUsingSpring.class, "org.springframework");
  }

  private static void assertViolates(ArchRule rule, Class<?> offender, String target) {
    EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(offender));
    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains(offender.getName()).contains(target));
  }
}
