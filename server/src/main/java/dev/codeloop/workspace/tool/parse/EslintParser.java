package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ESLint's {@code unix} format ({@code /abs/a.js:1:7: message [Error/rule]}) and {@code compact}
 * format ({@code /abs/a.js: line 1, col 7, Error - message (rule)}); both come from the
 * eslint-formatter-unix and eslint-formatter-compact packages since ESLint 9. Parsing errors have
 * no rule, so no code.
 */
public final class EslintParser implements OutputParser {

  private static final String COMPACT_LINE = ": line ";

  @Override
  public List<Finding> parse(String output, Path workingDirectory) {
    if (output.stripLeading().startsWith("[")) {
      return json(output, workingDirectory);
    }
    List<Finding> findings = new ArrayList<>();
    output
        .lines()
        .forEach(
            line -> {
              Finding finding =
                  line.contains(COMPACT_LINE)
                      ? compact(line, workingDirectory)
                      : unix(line, workingDirectory);
              if (finding != null) {
                findings.add(finding);
              }
            });
    return findings;
  }

  private static @Nullable Finding unix(String line, Path workingDirectory) {
    Text.ColonLocation location = Text.colonLocation(line);
    if (location == null || location.numbers().size() != 2 || !location.rest().endsWith("]")) {
      return null;
    }
    String rest = location.rest();
    int open = rest.lastIndexOf(" [");
    if (open < 0) {
      return null;
    }
    String tag = rest.substring(open + 2, rest.length() - 1);
    int slash = tag.indexOf('/');
    Severity severity = Text.severity(slash < 0 ? tag : tag.substring(0, slash));
    Path file = Text.resolve(workingDirectory, location.path());
    if (severity == null || file == null) {
      return null;
    }
    return new Finding(
        file,
        location.number(0),
        location.number(1),
        0,
        0,
        severity,
        rest.substring(0, open).strip(),
        slash < 0 ? "" : tag.substring(slash + 1),
        Kind.CHECK,
        "eslint");
  }

  private static @Nullable Finding compact(String line, Path workingDirectory) {
    int at = line.indexOf(COMPACT_LINE);
    String rest = line.substring(at + COMPACT_LINE.length());
    int comma = rest.indexOf(", col ");
    int dash = rest.indexOf(" - ");
    if (comma < 0 || dash < comma) {
      return null;
    }
    int lineNumber = Text.number(rest.substring(0, comma));
    int afterCol = comma + ", col ".length();
    int columnEnd = rest.indexOf(", ", afterCol);
    if (columnEnd < 0 || columnEnd > dash) {
      return null;
    }
    int column = Text.number(rest.substring(afterCol, columnEnd));
    Severity severity = Text.severity(rest.substring(columnEnd + 2, dash));
    Path file = Text.resolve(workingDirectory, line.substring(0, at));
    if (lineNumber < 0 || column < 0 || severity == null || file == null) {
      return null;
    }
    String message = rest.substring(dash + 3).strip();
    String code = "";
    int open = message.lastIndexOf(" (");
    if (open > 0 && message.endsWith(")") && message.indexOf(' ', open + 2) < 0) {
      code = message.substring(open + 2, message.length() - 1);
      message = message.substring(0, open);
    }
    return new Finding(
        file, lineNumber, column, 0, 0, severity, message, code, Kind.CHECK, "eslint");
  }

  /**
   * ESLint's built-in {@code json} format (the unix and compact formats left the core in ESLint 9):
   * an array of {@code {filePath, messages: [{ruleId, severity (1 warning, 2 error), message, line,
   * column, endLine, endColumn}]}}.
   */
  private static List<Finding> json(String output, Path workingDirectory) {
    List<Finding> findings = new ArrayList<>();
    com.fasterxml.jackson.databind.JsonNode files;
    try {
      files = new com.fasterxml.jackson.databind.ObjectMapper().readTree(output.strip());
    } catch (java.io.IOException | RuntimeException e) {
      return findings;
    }
    if (files == null || !files.isArray()) {
      return findings;
    }
    for (com.fasterxml.jackson.databind.JsonNode file : files) {
      String path = file.path("filePath").asText("");
      if (path.isEmpty()) {
        continue;
      }
      Path resolved = workingDirectory.resolve(path).normalize();
      for (com.fasterxml.jackson.databind.JsonNode m : file.path("messages")) {
        findings.add(
            new Finding(
                resolved,
                m.path("line").asInt(0),
                m.path("column").asInt(0),
                m.path("endLine").asInt(0),
                m.path("endColumn").asInt(0),
                m.path("severity").asInt(2) >= 2
                    ? Finding.Severity.ERROR
                    : Finding.Severity.WARNING,
                m.path("message").asText(""),
                m.path("ruleId").isTextual() ? m.path("ruleId").asText() : "",
                Finding.Kind.CHECK,
                "eslint"));
      }
    }
    return findings;
  }
}
