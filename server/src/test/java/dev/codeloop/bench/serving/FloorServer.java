package dev.codeloop.bench.serving;

import dev.codeloop.concurrent.BytePipe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionList;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The floor of the serving path's thread hand-offs, with none of Codeloop's code: a bare LSP4J
 * server over the same in-memory pipes whose inline completion takes the same hops as ours (the
 * JSON-RPC reader thread, then a request thread, a JDK {@code HttpClient.sendAsync} POST to the
 * zero-latency model, the reply on the client's selector thread, the response written from there).
 * It reads no document, builds no context and parses only the reply's length, so what it measures
 * is what any JVM language server with this topology pays on this machine: the JSON-RPC of both
 * sides, the pipes and five thread wake-ups.
 */
final class FloorServer implements LanguageServer, TextDocumentService, WorkspaceService {
  private static final byte[] BODY =
      "{\"model\":\"m\",\"prompt\":\"<|fim_prefix|>a<|fim_suffix|>b<|fim_middle|>\",\"max_tokens\":64}"
          .getBytes(StandardCharsets.UTF_8);

  private final ExecutorService requests =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "floor-request");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
  private final URI endpoint;

  private FloorServer(String base) {
    this.endpoint = URI.create(base + "/v1/completions");
  }

  /** The floor server and an LSP4J client connected to it over in-memory pipes. */
  record Connection(
      LanguageServer server, Future<Void> serverListening, Future<Void> clientListening)
      implements AutoCloseable {
    @Override
    public void close() {
      clientListening.cancel(true);
      serverListening.cancel(true);
    }
  }

  static Connection connect(String modelBase, LanguageClient client) throws IOException {
    BytePipe up = new BytePipe();
    BytePipe down = new BytePipe();
    FloorServer floor = new FloorServer(modelBase);
    var serverSide = LSPLauncher.createServerLauncher(floor, up.in(), down.out());
    var clientSide = LSPLauncher.createClientLauncher(client, down.in(), up.out());
    return new Connection(
        clientSide.getRemoteProxy(), serverSide.startListening(), clientSide.startListening());
  }

  @Override
  public CompletableFuture<Either<List<InlineCompletionItem>, InlineCompletionList>>
      inlineCompletion(InlineCompletionParams params) {
    return CompletableFuture.supplyAsync(
            () ->
                HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY))
                    .build(),
            requests)
        .thenCompose(r -> http.sendAsync(r, HttpResponse.BodyHandlers.ofString()))
        .thenApply(
            reply ->
                Either.forLeft(
                    List.of(
                        new InlineCompletionItem(
                            Either.forLeft("floor " + reply.body().length())))));
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    return CompletableFuture.completedFuture(new InitializeResult(new ServerCapabilities()));
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    requests.shutdown();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {}

  @Override
  public TextDocumentService getTextDocumentService() {
    return this;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return this;
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {}

  @Override
  public void didChange(DidChangeTextDocumentParams params) {}

  @Override
  public void didClose(DidCloseTextDocumentParams params) {}

  @Override
  public void didSave(DidSaveTextDocumentParams params) {}

  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {}

  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {}
}
