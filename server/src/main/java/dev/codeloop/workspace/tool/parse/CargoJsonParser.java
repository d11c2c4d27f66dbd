package dev.codeloop.workspace.tool.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.Finding.Kind;
import dev.codeloop.workspace.tool.Finding.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code cargo check/build/clippy --message-format=json}: one JSON object a line; each {@code
 * "reason":"compiler-message"} with a primary span becomes a finding. Span file names are relative
 * to the workspace root (run cargo there); {@code column_end} is exclusive, as rustc gives it. The
 * primary span's label, when there is one, follows the message.
 */
public final class CargoJsonParser implements OutputParser {

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public List<Finding> parse(String output, Path workingDirectory) {
    List<Finding> findings = new ArrayList<>();
    output
        .lines()
        .forEach(
            line -> {
              JsonNode event = Json.object(json, line);
              JsonNode message = event.path("message");
              if (!"compiler-message".equals(event.path("reason").asText())) {
                return;
              }
              Severity severity = severity(message.path("level").asText());
              JsonNode span = primarySpan(message.path("spans"));
              if (severity == null || span == null) {
                return;
              }
              Path file = Text.resolve(workingDirectory, span.path("file_name").asText());
              if (file == null) {
                return;
              }
              String text = message.path("message").asText();
              String label = span.path("label").asText("");
              findings.add(
                  new Finding(
                      file,
                      span.path("line_start").asInt(0),
                      span.path("column_start").asInt(0),
                      span.path("line_end").asInt(0),
                      span.path("column_end").asInt(0),
                      severity,
                      label.isBlank() ? text : text + ": " + label,
                      message.path("code").path("code").asText(""),
                      Kind.CHECK,
                      "cargo-json"));
            });
    return findings;
  }

  private static @Nullable Severity severity(String level) {
    if (level.startsWith("error")) {
      return Severity.ERROR;
    }
    return switch (level) {
      case "warning" -> Severity.WARNING;
      case "note", "help" -> Severity.INFO;
      default -> null;
    };
  }

  private static @Nullable JsonNode primarySpan(JsonNode spans) {
    for (JsonNode span : spans) {
      if (span.path("is_primary").asBoolean(false)) {
        return span;
      }
    }
    return null;
  }
}
