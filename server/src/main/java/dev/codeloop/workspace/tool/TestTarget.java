package dev.codeloop.workspace.tool;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What part of the tests to run: one test file, and optionally the one test in it at the cursor.
 *
 * @param file the test file (absolute)
 * @param test the test's name as its runner selects it ({@code shouldAdd}, {@code test_add}, {@code
 *     adds two numbers}, {@code TestAdd}), empty for the whole file
 * @param container the enclosing test class of a Python method ({@code TestMath}), else empty
 */
public record TestTarget(Path file, Optional<String> test, Optional<String> container) {
  private static final Pattern JAVA_TEST_ANNOTATION =
      Pattern.compile("^\\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory|Property)\\b");
  private static final Pattern JAVA_METHOD =
      Pattern.compile("\\b(?:void|[\\w<>\\[\\]]+)\\s+(\\w+)\\s*\\(");
  private static final Pattern KOTLIN_FUN = Pattern.compile("\\bfun\\s+`?([^`(]+)`?\\s*\\(");
  private static final Pattern PY_DEF =
      Pattern.compile("^(\\s*)(?:async\\s+)?def\\s+(test\\w*)\\s*\\(");
  private static final Pattern PY_CLASS = Pattern.compile("^(\\s*)class\\s+(\\w+)");
  private static final Pattern JS_TEST =
      Pattern.compile("\\b(?:test|it)(?:\\.only|\\.skip)?\\s*\\(\\s*(['\"`])(.+?)\\1");
  private static final Pattern GO_TEST = Pattern.compile("^func\\s+(Test\\w*)\\s*\\(");
  private static final Pattern RUST_TEST_ATTR = Pattern.compile("^\\s*#\\[(tokio::)?test");
  private static final Pattern RUST_FN = Pattern.compile("\\bfn\\s+(\\w+)\\s*\\(");

  public TestTarget {
    test = test.filter(t -> !t.isBlank());
  }

  /** The whole file. */
  public static TestTarget file(Path file) {
    return new TestTarget(file, Optional.empty(), Optional.empty());
  }

  /**
   * The test whose declaration is at or above {@code line} (0-based) of {@code text}, or the whole
   * file when no test declaration encloses the line.
   */
  public static TestTarget at(Path file, String text, int line) {
    List<String> lines = text.lines().toList();
    String name = file.getFileName().toString();
    int from = Math.min(line, lines.size() - 1);
    for (int i = from; i >= 0; i--) {
      Optional<TestTarget> t = declaredAt(file, name, lines, i);
      if (t.isPresent()) {
        return t.get();
      }
    }
    return file(file);
  }

  /** {@link #at(Path, String, int)} on the file as saved. */
  public static TestTarget at(Path file, int line) throws java.io.IOException {
    return at(file, java.nio.file.Files.readString(file), line);
  }

  /**
   * Whether {@code line} holds a test's declaration (where "Run this test" is offered); {@code
   * lines} as {@link String#lines()} splits a file (a document's {@code text().lines()}: only the
   * few lines looked at are read).
   */
  public static boolean declaresTest(Path file, List<String> lines, int line) {
    return line >= 0
        && line < lines.size()
        && declaredAt(file, file.getFileName().toString(), lines, line).isPresent();
  }

  private static Optional<TestTarget> declaredAt(
      Path file, String name, List<String> lines, int i) {
    String l = lines.get(i);
    Matcher m;
    if (name.endsWith(".java") || name.endsWith(".kt")) {
      m = (name.endsWith(".kt") ? KOTLIN_FUN : JAVA_METHOD).matcher(l);
      if (m.find() && annotatedAsTest(lines, i)) {
        return Optional.of(new TestTarget(file, Optional.of(m.group(1).strip()), Optional.empty()));
      }
    } else if (name.endsWith(".py")) {
      m = PY_DEF.matcher(l);
      if (m.find()) {
        int indent = m.group(1).length();
        Optional<String> cls = Optional.empty();
        for (int j = i - 1; j >= 0 && indent > 0; j--) {
          Matcher c = PY_CLASS.matcher(lines.get(j));
          if (c.find() && c.group(1).length() < indent) {
            cls = Optional.of(c.group(2));
            break;
          }
        }
        return Optional.of(new TestTarget(file, Optional.of(m.group(2)), cls));
      }
    } else if (name.matches(".*\\.(js|mjs|cjs|ts|mts|cts|jsx|tsx)$")) {
      m = JS_TEST.matcher(l);
      if (m.find()) {
        return Optional.of(new TestTarget(file, Optional.of(m.group(2)), Optional.empty()));
      }
    } else if (name.endsWith("_test.go")) {
      m = GO_TEST.matcher(l);
      if (m.find()) {
        return Optional.of(new TestTarget(file, Optional.of(m.group(1)), Optional.empty()));
      }
    } else if (name.endsWith(".rs")) {
      m = RUST_FN.matcher(l);
      if (m.find() && i > 0 && RUST_TEST_ATTR.matcher(lines.get(i - 1)).find()) {
        return Optional.of(new TestTarget(file, Optional.of(m.group(1)), Optional.empty()));
      }
    }
    return Optional.empty();
  }

  private static boolean annotatedAsTest(List<String> lines, int i) {
    for (int j = i; j >= Math.max(0, i - 4); j--) {
      if (JAVA_TEST_ANNOTATION.matcher(lines.get(j)).find()) {
        return true;
      }
      if (j < i && lines.get(j).contains(";")) {
        return false; // a statement between: the annotation belongs to something else
      }
    }
    return false;
  }

  /** For the summary: {@code file} or {@code file › test}. */
  public String describe(Path root) {
    String f = root.relativize(file).toString();
    return test.map(t -> f + " › " + container.map(c -> c + ".").orElse("") + t).orElse(f);
  }
}
