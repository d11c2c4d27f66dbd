package dev.codeloop.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;

/**
 * {@code check}, {@code test}, {@code fix}, {@code implement}: runs of the workspace's tools and
 * the fix loop.
 */
final class RunCommands extends CliCommand {
  RunCommands(PrintStream out, PrintStream err, ServerConnector inProcess, Path cwd) {
    super(out, err, inProcess, cwd);
  }

  int toolRun(CliOptions o, boolean tests)
      throws UsageException, CliFailure, IOException, InterruptedException {
    arity(o, 0, tests ? 0 : 1);
    try (CliSession s = session(o)) {
      List<Object> args = new ArrayList<>();
      if (!tests && o.arguments().size() == 1) {
        Path file = FilePosition.parse(o.arguments().get(0), cwd, o.workspace()).file();
        CliSession.read(file, o.workspace());
        args.add(file.toUri().toString());
      }
      JsonElement result = s.command(tests ? "codeloop.runTests" : "codeloop.runChecks", args);
      // the diagnostics are published before the answer; let the last notifications arrive
      s.settle(Duration.ofMillis(150), Duration.ofSeconds(5));
      JsonObject r =
          result != null && result.isJsonObject() ? result.getAsJsonObject() : new JsonObject();
      String source = tests ? "codeloop:test" : "codeloop:check";
      List<JsonObject> problems = new ArrayList<>();
      for (Map.Entry<String, List<Diagnostic>> e : s.client().diagnostics().entrySet()) {
        for (Diagnostic d : e.getValue()) {
          if (!source.equals(d.getSource())) {
            continue;
          }
          JsonObject p = new JsonObject();
          String message =
              d.getMessage().isLeft()
                  ? d.getMessage().getLeft()
                  : d.getMessage().getRight().getValue();
          if (tests) {
            int colon = message.indexOf(": ");
            p.addProperty("name", colon > 0 ? message.substring(0, colon) : message);
          }
          p.addProperty("file", shown(o, Path.of(java.net.URI.create(e.getKey()))));
          p.addProperty("line", d.getRange().getStart().getLine() + 1);
          p.addProperty("column", d.getRange().getStart().getCharacter() + 1);
          p.addProperty("severity", severity(d.getSeverity()));
          p.addProperty("message", message);
          problems.add(p);
        }
      }
      JsonObject counts = r.has("counts") ? r.getAsJsonObject("counts") : new JsonObject();
      long errors = counts.has("error") ? counts.get("error").getAsLong() : 0;
      long failedTools = counts.has("failedTools") ? counts.get("failedTools").getAsLong() : 0;
      boolean nothingRun =
          r.has("message") && counts.has("tools") && counts.get("tools").getAsLong() == 0;
      int code =
          nothingRun
              ? Exit.MODEL_OR_CONFIG
              : errors > 0 || failedTools > 0 ? Exit.WORK_FAILED : Exit.OK;
      if (o.json()) {
        JsonObject j = new JsonObject();
        j.addProperty("command", o.command());
        j.addProperty("passed", code == Exit.OK);
        j.addProperty("exitCode", code);
        JsonArray arr = new JsonArray();
        problems.stream()
            .filter(p -> !tests || "error".equals(p.get("severity").getAsString()))
            .forEach(arr::add);
        j.add(tests ? "failures" : "findings", arr);
        r.remove("markdown");
        r.remove("shown");
        j.add("run", r);
        printJson(j);
        return code;
      }
      out.println(markdownOf(r).strip());
      if (!problems.isEmpty()) {
        out.println();
        for (JsonObject p : problems) {
          out.println(
              p.get("file").getAsString()
                  + ":"
                  + p.get("line").getAsInt()
                  + ": "
                  + p.get("severity").getAsString()
                  + ": "
                  + p.get("message").getAsString());
        }
      }
      if (nothingRun) {
        err.println("codeloop " + o.command() + ": " + r.get("message").getAsString());
      }
      return code;
    }
  }

  private static String severity(DiagnosticSeverity s) {
    return s == null ? "error" : s.name().toLowerCase(Locale.ROOT);
  }

  int workflow(CliOptions o, boolean implement) throws UsageException, CliFailure, IOException {
    arity(o, implement ? 1 : 0, implement ? 1 : 0);
    try (CliSession s = session(o)) {
      boolean write = o.editMode() == CliOptions.EditMode.APPLY;
      s.handleEdits(write, write);
      List<Object> args = new ArrayList<>();
      if (implement) {
        args.add(o.arguments().get(0));
      }
      JsonObject options = new JsonObject();
      o.rounds().ifPresent(r -> options.addProperty("maxRounds", r));
      args.add(options);
      JsonElement result =
          s.command(
              implement ? "codeloop.implement" : "codeloop.fixFailingTests", withModel(o, args));
      boolean green =
          result != null
              && result.isJsonObject()
              && result.getAsJsonObject().has("green")
              && result.getAsJsonObject().get("green").getAsBoolean();
      int code = green ? Exit.OK : Exit.WORK_FAILED;
      if (o.json()) {
        JsonObject j = new JsonObject();
        j.addProperty("command", o.command());
        j.addProperty("green", green);
        j.addProperty("exitCode", code);
        j.add("run", result);
        JsonArray files = new JsonArray();
        for (EditSet.FileChange c : s.edits().changes()) {
          JsonObject f = new JsonObject();
          f.addProperty("file", c.path().toString());
          f.addProperty("written", write);
          f.addProperty("diff", diff(o, c));
          files.add(f);
        }
        j.add("changes", files);
        printJson(j);
        return code;
      }
      out.println(markdownOf(result).strip());
      for (EditSet.FileChange c : s.edits().changes()) {
        out.println();
        if (write) {
          out.println((c.created() ? "created " : "wrote ") + shown(o, c.path()));
        } else {
          out.print(diff(o, c));
        }
      }
      return code;
    }
  }
}
