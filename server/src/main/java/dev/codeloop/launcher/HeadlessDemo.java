package dev.codeloop.launcher;

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
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
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

  int run(List<String> args) {
    try {
      Path workspace = Path.of(args.size() > 0 ? args.get(0) : ".").toAbsolutePath().normalize();
      Path file;
      String text;
      int line;
      int column;
      if (args.size() > 1) {
        file = workspace.resolve(args.get(1)).normalize();
        text = Files.readString(file, StandardCharsets.UTF_8);
      } else {
        file = workspace.resolve("Demo.java");
        text = sample();
      }
      if (args.size() > 2) {
        String[] lc = args.get(2).split(":");
        line = Integer.parseInt(lc[0]) - 1;
        column = Integer.parseInt(lc[1]) - 1;
      } else {
        int[] end = endOf(text);
        line = end[0];
        column = end[1];
      }
      return session(workspace, file, text, line, column);
    } catch (IOException | RuntimeException e) {
      err.println("demo failed: " + e);
      return 1;
    }
  }

  private int session(Path workspace, Path file, String text, int line, int column)
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
          "opened %s (%s, %d lines); cursor at %d:%d%n",
          file, languageId, text.split("\n", -1).length, line + 1, column + 1);
      // As in an editor, the server learns the opened file in the background (debounced); give it a
      // moment before asking, the way a user pauses before a completion shows.
      Thread.sleep(1500);

      InlineCompletionParams ip =
          new InlineCompletionParams(
              new TextDocumentIdentifier(uri),
              new Position(line, column),
              new InlineCompletionContext(InlineCompletionTriggerKind.Invoked));
      print(
          "textDocument/inlineCompletion",
          remote
              .getTextDocumentService()
              .inlineCompletion(ip)
              .thenApply(
                  r ->
                      (r.isLeft() ? r.getLeft() : r.getRight().getItems())
                          .stream()
                              .map(
                                  i ->
                                      i.getInsertText().isLeft()
                                          ? i.getInsertText().getLeft()
                                          : i.getInsertText().getRight().getValue())
                              .map(HeadlessDemo::quote)
                              .toList()));
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
      print(
          "codeloop.stats",
          remote
              .getWorkspaceService()
              .executeCommand(new ExecuteCommandParams("codeloop.stats", List.of())));

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

  /** Prints what the server sends on its own. */
  private static final class DemoClient implements LanguageClient {
    private final PrintStream out;

    DemoClient(PrintStream out) {
      this.out = out;
    }

    @Override
    public void telemetryEvent(Object object) {}

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
      out.println(
          "diagnostics: " + diagnostics.getDiagnostics().size() + " for " + diagnostics.getUri());
    }

    @Override
    public void showMessage(MessageParams messageParams) {
      out.println("server says: " + messageParams.getMessage());
    }

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(
        ShowMessageRequestParams requestParams) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {}
  }
}
