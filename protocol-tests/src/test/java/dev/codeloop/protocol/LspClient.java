package dev.codeloop.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/** An LSP4J client connected to a server over a pair of streams, with a {@link RecordingClient}. */
public final class LspClient implements AutoCloseable {
  public final RecordingClient client = new RecordingClient();
  public final LanguageServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "lsp-client");
            t.setDaemon(true);
            return t;
          });
  private final Future<Void> listening;

  LspClient(InputStream in, OutputStream out) {
    Launcher<LanguageServer> launcher =
        LSPLauncher.createClientLauncher(client, in, out, executor, null);
    this.server = launcher.getRemoteProxy();
    this.listening = launcher.startListening();
  }

  public static LspClient over(ServerProcess process) {
    return new LspClient(process.stdout(), process.stdin());
  }

  public static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
    return future.get(ServerProcess.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  public InitializeResult initialize(InitializeParams params) throws Exception {
    InitializeResult result = await(server.initialize(params));
    server.initialized(new InitializedParams());
    return result;
  }

  InitializeResult initialize() throws Exception {
    return initialize(defaultParams());
  }

  static InitializeParams defaultParams() {
    InitializeParams params = new InitializeParams();
    params.setCapabilities(new ClientCapabilities());
    return params;
  }

  void open(String uri, String text) {
    server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "java", 1, text)));
  }

  /** {@code codeloop.showSettings}: the effective settings tree. */
  JsonElement showSettings() throws Exception {
    Object result =
        await(
            server
                .getWorkspaceService()
                .executeCommand(new ExecuteCommandParams("codeloop.showSettings", List.of())));
    JsonElement json =
        result instanceof JsonElement e
            ? e
            : JsonParser.parseString(new com.google.gson.Gson().toJson(result));
    return json.getAsJsonObject().get("settings");
  }

  @Override
  public void close() {
    listening.cancel(true);
    executor.shutdownNow();
  }
}
