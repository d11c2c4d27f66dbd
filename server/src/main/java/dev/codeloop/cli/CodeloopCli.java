package dev.codeloop.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
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
import java.util.Optional;
import java.util.Set;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * {@code java -jar codeloop.jar COMMAND …}: the command line for scripts and CI. Every command
 * opens an LSP session with a server — one in this process through piped streams, or a running
 * {@code --tcp} server with {@code --connect PORT} — and does what an editor would: open files,
 * request completions and code actions, run workspace commands, apply edits. See docs/CLI.md.
 */
public final class CodeloopCli {
  /** The commands; {@code launcher/ServerLauncher} dispatches a first argument among them here. */
  public static final Set<String> COMMANDS =
      Set.of("complete", "doctor", "ask", "action", "check", "test", "fix", "plan", "implement");

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final PrintStream out;
  private final PrintStream err;
  private final ServerConnector inProcess;
  private final Path cwd;

  /**
   * @param out where results go (the process's real stdout)
   * @param err where sentences for the user go
   * @param inProcess a server session in this process, used unless {@code --connect PORT}
   */
  public CodeloopCli(PrintStream out, PrintStream err, ServerConnector inProcess, Path cwd) {
    this.out = out;
    this.err = err;
    this.inProcess = inProcess;
    this.cwd = cwd;
  }

  public static boolean isCommand(String firstArgument) {
    return COMMANDS.contains(firstArgument);
  }

  /** Runs one command; returns its exit code. Never throws. */
  public int run(List<String> args) {
    String command = args.isEmpty() ? "" : args.get(0);
    CliOptions options;
    try {
      options = CliOptions.parse(args, cwd);
    } catch (UsageException e) {
      return usage(command, e.getMessage(), args.contains("--json"));
    }
    if (options.help()) {
      out.print(CliUsage.of(command));
      out.flush();
      return Exit.OK;
    }
    try {
      int code = dispatch(options);
      out.flush();
      return code;
    } catch (UsageException e) {
      return usage(command, e.getMessage(), options.json());
    } catch (CliFailure f) {
      return fail(options, f.exitCode(), f.getMessage());
    } catch (IOException e) {
      return fail(
          options,
          Exit.MODEL_OR_CONFIG,
          "cannot reach the server"
              + options.connectPort().map(p -> " on 127.0.0.1:" + p).orElse("")
              + ": "
              + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(options, Exit.WORK_FAILED, "interrupted");
    }
  }

  private int usage(String command, String message, boolean json) {
    err.println("codeloop" + (command.isEmpty() ? "" : " " + command) + ": " + message);
    err.println(CliUsage.line(command));
    err.println("Run with --help for more.");
    if (json) {
      printJson(error(Exit.USAGE, message));
    }
    err.flush();
    return Exit.USAGE;
  }

  private int fail(CliOptions options, int code, String message) {
    err.println("codeloop " + options.command() + ": " + message);
    if (message.contains("not trusted")) {
      err.println(
          "codeloop "
              + options.command()
              + ": from the command line, trust it by adding \""
              + options.workspace()
              + "\" to \"trustedWorkspaces\" in your user settings file"
              + " ($XDG_CONFIG_HOME/codeloop/config.json, else ~/.config/codeloop/config.json).");
    }
    err.flush();
    if (options.json()) {
      printJson(error(code, message));
    }
    return code;
  }

  private static JsonObject error(int code, String message) {
    JsonObject o = new JsonObject();
    o.addProperty("error", message);
    o.addProperty("exitCode", code);
    return o;
  }

  private void printJson(JsonElement e) {
    out.println(GSON.toJson(e));
    out.flush();
  }

  private int dispatch(CliOptions o)
      throws UsageException, CliFailure, IOException, InterruptedException {
    return switch (o.command()) {
      case "complete" -> complete(o);
      case "doctor" -> document(o, "codeloop.doctor", List.of(), 0, 0);
      case "ask" -> ask(o);
      case "plan" -> plan(o);
      case "action" -> action(o);
      case "check" -> toolRun(o, false);
      case "test" -> toolRun(o, true);
      case "fix" -> workflow(o, false);
      case "implement" -> workflow(o, true);
      default -> throw new UsageException("unknown command '" + o.command() + "'");
    };
  }

  private CliSession session(CliOptions o) throws IOException, CliFailure {
    ServerConnector connector =
        o.connectPort().<ServerConnector>map(TcpConnector::new).orElse(inProcess);
    return CliSession.start(connector, new CliClient(err, o.verbose()), o.workspace());
  }

  private static List<Object> withModel(CliOptions o, List<Object> args) {
    if (o.model().isEmpty()) {
      return args;
    }
    List<Object> out = new ArrayList<>(args);
    out.add(CliSession.modelArgument(o.model().get()));
    return out;
  }

  private static void arity(CliOptions o, int min, int max) throws UsageException {
    int n = o.arguments().size();
    if (n < min) {
      throw new UsageException(
          min == 1 && max == 1 ? "needs one argument" : "needs at least " + min + " arguments");
    }
    if (n > max) {
      throw new UsageException(
          "too many arguments: "
              + String.join(" ", o.arguments().subList(max, n))
              + (max == 0 ? " (it takes none)" : "")
              + " — quote a question or instruction that has spaces");
    }
  }

  // --- complete ---

  private int complete(CliOptions o)
      throws UsageException, CliFailure, IOException, InterruptedException {
    arity(o, 1, 1);
    FilePosition pos = FilePosition.parse(o.arguments().get(0), cwd, o.workspace());
    if (pos.line().isEmpty() || pos.column().isEmpty()) {
      throw new UsageException(
          "'"
              + o.arguments().get(0)
              + "' needs a cursor: FILE:LINE:COLUMN, counted from 1 (e.g. src/Foo.java:12:5)");
    }
    String text = CliSession.read(pos.file(), o.workspace());
    List<String> lines = List.of(text.split("\n", -1));
    int line = pos.line().get();
    int column = pos.column().get();
    String where = pos.describe(o.workspace());
    int shownLines = text.endsWith("\n") ? lines.size() - 1 : lines.size();
    if (line >= Math.max(1, shownLines) && !(line == 0 && text.isEmpty())) {
      throw new CliFailure(
          Exit.USAGE,
          where
              + ": line "
              + (line + 1)
              + " is past the end of the file ("
              + shownLines
              + " lines)");
    }
    String lineText = lines.get(line);
    if (column > lineText.length()) {
      throw new CliFailure(
          Exit.USAGE,
          where
              + ": column "
              + (column + 1)
              + " is past the end of line "
              + (line + 1)
              + " ("
              + lineText.length()
              + " characters; the last column is "
              + (lineText.length() + 1)
              + ")");
    }
    try (CliSession s = session(o)) {
      String uri = s.open(pos.file(), text);
      // As in an editor: the server indexes the workspace and learns the opened file in the
      // background; wait for that the way a user pauses before a completion shows.
      s.settle(Duration.ofMillis(600), Duration.ofSeconds(60));
      long t0 = System.nanoTime();
      var result =
          s.await(
              s.server()
                  .getTextDocumentService()
                  .inlineCompletion(
                      new InlineCompletionParams(
                          new TextDocumentIdentifier(uri),
                          new Position(line, column),
                          new InlineCompletionContext(InlineCompletionTriggerKind.Invoked))),
              "textDocument/inlineCompletion");
      List<InlineCompletionItem> items =
          result == null
              ? List.of()
              : result.isLeft() ? result.getLeft() : result.getRight().getItems();
      String via = "inline";
      if (items.isEmpty()) {
        // Nothing for ghost text: ask for the list, as an editor without inline completion does.
        items = listCompletion(s, uri, line, column);
        via = "list";
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      JsonArray jsonItems = new JsonArray();
      for (InlineCompletionItem item : items) {
        JsonObject j = new JsonObject();
        j.addProperty("insertText", insertText(item));
        if (item.getRange() != null) {
          j.add("range", GSON.toJsonTree(item.getRange()));
        }
        jsonItems.add(j);
      }
      if (o.json()) {
        JsonObject j = new JsonObject();
        j.addProperty("file", pos.file().toString());
        j.addProperty("line", line + 1);
        j.addProperty("column", column + 1);
        j.addProperty("durationMs", ms);
        j.addProperty("via", via);
        j.add("items", jsonItems);
        printJson(j);
        return items.isEmpty() ? Exit.WORK_FAILED : Exit.OK;
      }
      if (items.isEmpty()) {
        out.println(where + ": no suggestion (" + ms + " ms)");
        out.println();
        out.print(CursorView.render(lines, line, column, column, null));
        return Exit.WORK_FAILED;
      }
      out.println(
          where
              + ": "
              + items.size()
              + (items.size() == 1 ? " suggestion" : " suggestions")
              + " in "
              + ms
              + " ms"
              + (via.equals("list") ? " (from the completion list)" : ""));
      out.println();
      int i = 0;
      for (InlineCompletionItem item : items) {
        if (i == 1) {
          out.println("Other suggestions:");
        }
        int start = column;
        int end = column;
        Range r = item.getRange();
        if (r != null && r.getStart().getLine() == line && r.getEnd().getLine() == line) {
          start = r.getStart().getCharacter();
          end = r.getEnd().getCharacter();
        }
        if (i == 0) {
          out.print(CursorView.render(lines, line, start, end, insertText(item)));
          out.println();
        } else {
          out.println("  " + (i + 1) + ". «" + insertText(item).replace("\n", "⏎") + "»");
        }
        i++;
      }
      return Exit.OK;
    }
  }

  private static List<InlineCompletionItem> listCompletion(
      CliSession s, String uri, int line, int column) throws CliFailure {
    var list =
        s.await(
            s.server()
                .getTextDocumentService()
                .completion(
                    new org.eclipse.lsp4j.CompletionParams(
                        new TextDocumentIdentifier(uri), new Position(line, column))),
            "textDocument/completion");
    List<org.eclipse.lsp4j.CompletionItem> completions =
        list == null ? List.of() : list.isLeft() ? list.getLeft() : list.getRight().getItems();
    List<InlineCompletionItem> out = new ArrayList<>();
    for (org.eclipse.lsp4j.CompletionItem c : completions) {
      InlineCompletionItem item;
      if (c.getTextEdit() != null && c.getTextEdit().isLeft()) {
        item = new InlineCompletionItem(Either.forLeft(c.getTextEdit().getLeft().getNewText()));
        item.setRange(c.getTextEdit().getLeft().getRange());
      } else if (c.getTextEdit() != null) {
        item = new InlineCompletionItem(Either.forLeft(c.getTextEdit().getRight().getNewText()));
        item.setRange(c.getTextEdit().getRight().getReplace());
      } else {
        String t = c.getInsertText() != null ? c.getInsertText() : c.getLabel();
        item = new InlineCompletionItem(Either.<String, org.eclipse.lsp4j.StringValue>forLeft(t));
      }
      out.add(item);
    }
    return out;
  }

  private static String insertText(InlineCompletionItem item) {
    return item.getInsertText().isLeft()
        ? item.getInsertText().getLeft()
        : item.getInsertText().getRight().getValue();
  }

  // --- documents: doctor, ask, plan ---

  /** Opens the file of argument {@code fileArg} (if any) and runs a command whose result reads. */
  private int document(CliOptions o, String command, List<Object> args, int min, int max)
      throws UsageException, CliFailure, IOException {
    arity(o, min, max);
    try (CliSession s = session(o)) {
      JsonElement result = s.command(command, withModel(o, args));
      return printDocument(o, result);
    }
  }

  private int printDocument(CliOptions o, JsonElement result) {
    if (o.json()) {
      printJson(result == null ? new JsonObject() : result);
      return Exit.OK;
    }
    out.println(markdownOf(result).strip());
    return Exit.OK;
  }

  private static String markdownOf(JsonElement result) {
    if (result != null && result.isJsonObject()) {
      JsonObject r = result.getAsJsonObject();
      if (r.has("markdown") && r.get("markdown").isJsonPrimitive()) {
        return r.get("markdown").getAsString();
      }
    }
    return result == null ? "" : GSON.toJson(result);
  }

  private int ask(CliOptions o) throws UsageException, CliFailure, IOException {
    arity(o, 1, 2);
    String question = o.arguments().get(0);
    if (question.isBlank()) {
      throw new UsageException("the question is empty");
    }
    try (CliSession s = session(o)) {
      List<Object> args = new ArrayList<>();
      args.add(question);
      if (o.arguments().size() > 1) {
        FilePosition pos = FilePosition.parse(o.arguments().get(1), cwd, o.workspace());
        String text = CliSession.read(pos.file(), o.workspace());
        args.add(s.open(pos.file(), text));
        pos.line().ifPresent(l -> args.add(lineRange(text, l)));
      }
      return printDocument(o, s.command("codeloop.ask", withModel(o, args)));
    }
  }

  private int plan(CliOptions o) throws UsageException, CliFailure, IOException {
    arity(o, 2, 2);
    FilePosition pos = FilePosition.parse(o.arguments().get(1), cwd, o.workspace());
    String text = CliSession.read(pos.file(), o.workspace());
    try (CliSession s = session(o)) {
      List<Object> args = new ArrayList<>();
      args.add(o.arguments().get(0));
      args.add(s.open(pos.file(), text));
      pos.line().ifPresent(l -> args.add(lineRange(text, l)));
      return printDocument(o, s.command("codeloop.plan", withModel(o, args)));
    }
  }

  private static Range lineRange(String text, int line) {
    List<String> lines = List.of(text.split("\n", -1));
    int l = Math.min(line, lines.size() - 1);
    return new Range(new Position(l, 0), new Position(l, lines.get(l).length()));
  }

  // --- action ---

  private int action(CliOptions o) throws UsageException, CliFailure, IOException {
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

  private static String diff(CliOptions o, EditSet.FileChange c) {
    String name = shown(o, c.path());
    return UnifiedDiff.of(
        c.created() ? "/dev/null" : "a/" + name, "b/" + name, c.before(), c.after());
  }

  private static String shown(CliOptions o, Path p) {
    return p.startsWith(o.workspace()) ? o.workspace().relativize(p).toString() : p.toString();
  }

  // --- check, test ---

  private int toolRun(CliOptions o, boolean tests)
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

  // --- fix, implement ---

  private int workflow(CliOptions o, boolean implement)
      throws UsageException, CliFailure, IOException {
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
