package dev.codeloop.lsp.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.workspace.command.Commands;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gives every command result that carries a document to read the same shape
 * (docs/LSP-EXTENSIONS.md, "Results that carry a document"): {@code markdown} always, {@code shown}
 * saying whether the server opened it (only {@code window/showDocument} answered with success
 * does), {@code answerUri} only then. Results that the server never shows (doctor, stats, tools,
 * check and test runs, workflow summaries) get {@code shown: false} and, unless their command wrote
 * its own Markdown (showTools, the workflows), a Markdown rendering of their JSON, so a client
 * opens {@code markdown} in a buffer and never parses the rest.
 */
public final class DocumentResults {
  /** The commands whose result is a document to read. */
  public static final Set<String> COMMANDS =
      Set.of(
          Commands.ASK,
          Commands.PLAN,
          Commands.APPLY_ACTION,
          Commands.DOCTOR,
          Commands.STATS,
          Commands.SHOW_TOOLS,
          Commands.RUN_CHECKS,
          Commands.RUN_TESTS,
          Commands.FIX_FAILING_TESTS,
          Commands.IMPLEMENT);

  private DocumentResults() {}

  /** Adds {@code markdown} and {@code shown} where a document result lacks them; else unchanged. */
  public static JsonNode present(String command, JsonNode result) {
    if (!COMMANDS.contains(command) || !(result instanceof ObjectNode out)) {
      return result;
    }
    if (command.equals(Commands.APPLY_ACTION) && out.has("applied")) {
      return result; // an edit, not a document
    }
    if (!out.path("markdown").isTextual()) {
      out.put("markdown", render(command, out));
    }
    if (!out.has("shown")) {
      out.put("shown", false);
    }
    return out;
  }

  static String render(String command, ObjectNode out) {
    return switch (command) {
      case Commands.RUN_CHECKS, Commands.RUN_TESTS -> toolRun(out);
      case Commands.STATS -> tree("Codeloop statistics", out);
      default -> tree(command, out);
    };
  }

  private static String toolRun(JsonNode out) {
    boolean tests = "tests".equals(out.path("kind").asText());
    JsonNode counts = out.path("counts");
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(tests ? "Tests" : "Checks").append(": ");
    long errors = counts.path("error").asLong();
    long failedTools = counts.path("failedTools").asLong();
    if (out.has("message")) {
      sb.append("nothing run\n\n").append(out.path("message").asText()).append('\n');
      return sb.toString();
    }
    if (errors == 0 && failedTools == 0) {
      sb.append(tests ? "pass" : "no errors");
    } else {
      sb.append(plural(errors, "error"))
          .append(" in ")
          .append(plural(counts.path("files").asLong(), "file"));
      if (failedTools > 0) {
        sb.append(", ").append(plural(failedTools, "tool")).append(" failed");
      }
    }
    sb.append(" (").append(duration(out.path("durationMs").asLong())).append(")\n\n");
    for (JsonNode f : out.path("firstFailures")) {
      sb.append("- `")
          .append(f.path("file").asText())
          .append(':')
          .append(f.path("line").asLong())
          .append("` ")
          .append(f.path("message").asText())
          .append('\n');
    }
    if (!out.path("firstFailures").isEmpty()) {
      sb.append('\n');
    }
    for (JsonNode t : out.path("tools")) {
      sb.append("- ").append(t.path("id").asText()).append(": ");
      if (t.path("started").asBoolean(true)) {
        sb.append("exit ")
            .append(t.path("exitCode").asLong())
            .append(" in ")
            .append(duration(t.path("durationMs").asLong()))
            .append(", ")
            .append(plural(t.path("findings").asLong(), "finding"));
        if (t.path("timedOut").asBoolean()) {
          sb.append(", timed out");
        }
      } else {
        sb.append("not started");
      }
      if (t.has("note")) {
        sb.append(" (").append(t.path("note").asText()).append(')');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Any JSON as a nested Markdown list: integral numbers as integers, {@code …Ms} with a unit. */
  static String tree(String title, JsonNode node) {
    StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n");
    list(sb, node, 0);
    return sb.toString();
  }

  private static void list(StringBuilder sb, JsonNode node, int depth) {
    String indent = "  ".repeat(depth);
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (depth == 0 && (e.getKey().equals("markdown") || e.getKey().equals("shown"))) {
          continue;
        }
        JsonNode v = e.getValue();
        sb.append(indent).append("- ").append(e.getKey());
        if (v.isContainerNode()) {
          if (v.isEmpty()) {
            sb.append(": none\n");
          } else {
            sb.append('\n');
            list(sb, v, depth + 1);
          }
        } else {
          sb.append(": ").append(scalar(e.getKey(), v)).append('\n');
        }
      }
    } else if (node.isArray()) {
      int i = 1;
      for (JsonNode v : node) {
        if (v.isContainerNode()) {
          sb.append(indent).append("- ").append(i).append('\n');
          list(sb, v, depth + 1);
        } else {
          sb.append(indent).append("- ").append(scalar("", v)).append('\n');
        }
        i++;
      }
    } else {
      sb.append(indent).append("- ").append(scalar("", node)).append('\n');
    }
  }

  /** A scalar for a person: 2.0 → 2, 0.123 → 0.12, {@code fooMs} → a duration. */
  static String scalar(String key, JsonNode v) {
    if (v.isNull()) {
      return "–";
    }
    if (!v.isNumber()) {
      return v.asText();
    }
    double d = v.asDouble();
    if (key.endsWith("Ms") || key.endsWith("Millis")) {
      return duration(Math.round(d));
    }
    return number(d);
  }

  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return "–";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return String.format(Locale.ROOT, "%.2f", d);
  }

  static String duration(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
