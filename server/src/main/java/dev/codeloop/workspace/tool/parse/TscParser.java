package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * tsc with {@code --pretty false} (its default when not on a terminal): {@code src/a.ts(3,5): error
 * TS2322: message}; indented elaboration lines join the message.
 */
public final class TscParser implements OutputParser {

  @Override
  public List<Finding> parse(String output, Path workingDirectory) {
    List<String> lines = output.lines().toList();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Finding finding = finding(lines.get(i), workingDirectory);
      if (finding == null) {
        continue;
      }
      StringBuilder message = new StringBuilder(finding.message());
      while (i + 1 < lines.size() && JavacParser.isDetail(lines.get(i + 1))) {
        message.append('\n').append(lines.get(++i).strip());
      }
      findings.add(
          new Finding(
              finding.file(),
              finding.line(),
              finding.column(),
              0,
              0,
              finding.severity(),
              message.toString(),
              finding.code(),
              Kind.CHECK,
              "tsc"));
    }
    return findings;
  }

  private static @Nullable Finding finding(String line, Path workingDirectory) {
    for (int open = line.indexOf('('); open > 0; open = line.indexOf('(', open + 1)) {
      int comma = Text.digitsEnd(line, open + 1);
      if (comma == open + 1 || comma - open > 10 || comma >= line.length()) {
        continue;
      }
      if (line.charAt(comma) != ',') {
        continue;
      }
      int close = Text.digitsEnd(line, comma + 1);
      if (close == comma + 1 || close - comma > 10 || !line.startsWith("): ", close)) {
        continue;
      }
      String rest = line.substring(close + 3);
      int space = rest.indexOf(' ');
      int colon = rest.indexOf(": ");
      if (space <= 0 || colon <= space) {
        return null;
      }
      Severity severity = Text.severity(rest.substring(0, space));
      Path file = Text.resolve(workingDirectory, line.substring(0, open));
      if (severity == null || file == null) {
        return null;
      }
      return new Finding(
          file,
          Integer.parseInt(line, open + 1, comma, 10),
          Integer.parseInt(line, comma + 1, close, 10),
          0,
          0,
          severity,
          rest.substring(colon + 2).strip(),
          rest.substring(space + 1, colon).strip(),
          Kind.CHECK,
          "tsc");
    }
    return null;
  }
}
