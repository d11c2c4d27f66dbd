package dev.codeloop.protocol.actions;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.protocol.LspClient;
import dev.codeloop.protocol.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKindCapabilities;
import org.eclipse.lsp4j.CodeActionLiteralSupportCapabilities;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowDocumentCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;

/**
 * One server process with an editor-like client for the action tests: a workspace folder, the
 * settings sent as {@code initializationOptions}, API-key variables removed from the child's
 * environment, and an editor model that applies {@code workspace/applyEdit} to its own copy of each
 * open document and sends the {@code didChange} (as an editor would).
 */
final class ActionSession implements AutoCloseable {
  static final Gson GSON = new Gson();

  /** What the client announces. */
  record Client(boolean resolveSupport, boolean documentChanges) {
    static Client resolving() {
      return new Client(true, true);
    }

    static Client withoutResolve() {
      return new Client(false, true);
    }
  }

  /** The editor's copy of an open document. */
  record Doc(String languageId, String text, int version) {}

  final Path root;
  final Path answers;
  final ServerProcess process;
  final LspClient lsp;
  final Map<String, Doc> docs = new ConcurrentHashMap<>();

  private ActionSession(Path tmp, JsonObject settings, Client client) throws Exception {
    this.root = Files.createDirectories(tmp.resolve("project"));
    Path xdg = Files.createDirectories(tmp.resolve("xdg"));
    this.answers = Files.createDirectories(tmp.resolve("answers"));
    this.process =
        ServerProcess.start(
            xdg,
            false,
            env -> {
              env.keySet()
                  .removeIf(
                      k ->
                          k.endsWith("_API_KEY")
                              || k.startsWith("CODELOOP_")
                              || k.startsWith("OLLAMA"));
              env.put("CODELOOP_ANSWERS_DIR", answers.toString());
            });
    this.lsp = LspClient.over(process);
    lsp.client.applyEditAnswer = this::applyEdit;
    InitializeParams params = new InitializeParams();
    params.setCapabilities(capabilities(client));
    params.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "project")));
    JsonObject options = new JsonObject();
    options.add("settings", settings);
    params.setInitializationOptions(options);
    lsp.initialize(params);
  }

  static ActionSession start(Path tmp, JsonObject settings, Client client) throws Exception {
    return new ActionSession(tmp, settings, client);
  }

  /** Settings with one {@code openai-compatible} model "strong" on the loopback for every task. */
  static JsonObject modelSettings(OpenAiLoopback loopback) {
    return JsonParser.parseString(
            """
            {
              "models": {
                "strong": {"provider": "openai-compatible", "baseUrl": "%s", "model": "test-model",
                           "timeoutMs": 30000}
              },
              "routes": {"codeAction": ["strong"], "chat": ["strong"], "plan": ["strong"]},
              "embedded": {"enabled": false, "indexWorkspace": false}
            }
            """
                .formatted(loopback.baseUrl()))
        .getAsJsonObject();
  }

  private static ClientCapabilities capabilities(Client client) {
    CodeActionCapabilities codeAction = new CodeActionCapabilities();
    codeAction.setCodeActionLiteralSupport(
        new CodeActionLiteralSupportCapabilities(
            new CodeActionKindCapabilities(List.of("", "quickfix", "refactor", "source"))));
    codeAction.setDataSupport(true);
    codeAction.setDisabledSupport(true);
    if (client.resolveSupport()) {
      codeAction.setResolveSupport(new CodeActionResolveSupportCapabilities(List.of("edit")));
    }
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setCodeAction(codeAction);
    WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
    workspace.setApplyEdit(true);
    WorkspaceEditCapabilities edits = new WorkspaceEditCapabilities();
    edits.setDocumentChanges(client.documentChanges());
    workspace.setWorkspaceEdit(edits);
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setShowDocument(new ShowDocumentCapabilities(true));
    ClientCapabilities caps = new ClientCapabilities();
    caps.setTextDocument(text);
    caps.setWorkspace(workspace);
    caps.setWindow(window);
    return caps;
  }

  /** Writes the file into the workspace and opens it (version 1); returns its URI. */
  String open(String relativePath, String languageId, String text) throws Exception {
    Path file = root.resolve(relativePath);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    String uri = file.toUri().toString();
    docs.put(uri, new Doc(languageId, text, 1));
    lsp.server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, languageId, 1, text)));
    return uri;
  }

  /** The user types: a full-text change, one version up. */
  synchronized void type(String uri, String newText) {
    Doc d = docs.get(uri);
    Doc next = new Doc(d.languageId(), newText, d.version() + 1);
    docs.put(uri, next);
    sendChange(uri, next);
  }

  /**
   * The user types {@code keys} at the end of the document as the editor holds it at that moment:
   * read and changed under the same lock as {@code workspace/applyEdit}, as an editor's buffer is,
   * so an edit applied between a read and the keystroke is never overwritten by stale text.
   */
  synchronized void typeAtEnd(String uri, String keys) {
    type(uri, text(uri) + keys);
  }

  String text(String uri) {
    return docs.get(uri).text();
  }

  List<Either<Command, CodeAction>> codeActions(String uri, Range range) throws Exception {
    CodeActionParams p =
        new CodeActionParams(
            new TextDocumentIdentifier(uri), range, new CodeActionContext(List.of()));
    return LspClient.await(lsp.server.getTextDocumentService().codeAction(p));
  }

  /** The code action with this title; fails when there is none. */
  CodeAction action(String uri, Range range, String title) throws Exception {
    return codeActions(uri, range).stream()
        .filter(Either::isRight)
        .map(Either::getRight)
        .filter(a -> title.equals(a.getTitle()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no code action titled '" + title + "'"));
  }

  CompletableFuture<CodeAction> resolve(CodeAction action) {
    return lsp.server.getTextDocumentService().resolveCodeAction(action);
  }

  CompletableFuture<Object> execute(Command command) {
    return lsp.server
        .getWorkspaceService()
        .executeCommand(new ExecuteCommandParams(command.getCommand(), command.getArguments()));
  }

  CompletableFuture<Object> execute(String command, Object... arguments) {
    return lsp.server
        .getWorkspaceService()
        .executeCommand(new ExecuteCommandParams(command, List.of(arguments)));
  }

  /** The JSON-RPC error the future failed with; fails when it succeeded. */
  static ResponseError error(CompletableFuture<?> future) throws Exception {
    try {
      Object ok = future.get(15, TimeUnit.SECONDS);
      throw new AssertionError("expected an error response, got " + GSON.toJson(ok));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ResponseErrorException r) {
        return r.getResponseError();
      }
      throw e;
    }
  }

  static JsonElement json(Object o) {
    return o instanceof JsonElement e ? e : GSON.toJsonTree(o);
  }

  static Range range(int startLine, int startChar, int endLine, int endChar) {
    return new Range(new Position(startLine, startChar), new Position(endLine, endChar));
  }

  /** Every text edit of a workspace edit for {@code uri}, from documentChanges or changes. */
  static List<TextEdit> textEdits(WorkspaceEdit edit, String uri) {
    List<TextEdit> out = new ArrayList<>();
    if (edit.getDocumentChanges() != null) {
      for (var change : edit.getDocumentChanges()) {
        if (change.isLeft() && uri.equals(change.getLeft().getTextDocument().getUri())) {
          change.getLeft().getEdits().forEach(e -> out.add(plain(e)));
        }
      }
    }
    if (edit.getChanges() != null && edit.getChanges().get(uri) != null) {
      out.addAll(edit.getChanges().get(uri));
    }
    return out;
  }

  private static TextEdit plain(Either<TextEdit, ?> e) {
    return e.isLeft() ? e.getLeft() : (TextEdit) e.getRight();
  }

  /** {@code text} with the edits (all against it) applied. */
  static String apply(String text, List<TextEdit> edits) {
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(
        Comparator.comparingInt((TextEdit e) -> offset(text, e.getRange().getStart())).reversed());
    StringBuilder sb = new StringBuilder(text);
    for (TextEdit e : sorted) {
      sb.replace(
          offset(text, e.getRange().getStart()),
          offset(text, e.getRange().getEnd()),
          e.getNewText());
    }
    return sb.toString();
  }

  static int offset(String text, Position p) {
    int line = 0;
    int i = 0;
    while (line < p.getLine()) {
      int nl = text.indexOf('\n', i);
      if (nl < 0) {
        throw new AssertionError("position " + p + " is past the end of the text");
      }
      i = nl + 1;
      line++;
    }
    int end = text.indexOf('\n', i);
    int lineEnd = end < 0 ? text.length() : end;
    if (i + p.getCharacter() > lineEnd) {
      throw new AssertionError("position " + p + " is past the end of its line");
    }
    return i + p.getCharacter();
  }

  /** The editor side of {@code workspace/applyEdit}: apply, send didChange, answer. */
  private synchronized ApplyWorkspaceEditResponse applyEdit(ApplyWorkspaceEditParams params) {
    WorkspaceEdit edit = params.getEdit();
    if (edit.getDocumentChanges() != null) {
      for (var change : edit.getDocumentChanges()) {
        if (!change.isLeft()) {
          continue; // resource operations: nothing to keep in memory
        }
        TextDocumentEdit tde = change.getLeft();
        VersionedTextDocumentIdentifier id = tde.getTextDocument();
        Doc d = docs.get(id.getUri());
        if (d == null || (id.getVersion() != null && id.getVersion() != d.version())) {
          ApplyWorkspaceEditResponse refused = new ApplyWorkspaceEditResponse(false);
          refused.setFailureReason("version mismatch");
          return refused;
        }
        update(id.getUri(), d, textEdits(edit, id.getUri()));
      }
    }
    if (edit.getChanges() != null) {
      edit.getChanges()
          .forEach(
              (uri, list) -> {
                Doc d = docs.get(uri);
                if (d != null) {
                  update(uri, d, list);
                }
              });
    }
    return new ApplyWorkspaceEditResponse(true);
  }

  private void update(String uri, Doc d, List<TextEdit> edits) {
    Doc next = new Doc(d.languageId(), apply(d.text(), edits), d.version() + 1);
    docs.put(uri, next);
    sendChange(uri, next);
  }

  private void sendChange(String uri, Doc d) {
    lsp.server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, d.version()),
                List.of(new TextDocumentContentChangeEvent(d.text()))));
  }

  @Override
  public void close() {
    lsp.close();
    process.close();
  }
}
