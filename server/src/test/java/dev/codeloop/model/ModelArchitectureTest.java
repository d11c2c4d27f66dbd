package dev.codeloop.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    // only our own classes are checked: no need to parse the whole class path for their
    // dependencies
    ArchConfiguration config = ArchConfiguration.get();
    boolean resolve = config.resolveMissingDependenciesFromClassPath();
    config.setResolveMissingDependenciesFromClassPath(false);
    try {
      classes =
          new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPackages("dev.codeloop.model");
    } finally {
      config.setResolveMissingDependenciesFromClassPath(resolve);
    }
  }

  @Test
  void should_import_langchain4j_only_in_the_langchain4j_package() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.codeloop.model.langchain4j..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.langchain4j..")
        .check(classes);
  }

  @Test
  void should_keep_router_logic_free_of_provider_packages() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.codeloop.model", "dev.codeloop.model.config", "dev.codeloop.model.fim")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.codeloop.model.langchain4j..")
        .check(classes);
  }
}
