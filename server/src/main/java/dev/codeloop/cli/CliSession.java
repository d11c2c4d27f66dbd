package dev.codeloop.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ClientInfo;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionKindCapabilities;
import org.eclipse.lsp4j.CodeActionLiteralSupportCapabilities;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlineCompletionCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * One LSP session of the command line with a server, through LSP4J's real JSON-RPC launcher:
 * initialize with the workspace as the only folder, open files, run requests and commands, then
 * shutdown and exit — what an editor does, in the same order.
 */
final class CliSession implements AutoCloseable {
  /** How long a request may take: workflows run tests and wait on models. */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);

  private final ServerConnector.Connection connection;
  private final CliClient client;
  private final LanguageServer server;
  private final Path workspace;
  private final EditSet edits = new EditSet();
  private InitializeResult initialized;

  private CliSession(ServerConnector.Connection connection, CliClient client, Path workspace) {
    this.connection = connection;
    this.client = client;
    this.workspace = workspace;
    Launcher<LanguageServer> launcher =
        LSPLauncher.createClientLauncher(client, connection.fromServer(), connection.toServer());
    launcher.startListening();
    this.server = launcher.getRemoteProxy();
  }

  static CliSession start(ServerConnector connector, CliClient client, Path workspace)
      throws IOException, CliFailure {
    ServerConnector.Connection c = connector.open();
    CliSession s = new CliSession(c, client, workspace);
    try {
      s.initialize();
    } catch (CliFailure | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void initialize() throws CliFailure {
    InitializeParams init = new InitializeParams();
    // no processId: with an in-process server the "parent" would be this very process
    init.setProcessId(null);
    init.setClientInfo(new ClientInfo("codeloop-cli"));
    init.setWorkspaceFolders(
        List.of(new WorkspaceFolder(workspace.toUri().toString(), workspace.getFileName() + "")));
    init.setCapabilities(capabilities());
    initialized = await(server.initialize(init), "initialize");
    server.initialized(new InitializedParams());
  }

  private static ClientCapabilities capabilities() {
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setInlineCompletion(new InlineCompletionCapabilities());
    text.setCompletion(new CompletionCapabilities());
    CodeActionCapabilities ca = new CodeActionCapabilities();
    ca.setCodeActionLiteralSupport(
        new CodeActionLiteralSupportCapabilities(
            new CodeActionKindCapabilities(List.of("quickfix", "refactor", "source"))));
    ca.setResolveSupport(new CodeActionResolveSupportCapabilities(List.of("edit")));
    ca.setDataSupport(true);
    ca.setDisabledSupport(true);
    text.setCodeAction(ca);
    WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
    ws.setApplyEdit(true);
    WorkspaceEditCapabilities we = new WorkspaceEditCapabilities();
    we.setDocumentChanges(true);
    we.setResourceOperations(List.of("create"));
    ws.setWorkspaceEdit(we);
    ws.setWorkspaceFolders(true);
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    ClientCapabilities c = new ClientCapabilities();
    c.setTextDocument(text);
    c.setWorkspace(ws);
    c.setWindow(window);
    return c;
  }

  InitializeResult initializeResult() {
    return initialized;
  }

  LanguageServer server() {
    return server;
  }

  CliClient client() {
    return client;
  }

  EditSet edits() {
    return edits;
  }

  /** Opens a file from disk as an editor would; returns its URI. */
  String open(Path file, String text) {
    String uri = file.toUri().toString();
    edits.opened(uri, file, text, 1);
    server
        .getTextDocumentService()
        .didOpen(
            new DidOpenTextDocumentParams(new TextDocumentItem(uri, languageId(file), 1, text)));
    return uri;
  }

  static String read(Path file, Path workspace) throws CliFailure {
    Path shown = file.startsWith(workspace) ? workspace.relativize(file) : file;
    if (!Files.isRegularFile(file)) {
      throw new CliFailure(
          Exit.USAGE,
          "cannot read "
              + shown
              + ": "
              + (Files.exists(file) ? "not a regular file" : "no such file")
              + " (paths are relative to the current directory or the workspace "
              + workspace
              + ")");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliFailure(Exit.USAGE, "cannot read " + shown + ": " + e.getMessage());
    }
  }

  /**
   * Waits (up to {@code max}) until the server's work-done progress (workspace indexing) has ended
   * and {@code quiet} has passed since the call: the embedded model learns opened files after a
   * short debounce, the way an editor user pauses before a completion shows.
   */
  void settle(Duration quiet, Duration max) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + max.toNanos();
    while (System.nanoTime() < end) {
      boolean quietEnough = System.nanoTime() - start >= quiet.toNanos();
      if (quietEnough && client.activeProgress() == 0) {
        return;
      }
      Thread.sleep(25);
    }
  }

  /**
   * Answers {@code workspace/applyEdit}: applied in memory against the versions the server saw;
   * with {@code write}, each changed file is written atomically and open documents are sent to the
   * server as changed and saved. Without it the edit is accepted ({@code accept}) or refused with a
   * reason.
   */
  void handleEdits(boolean write, boolean accept) {
    client.onApplyEdit(
        params -> {
          if (!write && !accept) {
            ApplyWorkspaceEditResponse r = new ApplyWorkspaceEditResponse(false);
            r.setFailureReason("not applied: the command line was given --diff, not --apply");
            // still record it, for the diff
            try {
              edits.apply(params.getEdit());
            } catch (IOException ignored) {
              // the diff shows what applied; this one did not fit
            }
            return r;
          }
          return applyNow(params, write);
        });
  }

  private ApplyWorkspaceEditResponse applyNow(ApplyWorkspaceEditParams params, boolean write) {
    try {
      List<String> touched = edits.apply(params.getEdit());
      if (write) {
        edits.write(touched);
      }
      for (String uri : touched) {
        if (edits.isOpen(uri)) {
          syncOpen(uri, write);
        }
      }
      return new ApplyWorkspaceEditResponse(true);
    } catch (IOException | RuntimeException e) {
      ApplyWorkspaceEditResponse r = new ApplyWorkspaceEditResponse(false);
      r.setFailureReason(e.getMessage());
      return r;
    }
  }

  /** Tells the server about an open document's new text (and the save, when written). */
  void syncOpen(String uri, boolean saved) {
    List<TextDocumentContentChangeEvent> change = new ArrayList<>();
    change.add(new TextDocumentContentChangeEvent(edits.text(uri)));
    server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, edits.version(uri)), change));
    if (saved) {
      server
          .getTextDocumentService()
          .didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(uri)));
    }
  }

  /** Runs a workspace command; its result as JSON (null when it has none). */
  JsonElement command(String id, List<Object> arguments) throws CliFailure {
    Object result =
        await(
            server.getWorkspaceService().executeCommand(new ExecuteCommandParams(id, arguments)),
            id);
    if (result == null) {
      return null;
    }
    if (result instanceof JsonElement e) {
      return e;
    }
    return new com.google.gson.Gson().toJsonTree(result);
  }

  static JsonObject modelArgument(String model) {
    JsonObject o = new JsonObject();
    o.addProperty("model", model);
    return o;
  }

  /** Waits for a request; its JSON-RPC error as a {@link CliFailure} with the right exit code. */
  <T> T await(CompletableFuture<T> future, String what) throws CliFailure {
    try {
      return future.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ResponseErrorException r) {
        throw failure(r.getResponseError());
      }
      throw new CliFailure(
          Exit.MODEL_OR_CONFIG,
          what + " failed: " + (cause != null ? cause.getMessage() : e.getMessage()));
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new CliFailure(
          Exit.WORK_FAILED,
          what + " did not answer within " + REQUEST_TIMEOUT.toMinutes() + " min");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(Exit.WORK_FAILED, what + " was interrupted");
    }
  }

  /**
   * A server error as a sentence: invalid arguments are a usage error (2); a model or settings
   * problem, an untrusted workspace or any other refusal is 3.
   */
  static CliFailure failure(ResponseError error) {
    int code =
        error.getCode() == ResponseErrorCode.InvalidParams.getValue()
            ? Exit.USAGE
            : Exit.MODEL_OR_CONFIG;
    return new CliFailure(code, error.getMessage());
  }

  void close(String uri) {
    server
        .getTextDocumentService()
        .didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
  }

  @Override
  public void close() {
    try {
      server.shutdown().get(10, TimeUnit.SECONDS);
      server.exit();
    } catch (Exception ignored) {
      // the server went away already; closing the streams ends the session either way
    } finally {
      connection.close();
    }
  }

  /** The LSP language id of a file, from its extension, as editors send it. */
  static String languageId(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String ext = n.substring(n.lastIndexOf('.') + 1);
    return switch (ext) {
      case "java" -> "java";
      case "py" -> "python";
      case "js", "mjs", "cjs" -> "javascript";
      case "ts", "mts", "cts" -> "typescript";
      case "jsx" -> "javascriptreact";
      case "tsx" -> "typescriptreact";
      case "go" -> "go";
      case "rs" -> "rust";
      case "c", "h" -> "c";
      case "cc", "cpp", "cxx", "hpp" -> "cpp";
      case "kt", "kts" -> "kotlin";
      case "md" -> "markdown";
      case "json" -> "json";
      default -> "plaintext";
    };
  }
}
