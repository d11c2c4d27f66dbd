package dev.codeloop.lsp;

import dev.codeloop.completion.CompletionTicket;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextChange;
import dev.codeloop.document.TextPosition;
import dev.codeloop.lsp.handler.CompletionHandler;
import dev.codeloop.lsp.handler.InlineCompletionHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionList;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * Document sync goes straight to the {@link DocumentStore} (synchronous, cheap, keeps LSP ordering);
 * requests are routed to their handlers through the {@link RequestRunner}. No logic lives here.
 */
public final class CodeloopTextDocumentService implements TextDocumentService {
  private final DocumentStore documents;
  private final RequestRunner requests;
  private final Optional<InlineCompletionHandler> inlineCompletion;
  private final Optional<CompletionHandler> completion;

  public CodeloopTextDocumentService(DocumentStore documents, RequestRunner requests) {
    this(documents, requests, null, null);
  }

  /** With the completion handlers (either may be null: the method then answers empty). */
  public CodeloopTextDocumentService(
      DocumentStore documents,
      RequestRunner requests,
      InlineCompletionHandler inlineCompletion,
      CompletionHandler completion) {
    this.documents = documents;
    this.requests = requests;
    this.inlineCompletion = Optional.ofNullable(inlineCompletion);
    this.completion = Optional.ofNullable(completion);
  }

  // --- completion: the ticket is taken here, in message order; the work runs on the request executor.

  @Override
  public CompletableFuture<Either<List<InlineCompletionItem>, InlineCompletionList>> inlineCompletion(
      InlineCompletionParams params) {
    if (inlineCompletion.isEmpty()) {
      return CompletableFuture.completedFuture(Either.forRight(new InlineCompletionList(List.of())));
    }
    InlineCompletionHandler handler = inlineCompletion.get();
    CompletionTicket ticket = handler.begin(params);
    return requests.run("textDocument/inlineCompletion", cancel -> handler.complete(params, ticket, cancel));
  }

  @Override
  public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
    if (completion.isEmpty()) {
      return CompletableFuture.completedFuture(Either.forRight(new CompletionList(true, List.of())));
    }
    CompletionHandler handler = completion.get();
    CompletionTicket ticket = handler.begin(params);
    return requests.run("textDocument/completion", cancel -> handler.complete(params, ticket, cancel));
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    var doc = params.getTextDocument();
    documents.open(doc.getUri(), doc.getLanguageId(), doc.getVersion(), doc.getText() == null ? "" : doc.getText());
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    var id = params.getTextDocument();
    documents.change(id.getUri(), id.getVersion() == null ? 0 : id.getVersion(), toChanges(params.getContentChanges()));
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
