package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code node --test} TAP output (its default reporter when not on a terminal): {@code not ok N -
 * name} followed by an indented YAML block with {@code location}, {@code error} and {@code stack}.
 * The finding goes to the first stack frame in the working directory (outside {@code
 * node_modules}), else to the test's {@code location}. Suites that failed only because a subtest
 * failed are skipped; the subtest is reported.
 */
public final class NodeTestParser implements OutputParser {

  @Override
  public List<Finding> parse(String output, Path workingDirectory) {
    List<String> lines = output.lines().toList();
    List<Finding> findings = new ArrayList<>();
    Path root = workingDirectory.toAbsolutePath();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.startsWith("not ok ")) {
        continue;
      }
      String name = name(line);
      int indent = lines.get(i).indexOf('n');
      Map<String, String> block = new LinkedHashMap<>();
      if (i + 1 < lines.size() && lines.get(i + 1).strip().equals("---")) {
        i = readBlock(lines, i + 2, indent + 2, block);
      }
      if (name == null
          || "'subtestsFailed'".equals(block.get("failureType"))
          || line.contains(" # SKIP")
          || line.contains(" # TODO")) {
        continue;
      }
      Position position = firstLocalFrame(block.getOrDefault("stack", ""), root);
      if (position == null) {
        position = position(unquote(block.getOrDefault("location", "")), root);
      }
      if (position == null) {
        continue;
      }
      String error = Text.firstLine(unquote(block.getOrDefault("error", "")));
      findings.add(
          new Finding(
              position.file(),
              position.line(),
              position.column(),
              0,
              0,
              Severity.ERROR,
              error.isEmpty() ? name : name + ": " + error,
              unquote(block.getOrDefault("code", "")),
              Kind.TEST,
              "node-test"));
    }
    return findings;
  }

  private static @Nullable String name(String line) {
    int dash = line.indexOf(" - ");
    if (dash < 0) {
      return null;
    }
    String name = line.substring(dash + 3);
    int directive = name.indexOf(" # ");
    return (directive < 0 ? name : name.substring(0, directive)).strip();
  }

  /**
   * Reads {@code key: value} pairs at exactly {@code indent}; a {@code |-} value takes the more
   * indented lines below it. Returns the index of the closing {@code ...} line.
   */
  private static int readBlock(
      List<String> lines, int from, int indent, Map<String, String> block) {
    int i = from;
    String key = null;
    StringBuilder value = new StringBuilder();
    for (; i < lines.size(); i++) {
      String line = lines.get(i);
      int leading = leadingSpaces(line);
      if (line.isBlank() || leading > indent) {
        if (key != null) {
          value
              .append(line.isBlank() ? "" : line.substring(Math.min(leading, indent + 2)))
              .append('\n');
        }
        continue;
      }
      if (key != null) {
        block.put(key, value.toString());
        key = null;
      }
      String text = line.strip();
      if (leading < indent || text.equals("...")) {
        return i;
      }
      int colon = text.indexOf(": ");
      if (colon <= 0) {
        continue;
      }
      String entry = text.substring(colon + 2).strip();
      if (entry.equals("|-") || entry.equals("|") || entry.equals(">-")) {
        key = text.substring(0, colon);
        value.setLength(0);
      } else {
        block.put(text.substring(0, colon), entry);
      }
    }
    if (key != null) {
      block.put(key, value.toString());
    }
    return i;
  }

  private static int leadingSpaces(String line) {
    int at = 0;
    while (at < line.length() && line.charAt(at) == ' ') {
      at++;
    }
    return at;
  }

  private static String unquote(String value) {
    String text = value.strip();
    if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
      return text.substring(1, text.length() - 1).replace("''", "'");
    }
    return text;
  }

  record Position(Path file, int line, int column) {}

  private static @Nullable Position firstLocalFrame(String stack, Path root) {
    for (String frame : (Iterable<String>) stack.lines()::iterator) {
      String text = frame.strip();
      int open = text.lastIndexOf('(');
      String location =
          open >= 0 && text.endsWith(")") ? text.substring(open + 1, text.length() - 1) : text;
      Position position = position(location, root);
      if (position != null
          && position.file().startsWith(root)
          && !position.file().toString().contains("/node_modules/")) {
        return position;
      }
    }
    return null;
  }

  /** {@code /abs/file.js:8:1} or {@code file:///abs/file.js:8:1}. */
  private static @Nullable Position position(String location, Path root) {
    int columnColon = location.lastIndexOf(':');
    int lineColon = columnColon < 0 ? -1 : location.lastIndexOf(':', columnColon - 1);
    if (lineColon <= 0) {
      return null;
    }
    int line = Text.number(location.substring(lineColon + 1, columnColon));
    int column = Text.number(location.substring(columnColon + 1));
    String path = location.substring(0, lineColon);
    if (line < 0
        || column < 0
        || !(path.startsWith("/") || path.startsWith("file:") || path.startsWith("."))) {
      return null;
    }
    Path file = Text.resolve(root, path);
    return file == null ? null : new Position(file, line, column);
  }
}
