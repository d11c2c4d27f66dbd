package dev.codeloop.lsp.handler;

import dev.codeloop.ServerComponents;
import dev.codeloop.completion.FakeModelGateway;
import dev.codeloop.concurrent.BytePipe;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.LspSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionItemCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlineCompletionCapabilities;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A real session built by {@link ServerComponents} with a {@link FakeModelGateway}, driven through
 * LSP4J over piped streams like an editor would.
 */
final class CompletionServerHarness implements AutoCloseable {
  final FakeModelGateway model = new FakeModelGateway();
  final LanguageServer server;
  final InitializeResult initializeResult;
  final Path root;
  private final ServerExecutors executors;
  private final ServerComponents components;
  private final Thread sessionThread;
  private final OutputStream toServer;

  CompletionServerHarness(Path root, boolean inlineCapable, String settingsJson) throws Exception {
    this(root, inlineCapable, settingsJson, new ServerExecutors(4, 4, 1));
  }

  /** With pools of the test's sizes (closed with the harness). */
  CompletionServerHarness(
      Path root, boolean inlineCapable, String settingsJson, ServerExecutors executors)
      throws Exception {
    this.root = root;
    this.executors = executors;
    components =
        new ServerComponents(
            executors,
            model,
            Map.of(
                "XDG_CONFIG_HOME", root.resolve(".config").toString(),
                "XDG_STATE_HOME", root.resolve(".state").toString()),
            "test");
    // BytePipe, not java.io's piped streams: those fail a read once a thread that wrote has ended
    // (a response written by a model call's short-lived thread), and the client stops reading
    BytePipe toServerPipe = new BytePipe();
    BytePipe toClientPipe = new BytePipe();
    toServer = toServerPipe.out();
    InputStream clientIn = toClientPipe.in();
    LspSession session =
        components.newSession(toServerPipe.in(), toClientPipe.out(), () -> {}, () -> {});
    sessionThread = new Thread(session::run, "test-session");
    sessionThread.setDaemon(true);
    sessionThread.start();
    Launcher<LanguageServer> launcher =
        LSPLauncher.createClientLauncher(new NullLanguageClient(), clientIn, toServer);
    launcher.startListening();
    server = launcher.getRemoteProxy();

    InitializeParams init = new InitializeParams();
    init.setProcessId(null);
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "ws")));
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    CompletionCapabilities completion =
        new CompletionCapabilities(new CompletionItemCapabilities(false));
    text.setCompletion(completion);
    if (inlineCapable) {
      text.setInlineCompletion(new InlineCompletionCapabilities());
    }
    ClientCapabilities caps = new ClientCapabilities();
    caps.setTextDocument(text);
    init.setCapabilities(caps);
    if (settingsJson != null) {
      init.setInitializationOptions(
          com.google.gson.JsonParser.parseString("{\"settings\": " + settingsJson + "}"));
    }
    initializeResult = server.initialize(init).get(10, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
  }

  ServerComponents components() {
    return components;
  }

  String uri(String relativePath) {
    return root.resolve(relativePath).toUri().toString();
  }

  void open(String relativePath, String languageId, String text) {
    server
        .getTextDocumentService()
        .didOpen(
            new DidOpenTextDocumentParams(
                new TextDocumentItem(uri(relativePath), languageId, 1, text)));
  }

  void insert(String relativePath, int version, int line, int character, String text) {
    replace(
        relativePath,
        version,
        new Range(new Position(line, character), new Position(line, character)),
        text);
  }

  void replace(String relativePath, int version, Range range, String text) {
    TextDocumentContentChangeEvent change = new TextDocumentContentChangeEvent(range, text);
    server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri(relativePath), version), List.of(change)));
  }

  /**
   * Waits until the server has dispatched everything sent so far (messages are dispatched in order,
   * and document sync is applied on the dispatch thread).
   */
  void sync() throws Exception {
    get(
        server
            .getWorkspaceService()
            .executeCommand(
                new org.eclipse.lsp4j.ExecuteCommandParams("codeloop.showSettings", List.of())));
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    toServer.close();
    executors.close();
  }
}
