package dev.codeloop.action.tests;

import dev.codeloop.action.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The project's conventional test location and framework for a source file: Maven/Gradle {@code
 * src/main/java} → {@code src/test/java/.../<Name>Test.java} (JUnit 5, JUnit 4 or TestNG as the
 * build mentions), Python {@code tests/test_<name>.py} (pytest), JS/TS {@code <name>.test.<ext>}
 * (Vitest or Jest), Go {@code <name>_test.go}, Rust an inline {@code #[cfg(test)]} module.
 */
public final class TestLocator {
  private static final List<String> PROJECT_MARKERS =
      List.of(
          "pom.xml",
          "build.gradle",
          "build.gradle.kts",
          "pyproject.toml",
          "setup.py",
          "setup.cfg",
          "package.json",
          "go.mod",
          "Cargo.toml");

  private final ProjectFiles files;

  public TestLocator(ProjectFiles files) {
    this.files = files;
  }

  /** Cheap check for proposing: whether we know a convention for the language at all. */
  public static boolean supports(String languageId) {
    return switch (languageId) {
      case "java",
          "kotlin",
          "python",
          "javascript",
          "typescript",
          "javascriptreact",
          "typescriptreact",
          "go",
          "rust" ->
          true;
      default -> false;
    };
  }

  public Optional<TestTarget> locate(Path source, String languageId) {
    String name = source.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot + 1) : "";
    Path dir = source.getParent();
    Path root = projectRoot(dir).orElse(dir);
    return switch (languageId) {
      case "java", "kotlin" -> Optional.of(jvm(source, root, stem, ext));
      case "python" -> Optional.of(python(source, root, stem));
      case "javascript", "typescript", "javascriptreact", "typescriptreact" ->
          Optional.of(new TestTarget(dir.resolve(stem + ".test." + ext), jsFramework(root), false));
      case "go" -> Optional.of(new TestTarget(dir.resolve(stem + "_test.go"), "Go testing", false));
      case "rust" ->
          Optional.of(new TestTarget(source, "Rust #[cfg(test)] module with #[test]", true));
      default -> Optional.empty();
    };
  }

  private TestTarget jvm(Path source, Path root, String stem, String ext) {
    String s = source.toString().replace('\\', '/');
    String lang = ext.equals("kt") ? "kotlin" : "java";
    String main = "/src/main/" + lang + "/";
    Path target;
    int at = s.lastIndexOf(main);
    if (at >= 0) {
      String mapped =
          s.substring(0, at) + "/src/test/" + lang + "/" + s.substring(at + main.length());
      target = Path.of(mapped).resolveSibling(stem + "Test." + ext);
    } else {
      target = source.resolveSibling(stem + "Test." + ext);
    }
    String build =
        read(root.resolve("pom.xml"))
            + read(root.resolve("build.gradle"))
            + read(root.resolve("build.gradle.kts"));
    String framework;
    if (build.contains("junit-jupiter")
        || build.contains("org.junit.jupiter")
        || build.contains("junit5")) {
      framework = "JUnit 5 (org.junit.jupiter.api)";
    } else if (build.contains("testng")) {
      framework = "TestNG";
    } else if (build.contains("junit")) {
      framework = "JUnit 4";
    } else {
      framework = "JUnit 5 (org.junit.jupiter.api)";
    }
    if (build.contains("assertj")) {
      framework += " with AssertJ assertions";
    }
    return new TestTarget(target, framework, false);
  }

  private TestTarget python(Path source, Path root, String stem) {
    String config =
        read(root.resolve("pyproject.toml"))
            + read(root.resolve("setup.cfg"))
            + read(root.resolve("requirements-dev.txt"))
            + read(root.resolve("requirements.txt"))
            + read(root.resolve("tox.ini"));
    boolean unittest = !config.contains("pytest") && config.contains("unittest");
    return new TestTarget(
        root.resolve("tests").resolve("test_" + stem + ".py"),
        unittest ? "unittest" : "pytest",
        false);
  }

  private String jsFramework(Path root) {
    String pkg = read(root.resolve("package.json")).toLowerCase(Locale.ROOT);
    if (pkg.contains("vitest")) {
      return "Vitest";
    }
    if (pkg.contains("mocha")) {
      return "Mocha with node:assert";
    }
    return "Jest";
  }

  private Optional<Path> projectRoot(Path dir) {
    for (Path d = dir; d != null; d = d.getParent()) {
      for (String marker : PROJECT_MARKERS) {
        if (files.exists(d.resolve(marker))) {
          return Optional.of(d);
        }
      }
      if (files.roots().contains(d)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private String read(Path file) {
    return files.read(file).orElse("");
  }
}
