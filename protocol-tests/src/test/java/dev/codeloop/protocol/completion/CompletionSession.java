package dev.codeloop.protocol.completion;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.protocol.LspClient;
import dev.codeloop.protocol.ServerProcess;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionContext;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InlineCompletionCapabilities;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.SelectedCompletionInfo;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WindowClientCapabilities;

/** The jar as a process plus an LSP4J client, with helpers for completion requests. */
final class CompletionSession implements AutoCloseable {
  /** Variables that would give the server a cloud model: never passed to the child. */
  static final Set<String> MODEL_ENV =
      Set.of(
          "OPENAI_API_KEY",
          "ANTHROPIC_API_KEY",
          "GEMINI_API_KEY",
          "GOOGLE_API_KEY",
          "OLLAMA_HOST",
          "CODELOOP_CACHE_DIR");

  final ServerProcess process;
  final LspClient lsp;
  final InitializeResult initializeResult;
  private final Map<String, Integer> versions = new HashMap<>();

  private CompletionSession(ServerProcess process, LspClient lsp, InitializeResult result) {
    this.process = process;
    this.lsp = lsp;
    this.initializeResult = result;
  }

  /**
   * Starts the jar without cloud-model environment variables.
   *
   * @param settingsJson the {@code settings} object of {@code initializationOptions}, or null
   * @param inline whether the client announces {@code textDocument.inlineCompletion}
   * @param rootUri the workspace root, or null
   */
  static CompletionSession start(Path xdg, String settingsJson, boolean inline, String rootUri)
      throws Exception {
    return start(xdg, settingsJson, inline, rootUri, false);
  }

  /**
   * As {@link #start(Path, String, boolean, String)}; with {@code workDoneProgress} the client
   * announces {@code window.workDoneProgress}, so the server reports indexing through {@code
   * $/progress} (recorded by {@link dev.codeloop.protocol.RecordingClient#progress}).
   */
  static CompletionSession start(
      Path xdg, String settingsJson, boolean inline, String rootUri, boolean workDoneProgress)
      throws Exception {
    ServerProcess process = ServerProcess.startWithout(xdg, MODEL_ENV);
    LspClient lsp = LspClient.over(process);
    InitializeParams params = new InitializeParams();
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setCompletion(new CompletionCapabilities());
    if (inline) {
      text.setInlineCompletion(new InlineCompletionCapabilities());
    }
    ClientCapabilities capabilities = new ClientCapabilities();
    capabilities.setTextDocument(text);
    if (workDoneProgress) {
      WindowClientCapabilities window = new WindowClientCapabilities();
      window.setWorkDoneProgress(true);
      capabilities.setWindow(window);
    }
    params.setCapabilities(capabilities);
    params.setProcessId((int) ProcessHandle.current().pid());
    if (rootUri != null) {
      params.setRootUri(rootUri);
    }
    if (settingsJson != null) {
      params.setInitializationOptions(
          JsonParser.parseString("{\"settings\":" + settingsJson + "}"));
    }
    try {
      InitializeResult result = lsp.initialize(params);
      return new CompletionSession(process, lsp, result);
    } catch (Exception e) {
      lsp.close();
      process.close();
      throw e;
    }
  }

  /** Settings routing {@code completion} to OpenAI-compatible loopback models, in order. */
  static String loopbackSettings(String extraJson, LoopbackModel... models) {
    StringBuilder defs = new StringBuilder();
    StringBuilder route = new StringBuilder();
    for (int i = 0; i < models.length; i++) {
      String name = i == 0 ? "fast" : "backup" + i;
      if (i > 0) {
        defs.append(',');
        route.append(',');
      }
      defs.append("\"")
          .append(name)
          .append("\":{\"provider\":\"openai-compatible\",\"baseUrl\":\"")
          .append(models[i].baseUrl())
          .append(
              "\",\"model\":\"qwen2.5-coder-7b\",\"fimTemplate\":\"qwen\",\"timeoutMs\":10000}");
      route.append('"').append(name).append('"');
    }
    return "{\"models\":{"
        + defs
        + "},\"routes\":{\"completion\":["
        + route
        + "]},\"deadlines\":{\"completion\":10000},\"embedded\":{\"indexWorkspace\":false,\"stableAfterMs\":0}"
        + (extraJson == null || extraJson.isEmpty() ? "" : "," + extraJson)
        + "}";
  }

  void open(String uri, String text) {
    versions.put(uri, 1);
    lsp.server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "java", 1, text)));
  }

  /** Replaces the whole text (a full-content change event), with the next version. */
  void change(String uri, String text) {
    int version = versions.merge(uri, 1, Integer::sum);
    lsp.server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version),
                List.of(new TextDocumentContentChangeEvent(text))));
  }

  CompletableFuture<List<InlineCompletionItem>> inlineAsync(
      String uri,
      Position position,
      InlineCompletionTriggerKind kind,
      SelectedCompletionInfo selected) {
    InlineCompletionContext context = new InlineCompletionContext(kind);
    context.setSelectedCompletionInfo(selected);
    InlineCompletionParams params =
        new InlineCompletionParams(new TextDocumentIdentifier(uri), position, context);
    return lsp.server
        .getTextDocumentService()
        .inlineCompletion(params)
        .thenApply(
            r -> {
              if (r == null) {
                return List.of();
              }
              return r.isLeft() ? r.getLeft() : r.getRight().getItems();
            });
  }

  List<InlineCompletionItem> inline(String uri, Position position, InlineCompletionTriggerKind kind)
      throws Exception {
    return LspClient.await(inlineAsync(uri, position, kind, null));
  }

  CompletableFuture<CompletionList> completeAsync(
      String uri, Position position, CompletionTriggerKind kind, String triggerCharacter) {
    CompletionContext context = new CompletionContext(kind);
    context.setTriggerCharacter(triggerCharacter);
    CompletionParams params =
        new CompletionParams(new TextDocumentIdentifier(uri), position, context);
    return lsp.server
        .getTextDocumentService()
        .completion(params)
        .thenApply(
            r -> {
              if (r == null) {
                return new CompletionList(List.of());
              }
              return r.isRight() ? r.getRight() : new CompletionList(r.getLeft());
            });
  }

  CompletionList complete(String uri, Position position, CompletionTriggerKind kind)
      throws Exception {
    return LspClient.await(completeAsync(uri, position, kind, null));
  }

  JsonElement execute(String command, List<Object> arguments) throws Exception {
    Object result =
        LspClient.await(
            lsp.server
                .getWorkspaceService()
                .executeCommand(new ExecuteCommandParams(command, arguments)));
    return result instanceof JsonElement e ? e : new Gson().toJsonTree(result);
  }

  JsonElement execute(Command command) throws Exception {
    return execute(command.getCommand(), command.getArguments());
  }

  JsonObject stats() throws Exception {
    return execute("codeloop.stats", List.of()).getAsJsonObject();
  }

  /**
   * Waits until {@code codeloop.stats} shows the embedded model knowing {@code n} documents (it
   * learns open documents after a debounce, off the dispatch thread); fails after {@code timeout}.
   */
  void awaitEmbeddedDocuments(int n, java.time.Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject stats = stats();
    while (embeddedDocuments(stats) != n && System.nanoTime() < deadline) {
      Thread.sleep(50);
      stats = stats();
    }
    if (embeddedDocuments(stats) != n) {
      throw new AssertionError(
          "expected the embedded model to know "
              + n
              + " documents within "
              + timeout
              + "; stats "
              + stats
              + "\nserver stderr:\n"
              + process.stderrTail(4000));
    }
  }

  private static int embeddedDocuments(JsonObject stats) {
    return stats.has("embedded")
        ? stats.getAsJsonObject("embedded").get("documents").getAsInt()
        : -1;
  }

  @Override
  public void close() {
    lsp.close();
    process.close();
  }
}
