package dev.codeloop.launcher;

import dev.codeloop.lsp.handler.NullLanguageClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlineCompletionCapabilities;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * {@code codeloop demo}: the headless session of the README. Spawns this jar as a real server
 * process, talks LSP to it over its stdio like an editor would, opens a real file, asks for
 * completions at a cursor and prints what the server answers.
 */
final class HeadlessDemo {
  private final PrintStream out;
  private final PrintStream err;

  HeadlessDemo(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** A demo argument that cannot be used as given: exit 2 with the usage line. */
  private static final class DemoUsage extends Exception {
    private static final long serialVersionUID = 1L;

    DemoUsage(String message) {
      super(message);
    }
  }

  static final String USAGE_LINE =
      "Usage: java -jar codeloop.jar demo [WORKSPACE [FILE [LINE:COLUMN]]]";

  int run(List<String> args) {
    try {
      if (args.size() > 3) {
        throw new DemoUsage(
            "too many arguments: " + String.join(" ", args.subList(3, args.size())));
      }
      Path workspace = Path.of(args.size() > 0 ? args.get(0) : ".").toAbsolutePath().normalize();
      if (!Files.isDirectory(workspace)) {
        throw new DemoUsage(
            "the workspace "
                + workspace
                + (Files.exists(workspace) ? " is not a folder" : " does not exist")
                + ": give an existing folder");
      }
      Path file;
      String text;
      boolean onDisk;
      if (args.size() > 1) {
        file = workspace.resolve(args.get(1)).normalize();
        if (!Files.isRegularFile(file)) {
          throw new DemoUsage(
              "cannot read "
                  + file
                  + (Files.exists(file) ? ": not a regular file" : ": no such file")
                  + " (FILE is relative to WORKSPACE)");
        }
        text = Files.readString(file, StandardCharsets.UTF_8);
        onDisk = true;
      } else {
        file = workspace.resolve("Demo.java");
        text = sample();
        onDisk = false;
      }
      String[] lines = text.split("\n", -1);
      int lineCount = text.endsWith("\n") ? lines.length - 1 : lines.length;
      int line;
      int column;
      if (args.size() > 2) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("(\\d+):(\\d+)").matcher(args.get(2));
        if (!m.matches()) {
          throw new DemoUsage(
              "'" + args.get(2) + "' is not LINE:COLUMN: give both, counted from 1 (e.g. 12:5)");
        }
        line = Integer.parseInt(m.group(1)) - 1;
        column = Integer.parseInt(m.group(2)) - 1;
        if (line < 0 || column < 0) {
          throw new DemoUsage("lines and columns count from 1");
        }
        if (line >= Math.max(1, lineCount)) {
          throw new DemoUsage(
              "line "
                  + (line + 1)
                  + " is past the end of "
                  + file.getFileName()
                  + " ("
                  + lineCount
                  + " lines)");
        }
        if (column > lines[line].length()) {
          throw new DemoUsage(
              "column "
                  + (column + 1)
                  + " is past the end of line "
                  + (line + 1)
                  + " (the last column is "
                  + (lines[line].length() + 1)
                  + ")");
        }
      } else {
        int[] end = endOf(text);
        line = end[0];
        column = end[1];
      }
      return session(workspace, file, onDisk, text, line, column);
    } catch (DemoUsage e) {
      err.println("codeloop demo: " + e.getMessage());
      err.println(USAGE_LINE);
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("codeloop demo failed: " + e.getMessage());
      return 1;
    }
  }

  private int session(Path workspace, Path file, boolean onDisk, String text, int line, int column)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(ownJar());
    cmd.add("--log-level");
    cmd.add("warning");
    out.println("$ " + String.join(" ", cmd));
    Process server = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      DemoClient client = new DemoClient(out);
      Launcher<LanguageServer> launcher =
          LSPLauncher.createClientLauncher(
              client, server.getInputStream(), server.getOutputStream());
      launcher.startListening();
      LanguageServer remote = launcher.getRemoteProxy();

      InitializeParams init = new InitializeParams();
      init.setProcessId((int) ProcessHandle.current().pid());
      init.setWorkspaceFolders(
          List.of(new WorkspaceFolder(workspace.toUri().toString(), "workspace")));
      ClientCapabilities caps = new ClientCapabilities();
      TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
      td.setInlineCompletion(new InlineCompletionCapabilities());
      caps.setTextDocument(td);
      init.setCapabilities(caps);
      long t0 = System.nanoTime();
      var result = remote.initialize(init).get(30, TimeUnit.SECONDS);
      out.printf(
          "initialize: %s %s in %d ms%n",
          result.getServerInfo().getName(),
          result.getServerInfo().getVersion(),
          (System.nanoTime() - t0) / 1_000_000);
      remote.initialized(new InitializedParams());

      String uri = file.toUri().toString();
      String languageId =
          dev.codeloop.document.DocumentStore.languageIdOf(file.getFileName().toString());
      remote
          .getTextDocumentService()
          .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, languageId, 1, text)));
      out.printf(
          "opened %s (%s, %d lines)%s; cursor at %d:%d%n",
          onDisk ? workspace.relativize(file) : "the bundled sample Demo.java",
          languageId,
          text.split("\n", -1).length,
          onDisk ? "" : " — in the editor only, not on disk",
          line + 1,
          column + 1);
      // As in an editor, the server learns the opened file in the background (debounced); give it a
      // moment before asking, the way a user pauses before a completion shows.
      Thread.sleep(1500);

      InlineCompletionParams ip =
          new InlineCompletionParams(
              new TextDocumentIdentifier(uri),
              new Position(line, column),
              new InlineCompletionContext(InlineCompletionTriggerKind.Invoked));
      long t1 = System.nanoTime();
      List<String> suggestions;
      try {
        var r = remote.getTextDocumentService().inlineCompletion(ip).get(30, TimeUnit.SECONDS);
        suggestions =
            (r.isLeft() ? r.getLeft() : r.getRight().getItems())
                .stream()
                    .map(
                        i ->
                            i.getInsertText().isLeft()
                                ? i.getInsertText().getLeft()
                                : i.getInsertText().getRight().getValue())
                    .toList();
      } catch (Exception e) {
        suggestions = List.of();
        out.println("textDocument/inlineCompletion: error: " + e.getMessage());
      }
      out.printf(
          "textDocument/inlineCompletion (%d ms): %d %s%n",
          (System.nanoTime() - t1) / 1_000_000,
          suggestions.size(),
          suggestions.size() == 1 ? "suggestion" : "suggestions");
      out.print(
          dev.codeloop.cli.CursorView.render(
              List.of(text.split("\n", -1)),
              line,
              column,
              column,
              suggestions.isEmpty() ? null : suggestions.get(0)));
      print(
          "textDocument/completion",
          remote
              .getTextDocumentService()
              .completion(
                  new CompletionParams(new TextDocumentIdentifier(uri), new Position(line, column)))
              .thenApply(
                  r ->
                      (r.isLeft() ? r.getLeft() : r.getRight().getItems())
                          .stream()
                              .map(
                                  i ->
                                      i.getLabel()
                                          + " -> "
                                          + quote(
                                              i.getTextEdit() != null && i.getTextEdit().isLeft()
                                                  ? i.getTextEdit().getLeft().getNewText()
                                                  : String.valueOf(i.getInsertText())))
                              .toList()));
      try {
        Object stats =
            remote
                .getWorkspaceService()
                .executeCommand(new ExecuteCommandParams("codeloop.stats", List.of()))
                .get(30, TimeUnit.SECONDS);
        out.println("codeloop.stats:");
        out.print(statsSummary(stats));
      } catch (Exception e) {
        out.println("codeloop.stats: error: " + e.getMessage());
      }
      remote.shutdown().get(10, TimeUnit.SECONDS);
      remote.exit();
      boolean ended = server.waitFor(10, TimeUnit.SECONDS);
      out.println("server exit code: " + (ended ? server.exitValue() : "still running"));
      return ended && server.exitValue() == 0 ? 0 : 1;
    } catch (Exception e) {
      err.println("demo failed: " + e);
      return 1;
    } finally {
      server.destroy();
    }
  }

  private void print(String what, CompletableFuture<?> future) {
    try {
      long t0 = System.nanoTime();
      Object value = future.get(30, TimeUnit.SECONDS);
      out.printf("%s (%d ms):%n  %s%n", what, (System.nanoTime() - t0) / 1_000_000, value);
    } catch (Exception e) {
      out.printf(
          "%s: error: %s%n", what, e.getCause() != null ? e.getCause().getMessage() : e.toString());
    }
  }

  /** The statistics a person wants from a demo: per model calls and latency, completions, model. */
  static String statsSummary(Object stats) {
    com.google.gson.JsonObject j = new com.google.gson.Gson().toJsonTree(stats).getAsJsonObject();
    StringBuilder sb = new StringBuilder();
    if (j.has("models")) {
      for (var e : j.getAsJsonObject("models").entrySet()) {
        var m = e.getValue().getAsJsonObject();
        sb.append(
            String.format(
                java.util.Locale.ROOT,
                "  model %s: %d %s, %d failed, median %d ms%n",
                e.getKey(),
                m.get("calls").getAsLong(),
                m.get("calls").getAsLong() == 1 ? "call" : "calls",
                m.get("calls").getAsLong() - m.get("successes").getAsLong(),
                Math.round(m.get("p50Ms").getAsDouble())));
      }
    }
    if (j.has("completion") && j.get("completion").isJsonArray()) {
      for (var c : j.getAsJsonArray("completion")) {
        var o = c.getAsJsonObject();
        sb.append(
            String.format(
                java.util.Locale.ROOT,
                "  completions (%s, %s): %d shown, %d accepted%n",
                o.get("model").getAsString(),
                o.get("language").getAsString(),
                o.get("shown").getAsLong(),
                o.get("accepted").getAsLong()));
      }
    }
    if (j.has("embedded")) {
      var e = j.getAsJsonObject("embedded");
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              "  embedded model: %d documents, %d tokens learned%n",
              e.get("documents").getAsLong(),
              e.get("tokens").getAsLong()));
    }
    return sb.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }

  private static String ownJar() {
    try {
      File f =
          new File(
              ServerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return f.getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int[] endOf(String text) {
    String[] lines = text.split("\n", -1);
    int last = lines.length - 1;
    while (last > 0 && lines[last].isBlank()) {
      last--;
    }
    return new int[] {last, lines[last].length()};
  }

  private static String sample() throws IOException {
    try (InputStream in = HeadlessDemo.class.getResourceAsStream("/codeloop/demo/Demo.java.txt")) {
      if (in == null) {
        throw new IOException("bundled sample missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Prints the diagnostics and messages the server sends on its own; ignores the rest. */
  private static final class DemoClient extends NullLanguageClient {
    private final PrintStream out;

    DemoClient(PrintStream out) {
      this.out = out;
    }

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
      out.println(
          "diagnostics: " + diagnostics.getDiagnostics().size() + " for " + diagnostics.getUri());
    }

    @Override
    public void showMessage(MessageParams messageParams) {
      out.println("server says: " + messageParams.getMessage());
    }
  }
}
