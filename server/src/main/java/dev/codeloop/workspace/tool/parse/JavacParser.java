package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * javac's own output: {@code Foo.java:3: error: message}, then the source line, a caret line whose
 * caret gives the column, and indented details ({@code symbol: ...}) that join the message. A lint
 * category ({@code warning: [deprecation] ...}) becomes the code.
 */
public final class JavacParser implements OutputParser {

  @Override
  public List<Finding> parse(String output, Path workingDirectory) {
    List<String> lines = output.lines().toList();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Text.ColonLocation location = Text.colonLocation(lines.get(i));
      if (location == null || location.numbers().size() != 1) {
        continue;
      }
      Text.Labeled labeled = Text.labeled(location.rest());
      Path file = Text.resolve(workingDirectory, location.path());
      if (labeled == null || file == null) {
        continue;
      }
      int column = 0;
      StringBuilder message = new StringBuilder(labeled.message());
      if (i + 2 < lines.size() && isCaretLine(lines.get(i + 2))) {
        column = lines.get(i + 2).indexOf('^') + 1;
        i += 2;
        while (i + 1 < lines.size() && isDetail(lines.get(i + 1))) {
          message.append('\n').append(lines.get(++i).strip());
        }
      }
      Coded coded = Coded.of(message.toString());
      findings.add(
          new Finding(
              file,
              location.number(0),
              column,
              0,
              0,
              labeled.severity(),
              coded.message(),
              coded.code(),
              Kind.CHECK,
              "javac"));
    }
    return findings;
  }

  static boolean isCaretLine(String line) {
    String stripped = line.strip();
    return stripped.equals("^");
  }

  /** An indented continuation ({@code symbol: ...}) that is not itself a new diagnostic. */
  static boolean isDetail(String line) {
    return line.length() > 2
        && Character.isWhitespace(line.charAt(0))
        && !line.isBlank()
        && !isCaretLine(line);
  }

  /** Splits javac's lint category off the message: {@code [deprecation] old() ...}. */
  record Coded(String message, String code) {
    static Coded of(String message) {
      if (message.startsWith("[")) {
        int close = message.indexOf("] ");
        if (close > 1 && message.substring(1, close).indexOf(' ') < 0) {
          return new Coded(message.substring(close + 2), message.substring(1, close));
        }
      }
      return new Coded(message, "");
    }
  }
}
