package dev.codeloop.workspace.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Narrows a detected test command to one file or one test, the way each runner selects them:
 * Surefire's {@code -Dtest=Class#method}, Gradle's {@code --tests}, pytest's {@code
 * file::Class::test}, Node's {@code --test-name-pattern} and file argument, {@code go test -run},
 * {@code cargo test NAME}. A command it cannot narrow (a configured command, {@code npm test},
 * {@code make test}) is answered empty: the caller runs it whole and says so.
 */
public final class TestSelection {
  private static final Pattern JAVA_PACKAGE =
      Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.MULTILINE);

  private TestSelection() {}

  public static Optional<DetectedTool> narrow(DetectedTool tool, TestTarget target) {
    if (!target.file().startsWith(tool.workingDirectory())) {
      return Optional.empty();
    }
    String rel = tool.workingDirectory().relativize(target.file()).toString().replace('\\', '/');
    String fileName = target.file().getFileName().toString();
    String stem =
        fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    List<String> argv = new ArrayList<>(tool.argv());
    switch (tool.id()) {
      case "maven-test" -> {
        if (!fileName.endsWith(".java") && !fileName.endsWith(".kt")) {
          return Optional.empty();
        }
        argv.add("-Dtest=" + stem + target.test().map(t -> "#" + t).orElse(""));
        argv.add("-Dsurefire.failIfNoSpecifiedTests=false");
      }
      case "gradle-test" -> {
        if (!fileName.endsWith(".java") && !fileName.endsWith(".kt")) {
          return Optional.empty();
        }
        String cls = javaPackage(target.file()).map(p -> p + "." + stem).orElse(stem);
        argv.add("--tests");
        argv.add(cls + target.test().map(t -> "." + t).orElse(""));
      }
      case "pytest" -> {
        if (!fileName.endsWith(".py")) {
          return Optional.empty();
        }
        StringBuilder id = new StringBuilder(rel);
        target.container().ifPresent(c -> id.append("::").append(c));
        target.test().ifPresent(t -> id.append("::").append(t));
        argv.add(id.toString());
      }
      case "node-test" -> {
        target.test().ifPresent(t -> argv.add("--test-name-pattern=^" + jsRegexQuote(t) + "$"));
        argv.add(rel);
      }
      case "go-test" -> {
        String dir = Path.of(rel).getParent() == null ? "." : "./" + Path.of(rel).getParent();
        argv.set(argv.size() - 1, dir.replace('\\', '/'));
        target.test().ifPresent(t -> argv.add("-run=^" + t + "$"));
      }
      case "cargo-test" -> {
        if (target.test().isEmpty()) {
          return Optional.empty(); // cargo selects by name, not by file
        }
        argv.add(target.test().get());
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(
        new DetectedTool(
            tool.id(),
            tool.kind(),
            argv,
            tool.workingDirectory(),
            tool.parser(),
            tool.why() + "; narrowed to " + target.describe(tool.workingDirectory())));
  }

  /** A JavaScript regular expression matching {@code s} literally. */
  static String jsRegexQuote(String s) {
    return s.replaceAll("[.*+?^${}()|\\[\\]\\\\/]", "\\\\$0");
  }

  private static Optional<String> javaPackage(Path file) {
    try {
      Matcher m = JAVA_PACKAGE.matcher(Files.readString(file, StandardCharsets.UTF_8));
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
