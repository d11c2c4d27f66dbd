package dev.codeloop.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of docs/ARCHITECTURE.md, enforced. */
class ArchitectureTest {
  /** The composition root: ServerComponents, Backend, SessionFactory and their wiring helpers. */
  private static final String COMPOSITION_ROOT = "dev.codeloop";

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.codeloop");
  }

  @Test
  void should_keep_json_rpc_and_lsp_services_inside_the_lsp_and_launcher_layers() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackages(
                "dev.codeloop.lsp..",
                "dev.codeloop.launcher..",
                "dev.codeloop.cli..",
                COMPOSITION_ROOT)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.eclipse.lsp4j.services..", "org.eclipse.lsp4j.launch..", "com.google.gson..")
            .orShould()
            .dependOnClassesThat(
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "JSON-RPC classes other than CancelChecker",
                    c ->
                        c.getBaseComponentType()
                                .getPackageName()
                                .startsWith("org.eclipse.lsp4j.jsonrpc")
                            && !c.getBaseComponentType()
                                .getName()
                                .equals("org.eclipse.lsp4j.jsonrpc.CancelChecker")));
    rule.check(classes);
  }

  @Test
  void should_keep_langchain4j_inside_the_model_langchain4j_package() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.codeloop.model.langchain4j..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.langchain4j..")
        .check(classes);
  }

  @Test
  void should_not_depend_on_the_lsp_layer_from_features() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.codeloop.lsp..", "dev.codeloop.launcher..", COMPOSITION_ROOT)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.codeloop.lsp..", "dev.codeloop.launcher..")
        .check(classes);
  }

  @Test
  void should_have_no_static_mutable_state() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields()
        .that()
        .areStatic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage("dev.codeloop..")
        .should()
        .beFinal()
        .because("no static mutable state: construct everything in ServerComponents")
        .check(classes);
  }

  @Test
  void should_have_no_cycles_between_top_level_packages() {
    SlicesRuleDefinition.slices()
        .matching("dev.codeloop.(*)..")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  void should_have_no_cycles_between_feature_sub_packages() {
    SlicesRuleDefinition.slices()
        .matching("dev.codeloop.*.(*)..")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  /**
   * The command line is an LSP client like any editor: it reaches the server only through the wire
   * (LSP4J's client side, a {@code ServerConnector} the launcher hands it), never its internals.
   */
  @Test
  void should_keep_the_command_line_a_pure_lsp_client() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
        .that()
        .resideInAPackage("dev.codeloop.cli..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.codeloop.cli..", "java..", "org.eclipse.lsp4j..", "com.google.gson..")
        .check(classes);
  }

  @Test
  void should_let_only_the_launcher_use_the_command_line() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.codeloop.cli..", "dev.codeloop.launcher..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.codeloop.cli..")
        .check(classes);
  }

  @Test
  void should_let_only_the_launcher_use_the_composition_root() {
    noClasses()
        .that()
        .resideOutsideOfPackages(COMPOSITION_ROOT, "dev.codeloop.launcher..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(COMPOSITION_ROOT)
        .check(classes);
  }
}
