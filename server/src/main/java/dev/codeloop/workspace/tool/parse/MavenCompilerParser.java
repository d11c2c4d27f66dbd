package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * maven-compiler-plugin lines: {@code [ERROR] /abs/Foo.java:[3,5] message} and {@code [WARNING]},
 * with indented details on the following lines. Maven repeats every error in its failure summary;
 * repeats are dropped.
 */
public final class MavenCompilerParser implements OutputParser {

  private static final String ERROR = "[ERROR] ";
  private static final String WARNING = "[WARNING] ";

  @Override
  public List<Finding> parse(String output, Path workingDirectory) {
    List<String> lines = output.lines().toList();
    Set<Finding> findings = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Severity severity;
      String body;
      if (line.startsWith(ERROR)) {
        severity = Severity.ERROR;
        body = line.substring(ERROR.length());
      } else if (line.startsWith(WARNING)) {
        severity = Severity.WARNING;
        body = line.substring(WARNING.length());
      } else {
        continue;
      }
      Finding finding = finding(body, severity, workingDirectory);
      if (finding == null) {
        continue;
      }
      StringBuilder details = new StringBuilder();
      while (i + 1 < lines.size() && JavacParser.isDetail(withoutLevel(lines.get(i + 1)))) {
        details.append('\n').append(withoutLevel(lines.get(++i)).strip());
      }
      if (!details.isEmpty()) {
        finding =
            new Finding(
                finding.file(),
                finding.line(),
                finding.column(),
                0,
                0,
                severity,
                finding.message() + details,
                finding.code(),
                Kind.CHECK,
                "maven");
      }
      findings.add(finding);
    }
    return new ArrayList<>(findings);
  }

  private static @Nullable Finding finding(String body, Severity severity, Path workingDirectory) {
    for (int open = body.indexOf(":["); open > 0; open = body.indexOf(":[", open + 1)) {
      int lineEnd = Text.digitsEnd(body, open + 2);
      if (lineEnd == open + 2 || lineEnd - open > 11 || lineEnd >= body.length()) {
        continue;
      }
      int line = Integer.parseInt(body, open + 2, lineEnd, 10);
      int column = 0;
      int close = lineEnd;
      if (body.charAt(lineEnd) == ',') {
        close = Text.digitsEnd(body, lineEnd + 1);
        if (close == lineEnd + 1 || close - lineEnd > 10) {
          continue;
        }
        column = Integer.parseInt(body, lineEnd + 1, close, 10);
      }
      if (close >= body.length() || body.charAt(close) != ']') {
        continue;
      }
      Path file = Text.resolve(workingDirectory, body.substring(0, open));
      if (file == null) {
        return null;
      }
      JavacParser.Coded coded = JavacParser.Coded.of(body.substring(close + 1).strip());
      return new Finding(
          file, line, column, 0, 0, severity, coded.message(), coded.code(), Kind.CHECK, "maven");
    }
    return null;
  }

  private static String withoutLevel(String line) {
    return line.substring(levelLength(line));
  }

  private static int levelLength(String line) {
    if (line.startsWith(ERROR)) {
      return ERROR.length();
    }
    return line.startsWith(WARNING) ? WARNING.length() : 0;
  }
}
