package dev.codeloop.lsp.handler;

import dev.codeloop.document.DocumentText;
import dev.codeloop.document.PositionEncoding;
import dev.codeloop.document.TextPosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.eclipse.lsp4j.ShowDocumentResult;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A test editor: records what the server asks of it and, like a real editor, applies {@code
 * workspace/applyEdit} to its own copy of the open documents (refusing edits for another version)
 * and reports the change back with {@code didChange}.
 */
final class RecordingClient extends NullLanguageClient {
  final List<ApplyWorkspaceEditParams> applyEdits = new CopyOnWriteArrayList<>();
  final List<ShowDocumentParams> shownDocuments = new CopyOnWriteArrayList<>();
  final List<MessageParams> messages = new CopyOnWriteArrayList<>();
  final List<ProgressParams> progress = new CopyOnWriteArrayList<>();
  final List<PublishDiagnosticsParams> diagnostics = new CopyOnWriteArrayList<>();
  final List<com.google.gson.JsonObject> statuses = new CopyOnWriteArrayList<>();

  /** {@code codeloop/status} (sent only to clients that ask for it in their capabilities). */
  @org.eclipse.lsp4j.jsonrpc.services.JsonNotification("codeloop/status")
  public void codeloopStatus(com.google.gson.JsonObject params) {
    statuses.add(params);
  }

  final Map<String, String> texts = new ConcurrentHashMap<>();
  final Map<String, Integer> versions = new ConcurrentHashMap<>();
  final java.util.concurrent.atomic.AtomicInteger diagnosticRefreshes =
      new java.util.concurrent.atomic.AtomicInteger();
  volatile IntConsumer afterApply = n -> {};
  private volatile LanguageServer server;

  void connect(LanguageServer s) {
    this.server = s;
  }

  synchronized void open(String uri, String languageId, String text) {
    texts.put(uri, text);
    versions.put(uri, 1);
    server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, languageId, 1, text)));
  }

  /** The user types: the whole new text, sent as a full-document change. */
  synchronized void type(String uri, String newText) {
    int v = versions.merge(uri, 1, Integer::sum);
    texts.put(uri, newText);
    server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, v),
                List.of(new TextDocumentContentChangeEvent(newText))));
  }

  @Override
  public CompletableFuture<Void> refreshDiagnostics() {
    diagnosticRefreshes.incrementAndGet();
    return CompletableFuture.completedFuture(null);
  }

  String text(String uri) {
    return texts.get(uri);
  }

  @Override
  public synchronized CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(
      ApplyWorkspaceEditParams params) {
    applyEdits.add(params);
    var edit = params.getEdit();
    if (edit.getDocumentChanges() != null) {
      for (var change : edit.getDocumentChanges()) {
        if (change.isRight()) {
          continue; // CreateFile: nothing to do for an in-memory editor
        }
        var tde = change.getLeft();
        String uri = tde.getTextDocument().getUri();
        Integer want = tde.getTextDocument().getVersion();
        if (want != null && !want.equals(versions.get(uri))) {
          ApplyWorkspaceEditResponse refused = new ApplyWorkspaceEditResponse(false);
          refused.setFailureReason("version " + want + " is not " + versions.get(uri));
          return CompletableFuture.completedFuture(refused);
        }
        List<TextEdit> plain = new ArrayList<>();
        tde.getEdits().forEach(e -> plain.add(e.getLeft()));
        applyTo(uri, plain);
      }
    } else if (edit.getChanges() != null) {
      edit.getChanges().forEach(this::applyTo);
    }
    afterApply.accept(applyEdits.size());
    return CompletableFuture.completedFuture(new ApplyWorkspaceEditResponse(true));
  }

  private void applyTo(String uri, List<TextEdit> edits) {
    String text = texts.getOrDefault(uri, "");
    DocumentText t = DocumentText.of(text);
    List<int[]> ranges = new ArrayList<>();
    for (int i = 0; i < edits.size(); i++) {
      var r = edits.get(i).getRange();
      ranges.add(
          new int[] {
            t.offsetAt(
                new TextPosition(r.getStart().getLine(), r.getStart().getCharacter()),
                PositionEncoding.UTF16),
            t.offsetAt(
                new TextPosition(r.getEnd().getLine(), r.getEnd().getCharacter()),
                PositionEncoding.UTF16),
            i
          });
    }
    ranges.sort(Comparator.comparingInt((int[] r) -> r[0]).reversed());
    StringBuilder sb = new StringBuilder(text);
    for (int[] r : ranges) {
      sb.replace(r[0], r[1], edits.get(r[2]).getNewText());
    }
    if (versions.containsKey(uri)) {
      type(uri, sb.toString());
    } else {
      texts.put(uri, sb.toString());
    }
  }

  @Override
  public CompletableFuture<ShowDocumentResult> showDocument(ShowDocumentParams params) {
    shownDocuments.add(params);
    return CompletableFuture.completedFuture(new ShowDocumentResult(true));
  }

  @Override
  public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void notifyProgress(ProgressParams params) {
    progress.add(params);
  }

  @Override
  public void showMessage(MessageParams params) {
    messages.add(params);
  }

  @Override
  public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
    this.diagnostics.add(diagnostics);
  }
}
