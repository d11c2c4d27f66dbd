package dev.codeloop.lsp.handler;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.ServerComponents;
import dev.codeloop.action.FakeModelGateway;
import dev.codeloop.concurrent.BytePipe;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.LspSession;
import dev.codeloop.workspace.tool.parse.OutputParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionKindCapabilities;
import org.eclipse.lsp4j.CodeActionLiteralSupportCapabilities;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.DiagnosticCapabilities;
import org.eclipse.lsp4j.DiagnosticWorkspaceCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.ShowDocumentCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The real server in-process (composition root, JSON-RPC connection, session) talking to a {@link
 * RecordingClient} over pipes with LSP4J on the client side. The model is a {@link
 * FakeModelGateway}.
 */
final class ServerHarness implements AutoCloseable {
  final FakeModelGateway models = new FakeModelGateway();
  final RecordingClient client = new RecordingClient();
  final Path root;
  LanguageServer server;
  InitializeResult initialized;
  private ServerComponents components;
  private Thread sessionThread;
  private OutputStream clientOut;

  /** What the test client claims to support. */
  static final class Caps {
    boolean resolve = true;
    boolean documentChanges = true;
    boolean createFiles = true;
    boolean showDocument = true;
    boolean applyEdit = true;
    boolean workDoneProgress = false;
    boolean pullDiagnostics = false;
    boolean diagnosticRefresh = false;
    boolean codeloopStatus = false;
    String settingsJson = "{}";
    Function<String, Optional<OutputParser>> parsers = id -> Optional.empty();
  }

  private ServerHarness(Path root) {
    this.root = root;
  }

  static ServerHarness start(Path root, Caps caps) throws Exception {
    ServerHarness h = new ServerHarness(root);
    h.launch(caps);
    return h;
  }

  private void launch(Caps caps) throws Exception {
    BytePipe toServer = new BytePipe();
    BytePipe toClient = new BytePipe();
    InputStream serverIn = toServer.in();
    OutputStream serverOut = toClient.out();
    InputStream clientIn = toClient.in();
    clientOut = toServer.out();
    components =
        new ServerComponents(
            new ServerExecutors(2, 2, 1),
            models,
            Map.of(
                "XDG_CONFIG_HOME", root.resolve("config").toString(),
                "CODELOOP_ANSWERS_DIR", root.resolve("answers").toString()),
            "test",
            log -> {},
            caps.parsers);
    LspSession session = components.newSession(serverIn, serverOut, () -> {}, () -> {});
    sessionThread = new Thread(session::run, "test-session");
    sessionThread.setDaemon(true);
    sessionThread.start();
    var launcher = LSPLauncher.createClientLauncher(client, clientIn, clientOut);
    launcher.startListening();
    server = launcher.getRemoteProxy();
    client.connect(server);

    InitializeParams init = new InitializeParams();
    init.setProcessId(null);
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "root")));
    init.setCapabilities(capabilities(caps));
    JsonObject options = new JsonObject();
    options.add("settings", JsonParser.parseString(caps.settingsJson));
    init.setInitializationOptions(options);
    initialized = server.initialize(init).get(10, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
  }

  private static ClientCapabilities capabilities(Caps caps) {
    CodeActionCapabilities ca = new CodeActionCapabilities();
    ca.setCodeActionLiteralSupport(
        new CodeActionLiteralSupportCapabilities(
            new CodeActionKindCapabilities(List.of("quickfix", "refactor", "source"))));
    if (caps.resolve) {
      ca.setResolveSupport(new CodeActionResolveSupportCapabilities(List.of("edit")));
    }
    ca.setDataSupport(true);
    ca.setDisabledSupport(true);
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setCodeAction(ca);
    if (caps.pullDiagnostics) {
      text.setDiagnostic(new DiagnosticCapabilities());
    }
    WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
    if (caps.diagnosticRefresh) {
      ws.setDiagnostics(new DiagnosticWorkspaceCapabilities(true));
    }
    ws.setApplyEdit(caps.applyEdit);
    WorkspaceEditCapabilities we = new WorkspaceEditCapabilities();
    we.setDocumentChanges(caps.documentChanges);
    if (caps.createFiles) {
      we.setResourceOperations(List.of("create"));
    }
    ws.setWorkspaceEdit(we);
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(caps.workDoneProgress);
    if (caps.showDocument) {
      window.setShowDocument(new ShowDocumentCapabilities(true));
    }
    ClientCapabilities c = new ClientCapabilities();
    if (caps.codeloopStatus) {
      JsonObject experimental = new JsonObject();
      experimental.addProperty("codeloopStatus", true);
      c.setExperimental(experimental);
    }
    c.setTextDocument(text);
    c.setWorkspace(ws);
    c.setWindow(window);
    return c;
  }

  /**
   * Runs a workspace command and waits (up to 2 minutes) for its result as JSON; a failed command
   * throws the {@link java.util.concurrent.ExecutionException} carrying the JSON-RPC error.
   */
  com.google.gson.JsonObject command(String command, Object... arguments) throws Exception {
    Object result =
        commandAsync(command, arguments).get(120, java.util.concurrent.TimeUnit.SECONDS);
    return new com.google.gson.Gson().toJsonTree(result).getAsJsonObject();
  }

  /** Sends a workspace command; cancelling the future sends {@code $/cancelRequest}. */
  java.util.concurrent.CompletableFuture<Object> commandAsync(String command, Object... arguments) {
    return server
        .getWorkspaceService()
        .executeCommand(
            new org.eclipse.lsp4j.ExecuteCommandParams(command, java.util.List.of(arguments)));
  }

  /** The diagnostics last published for {@code uri}, waiting up to 10 s for a first publication. */
  java.util.List<org.eclipse.lsp4j.Diagnostic> lastDiagnostics(String uri) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      java.util.List<org.eclipse.lsp4j.PublishDiagnosticsParams> forUri =
          client.diagnostics.stream().filter(p -> p.getUri().equals(uri)).toList();
      if (!forUri.isEmpty()) {
        return forUri.get(forUri.size() - 1).getDiagnostics();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no diagnostics published for " + uri + " in " + client.diagnostics);
  }

  String uri(String relative) {
    return root.resolve(relative).toUri().toString();
  }

  @Override
  public void close() throws IOException {
    clientOut.close();
    try {
      // the session's end (its requests cancelled, its documents closed) runs on this thread:
      // milliseconds, but a loaded CI machine may take longer, and a test may rely on it
      sessionThread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    components.close();
  }
}
