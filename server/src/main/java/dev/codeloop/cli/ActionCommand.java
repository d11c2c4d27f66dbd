package dev.codeloop.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** {@code action [ID] FILE…}: list or run a code action; edits as a diff or written. */
final class ActionCommand extends CliCommand {
  ActionCommand(PrintStream out, PrintStream err, ServerConnector inProcess, Path cwd) {
    super(out, err, inProcess, cwd);
  }

  int action(CliOptions o) throws UsageException, CliFailure, IOException {
    arity(o, 1, 2);
    String target = o.arguments().get(o.arguments().size() - 1);
    Optional<String> id =
        o.arguments().size() == 2 ? Optional.of(o.arguments().get(0)) : Optional.empty();
    FilePosition pos = FilePosition.parse(target, cwd, o.workspace());
    String text = CliSession.read(pos.file(), o.workspace());
    List<String> lines = List.of(text.split("\n", -1));
    int line = pos.line().orElse(0);
    if (line >= lines.size()) {
      throw new CliFailure(
          Exit.USAGE,
          pos.describe(o.workspace()) + ": line " + (line + 1) + " is past the end of the file");
    }
    int lastLine = Math.min(pos.endLine().orElse(line), lines.size() - 1);
    Range range =
        pos.column().isPresent()
            ? new Range(
                new Position(line, pos.column().get()), new Position(line, pos.column().get()))
            : new Range(
                new Position(line, 0), new Position(lastLine, lines.get(lastLine).length()));
    try (CliSession s = session(o)) {
      boolean write = o.editMode() == CliOptions.EditMode.APPLY;
      s.handleEdits(write, true);
      String uri = s.open(pos.file(), text);
      List<Either<Command, CodeAction>> offered =
          s.await(
              s.server()
                  .getTextDocumentService()
                  .codeAction(
                      new CodeActionParams(
                          new TextDocumentIdentifier(uri),
                          range,
                          new CodeActionContext(diagnosticsAt(s, uri, line)))),
              "textDocument/codeAction");
      List<CodeAction> actions = new ArrayList<>();
      if (offered != null) {
        offered.stream().filter(Either::isRight).map(Either::getRight).forEach(actions::add);
      }
      if (o.list() || id.isEmpty()) {
        return listActions(o, actions);
      }
      CodeAction chosen = choose(actions, id.get());
      if (chosen.getDisabled() != null) {
        throw new CliFailure(
            Exit.MODEL_OR_CONFIG,
            "'" + chosen.getTitle() + "' is not available: " + chosen.getDisabled().getReason());
      }
      JsonElement result = null;
      if (chosen.getCommand() != null || o.instruction().isPresent()) {
        Command c = chosen.getCommand();
        List<Object> args = new ArrayList<>();
        String commandId;
        if (c != null) {
          commandId = c.getCommand();
          if (c.getArguments() != null) {
            args.addAll(c.getArguments());
          }
        } else {
          commandId = "codeloop.applyAction";
          args.add(chosen.getData());
        }
        if (o.instruction().isPresent() && args.size() == 1) {
          args.add(o.instruction().get()); // [actionData, instruction]
        }
        result = s.command(commandId, withModel(o, args));
      } else {
        CodeAction resolved =
            s.await(
                s.server().getTextDocumentService().resolveCodeAction(chosen),
                "codeAction/resolve");
        if (resolved.getEdit() != null) {
          List<String> touched = s.edits().apply(resolved.getEdit());
          if (write) {
            s.edits().write(touched);
          }
        }
      }
      return reportEdits(o, s, result);
    }
  }

  private static List<Diagnostic> diagnosticsAt(CliSession s, String uri, int line) {
    return s.client().diagnostics().getOrDefault(uri, List.of()).stream()
        .filter(
            d ->
                d.getRange().getStart().getLine() <= line
                    && line <= d.getRange().getEnd().getLine())
        .toList();
  }

  private static String actionId(CodeAction a) {
    Object data = a.getData();
    if (data instanceof JsonObject d && d.has("actionId") && d.get("actionId").isJsonPrimitive()) {
      return d.get("actionId").getAsString();
    }
    if (a.getCommand() != null && a.getCommand().getArguments() != null) {
      for (Object arg : a.getCommand().getArguments()) {
        if (arg instanceof JsonObject d && d.has("actionId")) {
          return d.get("actionId").getAsString();
        }
      }
    }
    return a.getKind() != null ? a.getKind() : "";
  }

  private int listActions(CliOptions o, List<CodeAction> actions) {
    if (o.json()) {
      JsonArray arr = new JsonArray();
      for (CodeAction a : actions) {
        JsonObject j = new JsonObject();
        j.addProperty("id", actionId(a));
        j.addProperty("title", a.getTitle());
        j.addProperty("kind", a.getKind());
        if (a.getDisabled() != null) {
          j.addProperty("disabled", a.getDisabled().getReason());
        }
        arr.add(j);
      }
      JsonObject j = new JsonObject();
      j.add("actions", arr);
      printJson(j);
      return Exit.OK;
    }
    if (actions.isEmpty()) {
      out.println("no code actions here");
      return Exit.OK;
    }
    int width = actions.stream().mapToInt(a -> actionId(a).length()).max().orElse(0);
    for (CodeAction a : actions) {
      String idText = actionId(a);
      out.println(
          idText
              + " ".repeat(width - idText.length() + 2)
              + a.getTitle()
              + (a.getDisabled() != null
                  ? "  (unavailable: " + a.getDisabled().getReason() + ")"
                  : ""));
    }
    return Exit.OK;
  }

  private static CodeAction choose(List<CodeAction> actions, String wanted) throws UsageException {
    for (CodeAction a : actions) {
      if (actionId(a).equals(wanted)) {
        return a;
      }
    }
    String w = wanted.toLowerCase(Locale.ROOT);
    List<CodeAction> byTitle =
        actions.stream().filter(a -> a.getTitle().toLowerCase(Locale.ROOT).contains(w)).toList();
    if (byTitle.size() == 1) {
      return byTitle.get(0);
    }
    List<String> known =
        actions.stream().map(a -> actionId(a) + " (" + a.getTitle() + ")").toList();
    throw new UsageException(
        (byTitle.isEmpty() ? "no code action '" : "more than one code action matches '")
            + wanted
            + "' here; "
            + (known.isEmpty() ? "none is offered" : "offered: " + String.join(", ", known)));
  }

  /** Prints what a command changed: a diff or the files written, or the document it returned. */
  private int reportEdits(CliOptions o, CliSession s, JsonElement result) {
    List<EditSet.FileChange> changes = s.edits().changes();
    boolean wrote = o.editMode() == CliOptions.EditMode.APPLY;
    if (o.json()) {
      JsonObject j = new JsonObject();
      if (result != null) {
        j.add("result", result);
      }
      JsonArray files = new JsonArray();
      for (EditSet.FileChange c : changes) {
        JsonObject f = new JsonObject();
        f.addProperty("file", c.path().toString());
        f.addProperty("created", c.created());
        f.addProperty("written", wrote);
        f.addProperty("diff", diff(o, c));
        files.add(f);
      }
      j.add("changes", files);
      printJson(j);
      return Exit.OK;
    }
    boolean hasDocument =
        result != null && result.isJsonObject() && result.getAsJsonObject().has("markdown");
    if (hasDocument) {
      out.println(markdownOf(result).strip());
    }
    for (EditSet.FileChange c : changes) {
      if (wrote) {
        out.println((c.created() ? "created " : "wrote ") + shown(o, c.path()));
      } else {
        out.print(diff(o, c));
      }
    }
    if (changes.isEmpty() && !hasDocument) {
      out.println("no change");
    }
    return Exit.OK;
  }
}
