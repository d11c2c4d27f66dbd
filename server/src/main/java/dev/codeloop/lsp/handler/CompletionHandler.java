package dev.codeloop.lsp.handler;

import dev.codeloop.completion.CompletionEngine;
import dev.codeloop.completion.CompletionQuery;
import dev.codeloop.completion.CompletionResult;
import dev.codeloop.completion.CompletionTicket;
import dev.codeloop.completion.CompletionTrigger;
import dev.codeloop.completion.context.CursorContext;
import dev.codeloop.completion.context.TextWindow;
import dev.codeloop.completion.list.CompletionMenu;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextPosition;
import dev.codeloop.lsp.convert.CompletionConverter;
import dev.codeloop.model.WordRanker.RankedWord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * {@code textDocument/completion} for clients without inline completion (Neovim before 0.12, eglot,
 * Helix): AI suggestions as plain-text items replacing the word typed so far, always {@code
 * isIncomplete} so that the client asks again as the user types (served from the cache).
 */
public final class CompletionHandler {
  private final CompletionEngine engine;
  private final DocumentStore documents;
  private final CompletionMenu menu;
  private final Supplier<List<String>> itemDefaults;

  /**
   * @param itemDefaults the completion list's item defaults the client reads ({@code
   *     textDocument.completion.completionList.itemDefaults})
   */
  public CompletionHandler(
      CompletionEngine engine,
      DocumentStore documents,
      CompletionMenu menu,
      Supplier<List<String>> itemDefaults) {
    this.engine = engine;
    this.documents = documents;
    this.menu = menu;
    this.itemDefaults = itemDefaults;
  }

  /** On the dispatch thread, in message order. */
  public CompletionTicket begin(CompletionParams params) {
    return engine.begin(params.getTextDocument().getUri(), CompletionTicket.Kind.MENU);
  }

  /**
   * The answer to a request superseded (by a newer completion of its document or an edit) before it
   * was answered: an empty list, incomplete, so that the client asks again.
   */
  public Either<List<CompletionItem>, CompletionList> superseded() {
    return Either.forRight(new CompletionList(true, List.of()));
  }

  /**
   * Asks the engine and converts its answer; nothing waits. Cancelling the returned future cancels
   * the engine's; the ticket is released when the engine is done.
   */
  public CompletableFuture<Either<List<CompletionItem>, CompletionList>> complete(
      CompletionParams params, CompletionTicket ticket, CancelChecker cancel) {
    String uri = params.getTextDocument().getUri();
    boolean invoked =
        params.getContext() == null
            || params.getContext().getTriggerKind() == CompletionTriggerKind.Invoked;
    TextPosition position = CompletionConverter.position(params.getPosition());
    CompletableFuture<CompletionResult> result;
    Optional<DocumentSnapshot> snapshot = documents.snapshot(uri);
    try {
      // the model's continuations first: they run on the model's threads while the words are
      // ranked here, instead of after them
      CompletionQuery query =
          new CompletionQuery(
              uri,
              position,
              invoked ? CompletionTrigger.INVOKED : CompletionTrigger.AUTOMATIC,
              Optional.empty(),
              invoked ? engine.settings().maxCandidates() : 1);
      result = engine.completeAsync(query, ticket, cancel);
    } catch (RuntimeException e) {
      engine.end(ticket);
      return CompletableFuture.failedFuture(e);
    }
    result.whenComplete((r, t) -> engine.end(ticket));
    List<RankedWord> words;
    try {
      // the words are ranked here, on the request executor, against this snapshot's version
      words =
          snapshot.map(s -> menu.words(s, s.offsetAt(position), invoked, cancel)).orElse(List.of());
    } catch (RuntimeException e) {
      result.cancel(true);
      return CompletableFuture.failedFuture(e);
    }
    int version = snapshot.map(DocumentSnapshot::version).orElse(DocumentSnapshot.NOT_OPEN);
    return Futures.cancelling(
        result.thenApply(
            r -> toList(r, words, version, uri, position, params.getPosition(), invoked)),
        result);
  }

  /**
   * The menu for the document version the words were ranked on; empty (and incomplete, so the
   * client asks again) when the document moved on meanwhile.
   */
  private Either<List<CompletionItem>, CompletionList> toList(
      CompletionResult result,
      List<RankedWord> words,
      int version,
      String uri,
      TextPosition position,
      Position cursorPosition,
      boolean invoked) {
    Optional<DocumentSnapshot> snapshot = documents.snapshot(uri);
    if (snapshot.isEmpty() || snapshot.get().version() != version) {
      return Either.forRight(new CompletionList(true, List.of()));
    }
    DocumentSnapshot snap = snapshot.get();
    int offset = snap.offsetAt(position);
    TextWindow window =
        TextWindow.around(
            snap.text(),
            offset,
            CompletionMenu.PREFIX_CHARS,
            CursorContext.LINES_BEFORE,
            0,
            CursorContext.LINES_AFTER,
            offset,
            null);
    CursorContext cursor = CursorContext.at(window.text(), window.offset(), snap.languageId());
    String typed = CompletionMenu.typedWord(window.text(), window.offset());
    Position wordStart = CompletionConverter.position(snap.positionAt(offset - typed.length()));
    List<CompletionMenu.Item> items =
        CompletionMenu.merge(words, result.isEmpty() ? List.of() : result.suggestions(), typed);
    return Either.forRight(
        CompletionConverter.menu(
            items, result, cursor, typed, wordStart, cursorPosition, invoked, itemDefaults.get()));
  }
}
