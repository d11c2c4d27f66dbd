package dev.codeloop.workspace.tool;

import dev.codeloop.settings.ToolSettings;
import dev.codeloop.workspace.tool.DetectedTool.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds a workspace root's checks and tests from its project files: Maven, Gradle, npm, Python, Go,
 * Cargo, and a Makefile's {@code check}/{@code test} targets when nothing else was found. Settings
 * {@code tools.checks} / {@code tools.tests} replace what is detected for their kind. Only reads
 * files; never runs anything.
 */
public final class ToolDetector {
  private static final Pattern MAKE_TARGET = Pattern.compile("(?m)^([A-Za-z0-9_.-]+)\\s*:(?!=)");
  private static final String NPM_DEFAULT_TEST = "no test specified";

  private final Predicate<String> onPath;

  /**
   * @param onPath whether a program of that name is on the {@code PATH} (Python tools are used when
   *     installed or configured)
   */
  public ToolDetector(Predicate<String> onPath) {
    this.onPath = onPath;
  }

  /** A {@code PATH} lookup over the given variable's folders. */
  public static Predicate<String> pathLookup(String path) {
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String d : path.split(java.io.File.pathSeparator)) {
        if (!d.isBlank()) {
          dirs.add(Path.of(d));
        }
      }
    }
    return name -> dirs.stream().map(d -> d.resolve(name)).anyMatch(Files::isExecutable);
  }

  /** The root's checks and tests: configured ones replace the detected ones of their kind. */
  public List<DetectedTool> detect(Path root, ToolSettings settings) {
    List<DetectedTool> detected = detect(root);
    List<DetectedTool> out = new ArrayList<>();
    out.addAll(
        settings
            .checks()
            .map(c -> configured(root, Kind.CHECK, "tools.checks", c))
            .orElseGet(() -> ofKind(detected, Kind.CHECK)));
    out.addAll(
        settings
            .tests()
            .map(c -> configured(root, Kind.TEST, "tools.tests", c))
            .orElseGet(() -> ofKind(detected, Kind.TEST)));
    return out;
  }

  private static List<DetectedTool> ofKind(List<DetectedTool> tools, Kind kind) {
    return tools.stream().filter(t -> t.kind() == kind).toList();
  }

  private static List<DetectedTool> configured(
      Path root, Kind kind, String setting, List<ToolSettings.Command> commands) {
    List<DetectedTool> out = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      ToolSettings.Command c = commands.get(i);
      Path cwd = c.cwd().isBlank() ? root : root.resolve(c.cwd()).normalize();
      out.add(
          new DetectedTool(
              setting.substring("tools.".length()) + "-" + i,
              kind,
              c.command(),
              cwd,
              c.parser(),
              setting + "[" + i + "] in the settings"));
    }
    return out;
  }

  /** What the project files of {@code root} call for, ignoring settings. */
  public List<DetectedTool> detect(Path root) {
    List<DetectedTool> out = new ArrayList<>();
    maven(root, out);
    gradle(root, out);
    npm(root, out);
    python(root, out);
    go(root, out);
    cargo(root, out);
    make(root, out);
    return out;
  }

  private static void maven(Path root, List<DetectedTool> out) {
    if (!Files.isRegularFile(root.resolve("pom.xml"))) {
      return;
    }
    Path wrapper = root.resolve("mvnw");
    boolean hasWrapper = Files.isRegularFile(wrapper) && Files.isExecutable(wrapper);
    String mvn = hasWrapper ? wrapper.toString() : "mvn";
    String why =
        hasWrapper
            ? "pom.xml and an executable ./mvnw"
            : Files.exists(wrapper)
                ? "pom.xml; ./mvnw is not executable, so mvn from the PATH"
                : "pom.xml (no ./mvnw, so mvn from the PATH)";
    out.add(
        new DetectedTool(
            "maven-compile",
            Kind.CHECK,
            List.of(mvn, "-B", "-q", "test-compile"),
            root,
            "maven",
            why + ": compiles main and test sources"));
    out.add(
        new DetectedTool(
            "maven-test",
            Kind.TEST,
            List.of(mvn, "-B", "test"),
            root,
            "junit-xml",
            why + ": surefire's reports under target/surefire-reports"));
  }

  private static void gradle(Path root, List<DetectedTool> out) {
    boolean build =
        Files.isRegularFile(root.resolve("build.gradle"))
            || Files.isRegularFile(root.resolve("build.gradle.kts"))
            || Files.isRegularFile(root.resolve("settings.gradle"))
            || Files.isRegularFile(root.resolve("settings.gradle.kts"));
    if (!build) {
      return;
    }
    Path wrapper = root.resolve("gradlew");
    boolean hasWrapper = Files.isRegularFile(wrapper) && Files.isExecutable(wrapper);
    String gradle = hasWrapper ? wrapper.toString() : "gradle";
    String why =
        hasWrapper ? "a Gradle build and an executable ./gradlew" : "a Gradle build (no ./gradlew)";
    out.add(
        new DetectedTool(
            "gradle-compile",
            Kind.CHECK,
            List.of(gradle, "--console=plain", "-q", "classes", "testClasses"),
            root,
            "javac",
            why));
    out.add(
        new DetectedTool(
            "gradle-test",
            Kind.TEST,
            List.of(gradle, "--console=plain", "test"),
            root,
            "junit-xml",
            why + ": test reports under build/test-results"));
  }

  private static void npm(Path root, List<DetectedTool> out) {
    Path pkg = root.resolve("package.json");
    if (!Files.isRegularFile(pkg)) {
      return;
    }
    String json = read(pkg);
    if (Files.isRegularFile(root.resolve("tsconfig.json"))) {
      out.add(
          new DetectedTool(
              "tsc",
              Kind.CHECK,
              List.of("npx", "--no-install", "tsc", "--noEmit", "--pretty", "false"),
              root,
              "tsc",
              "package.json and tsconfig.json"));
    }
    Optional<String> eslintConfig = eslintConfig(root, json);
    eslintConfig.ifPresent(
        config ->
            out.add(
                new DetectedTool(
                    "eslint",
                    Kind.CHECK,
                    List.of("npx", "--no-install", "eslint", "--format", "json", "."),
                    root,
                    "eslint",
                    "package.json and an ESLint configuration (" + config + ")")));
    if (hasTestScript(json)) {
      out.add(
          new DetectedTool(
              "npm-test",
              Kind.TEST,
              List.of("npm", "test", "--silent"),
              root,
              "node-test",
              "package.json has a test script"));
    } else {
      out.add(
          new DetectedTool(
              "node-test",
              Kind.TEST,
              List.of("node", "--test"),
              root,
              "node-test",
              "package.json without a test script: Node's built-in test runner"));
    }
  }

  private static Optional<String> eslintConfig(Path root, String packageJson) {
    for (String name :
        List.of(
            "eslint.config.js",
            "eslint.config.mjs",
            "eslint.config.cjs",
            "eslint.config.ts",
            ".eslintrc",
            ".eslintrc.js",
            ".eslintrc.cjs",
            ".eslintrc.json",
            ".eslintrc.yml",
            ".eslintrc.yaml")) {
      if (Files.isRegularFile(root.resolve(name))) {
        return Optional.of(name);
      }
    }
    return packageJson.contains("\"eslintConfig\"")
        ? Optional.of("eslintConfig in package.json")
        : Optional.empty();
  }

  private static boolean hasTestScript(String packageJson) {
    int scripts = packageJson.indexOf("\"scripts\"");
    if (scripts < 0) {
      return false;
    }
    int end = packageJson.indexOf('}', scripts);
    String block = packageJson.substring(scripts, end < 0 ? packageJson.length() : end);
    int test = block.indexOf("\"test\"");
    return test >= 0 && !block.substring(test).split("\n", 2)[0].contains(NPM_DEFAULT_TEST);
  }

  private void python(Path root, List<DetectedTool> out) {
    Path pyproject = root.resolve("pyproject.toml");
    boolean project =
        Files.isRegularFile(pyproject)
            || Files.isRegularFile(root.resolve("setup.py"))
            || Files.isRegularFile(root.resolve("setup.cfg"))
            || Files.isRegularFile(root.resolve("requirements.txt"));
    if (!project) {
      return;
    }
    String config =
        read(pyproject) + read(root.resolve("setup.cfg")) + read(root.resolve("tox.ini"));
    Optional<String> ruff =
        why("ruff", config.contains("[tool.ruff") || exists(root, "ruff.toml", ".ruff.toml"));
    Optional<String> flake8 = why("flake8", config.contains("[flake8]") || exists(root, ".flake8"));
    Optional<String> mypy = why("mypy", config.contains("[tool.mypy") || exists(root, "mypy.ini"));
    Optional<String> pytest =
        why(
            "pytest",
            config.contains("[tool.pytest")
                || exists(root, "pytest.ini", "conftest.py")
                || config.contains("[pytest]"));
    if (ruff.isPresent()) {
      out.add(
          new DetectedTool(
              "ruff",
              Kind.CHECK,
              List.of("ruff", "check", "--output-format=concise", "."),
              root,
              "ruff",
              "a Python project and ruff " + ruff.get()));
    } else if (flake8.isPresent()) {
      out.add(
          new DetectedTool(
              "flake8",
              Kind.CHECK,
              List.of("flake8", "."),
              root,
              "flake8",
              "a Python project and flake8 " + flake8.get() + " (no ruff)"));
    }
    mypy.ifPresent(
        w ->
            out.add(
                new DetectedTool(
                    "mypy",
                    Kind.CHECK,
                    List.of("mypy", "--no-color-output", "--no-error-summary", "."),
                    root,
                    "mypy",
                    "a Python project and mypy " + w)));
    pytest.ifPresent(
        w ->
            out.add(
                new DetectedTool(
                    "pytest",
                    Kind.TEST,
                    List.of("pytest", "-q", "--tb=short", "--junitxml=.codeloop/pytest-junit.xml"),
                    root,
                    "junit-xml",
                    "a Python project and pytest " + w)));
  }

  /** Why a Python tool is used: configured, on the PATH, or not at all. */
  private Optional<String> why(String program, boolean configured) {
    if (configured) {
      return Optional.of("(configured in the project)");
    }
    return onPath.test(program) ? Optional.of("(on the PATH)") : Optional.empty();
  }

  private static void go(Path root, List<DetectedTool> out) {
    if (!Files.isRegularFile(root.resolve("go.mod"))) {
      return;
    }
    out.add(
        new DetectedTool(
            "go-vet", Kind.CHECK, List.of("go", "vet", "./..."), root, "govet", "go.mod"));
    out.add(
        new DetectedTool(
            "go-test",
            Kind.TEST,
            List.of("go", "test", "-json", "./..."),
            root,
            "go-test-json",
            "go.mod"));
  }

  private static void cargo(Path root, List<DetectedTool> out) {
    if (!Files.isRegularFile(root.resolve("Cargo.toml"))) {
      return;
    }
    out.add(
        new DetectedTool(
            "cargo-check",
            Kind.CHECK,
            List.of("cargo", "check", "--all-targets", "--message-format=json"),
            root,
            "cargo-json",
            "Cargo.toml"));
    out.add(
        new DetectedTool(
            "cargo-test",
            Kind.TEST,
            List.of("cargo", "test", "--no-fail-fast"),
            root,
            "cargo-test",
            "Cargo.toml"));
  }

  /** A Makefile's {@code check} / {@code test} targets, for kinds nothing else provided. */
  private static void make(Path root, List<DetectedTool> out) {
    Path makefile = root.resolve("Makefile");
    if (!Files.isRegularFile(makefile)) {
      makefile = root.resolve("GNUmakefile");
      if (!Files.isRegularFile(makefile)) {
        return;
      }
    }
    List<String> targets = new ArrayList<>();
    var m = MAKE_TARGET.matcher(read(makefile));
    while (m.find()) {
      targets.add(m.group(1));
    }
    String name = makefile.getFileName().toString();
    if (targets.contains("check") && out.stream().noneMatch(t -> t.kind() == Kind.CHECK)) {
      out.add(
          new DetectedTool(
              "make-check",
              Kind.CHECK,
              List.of("make", "check"),
              root,
              "gcc",
              name + " has a check target (and no other check was found)"));
    }
    if (targets.contains("test") && out.stream().noneMatch(t -> t.kind() == Kind.TEST)) {
      out.add(
          new DetectedTool(
              "make-test",
              Kind.TEST,
              List.of("make", "test"),
              root,
              "gcc",
              name + " has a test target (and no other test run was found)"));
    }
  }

  private static boolean exists(Path root, String... names) {
    for (String n : names) {
      if (Files.exists(root.resolve(n))) {
        return true;
      }
    }
    return false;
  }

  /** A small project file's text, or "" (a detector never fails on an unreadable file). */
  private static String read(Path file) {
    try {
      if (Files.isRegularFile(file) && Files.size(file) < 1024 * 1024) {
        return Files.readString(file, StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: treated as empty
    }
    return "";
  }
}
