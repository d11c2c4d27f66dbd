package dev.codeloop.lsp;

import dev.codeloop.completion.CompletionTicket;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextChange;
import dev.codeloop.document.TextPosition;
import dev.codeloop.lsp.handler.CodeActionHandler;
import dev.codeloop.lsp.handler.CodeActionResolveHandler;
import dev.codeloop.lsp.handler.CompletionHandler;
import dev.codeloop.lsp.handler.DocumentDiagnosticHandler;
import dev.codeloop.lsp.handler.InlineCompletionHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionList;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * Document sync goes straight to the {@link DocumentStore} (synchronous, cheap, keeps LSP
 * ordering); requests are routed to their handlers through the {@link RequestRunner}. No logic
 * lives here.
 */
public final class CodeloopTextDocumentService implements TextDocumentService {
  private final DocumentStore documents;
  private final RequestRunner requests;
  private final CodeActionHandler codeActions;
  private final CodeActionResolveHandler codeActionResolve;
  private final InlineCompletionHandler inlineCompletion;
  private final CompletionHandler completion;
  private final DocumentDiagnosticHandler diagnostics;

  public CodeloopTextDocumentService(
      DocumentStore documents,
      RequestRunner requests,
      InlineCompletionHandler inlineCompletion,
      CompletionHandler completion,
      CodeActionHandler codeActions,
      CodeActionResolveHandler codeActionResolve,
      DocumentDiagnosticHandler diagnostics) {
    this.diagnostics = diagnostics;
    this.documents = documents;
    this.requests = requests;
    this.inlineCompletion = inlineCompletion;
    this.completion = completion;
    this.codeActions = codeActions;
    this.codeActionResolve = codeActionResolve;
  }

  // --- completion: the ticket is taken here, in message order; the work starts on the request
  // executor and the response completes from a future (no thread waits for the debounce or the
  // model). A newer completion of the document or an edit answers it empty at once, also while it
  // still waits for a request thread (and a full queue then drops it).

  @Override
  public CompletableFuture<Either<List<InlineCompletionItem>, InlineCompletionList>>
      inlineCompletion(InlineCompletionParams params) {
    CompletionTicket ticket = inlineCompletion.begin(params);
    return requests.runAsync(
        "textDocument/inlineCompletion",
        cancel -> inlineCompletion.complete(params, ticket, cancel),
        ticket.liveness(),
        inlineCompletion::superseded);
  }

  @Override
  public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(
      CompletionParams params) {
    CompletionTicket ticket = completion.begin(params);
    return requests.runAsync(
        "textDocument/completion",
        cancel -> completion.complete(params, ticket, cancel),
        ticket.liveness(),
        completion::superseded);
  }

  // --- AI code actions: routed to their handlers ---

  @Override
  public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
    return requests.run(
        "textDocument/codeAction", cancel -> codeActions.codeActions(params, cancel));
  }

  @Override
  public CompletableFuture<CodeAction> resolveCodeAction(CodeAction unresolved) {
    return requests.runAsync(
        "codeAction/resolve", cancel -> codeActionResolve.resolveAsync(unresolved, cancel));
  }

  // --- pull diagnostics: what the checks and tests found, from the session's store ---

  @Override
  public CompletableFuture<DocumentDiagnosticReport> diagnostic(DocumentDiagnosticParams params) {
    return requests.run("textDocument/diagnostic", cancel -> diagnostics.diagnostic(params));
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    var doc = params.getTextDocument();
    documents.open(
        doc.getUri(),
        doc.getLanguageId(),
        doc.getVersion(),
        doc.getText() == null ? "" : doc.getText());
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    var id = params.getTextDocument();
    if (documents
        .change(
            id.getUri(),
            id.getVersion() == null ? 0 : id.getVersion(),
            toChanges(params.getContentChanges()))
        .isEmpty()) {
      // reported by the connection (the document is marked out of sync, the user told)
      throw new IllegalStateException("the document is not open");
    }
  }

  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    documents.close(params.getTextDocument().getUri());
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {
    documents.saved(params.getTextDocument().getUri(), params.getText());
  }

  static List<TextChange> toChanges(List<TextDocumentContentChangeEvent> events) {
    List<TextChange> out = new ArrayList<>(events.size());
    for (TextDocumentContentChangeEvent e : events) {
      String text = e.getText() == null ? "" : e.getText();
      if (e.getRange() == null) {
        out.add(TextChange.full(text));
      } else {
        out.add(TextChange.ranged(pos(e.getRange().getStart()), pos(e.getRange().getEnd()), text));
      }
    }
    return out;
  }

  static TextPosition pos(Position p) {
    return new TextPosition(p.getLine(), p.getCharacter());
  }
}
