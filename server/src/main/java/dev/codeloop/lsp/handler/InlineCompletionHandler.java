package dev.codeloop.lsp.handler;

import dev.codeloop.completion.CompletionEngine;
import dev.codeloop.completion.CompletionQuery;
import dev.codeloop.completion.CompletionResult;
import dev.codeloop.completion.CompletionTicket;
import dev.codeloop.completion.CompletionTrigger;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.lsp.convert.CompletionConverter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionList;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.SelectedCompletionInfo;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code textDocument/inlineCompletion} (LSP 3.18): Invoked → up to {@code
 * completion.maxCandidates} items to cycle through, Automatic → one; with {@code
 * selectedCompletionInfo} the items extend the selected item over its range. Every item carries the
 * accept command.
 */
public final class InlineCompletionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(InlineCompletionHandler.class);

  private final CompletionEngine engine;

  public InlineCompletionHandler(CompletionEngine engine) {
    this.engine = engine;
  }

  /** On the dispatch thread, in message order. */
  public CompletionTicket begin(InlineCompletionParams params) {
    return engine.begin(params.getTextDocument().getUri(), CompletionTicket.Kind.INLINE);
  }

  /**
   * The answer to a request superseded (by a newer completion of its document or an edit) before it
   * was answered: no items, as the engine answers one superseded while it works.
   */
  public Either<List<InlineCompletionItem>, InlineCompletionList> superseded() {
    return Either.forRight(new InlineCompletionList(List.of()));
  }

  /**
   * Asks the engine and converts its answer; nothing waits. Cancelling the returned future cancels
   * the engine's; the ticket is released when the engine is done.
   */
  public CompletableFuture<Either<List<InlineCompletionItem>, InlineCompletionList>> complete(
      InlineCompletionParams params, CompletionTicket ticket, CancelChecker cancel) {
    InlineCompletionContext context = params.getContext();
    boolean invoked =
        context != null && context.getTriggerKind() == InlineCompletionTriggerKind.Invoked;
    Optional<SelectedCompletionInfo> selected =
        Optional.ofNullable(context).map(InlineCompletionContext::getSelectedCompletionInfo);
    CompletableFuture<CompletionResult> result;
    try {
      CompletionQuery query =
          new CompletionQuery(
              params.getTextDocument().getUri(),
              CompletionConverter.position(params.getPosition()),
              invoked ? CompletionTrigger.REQUESTED : CompletionTrigger.AUTOMATIC,
              selected.flatMap(CompletionConverter::selected),
              invoked ? engine.settings().maxCandidates() : 1);
      result = engine.completeAsync(query, ticket, cancel);
    } catch (RuntimeException e) {
      engine.end(ticket);
      return CompletableFuture.failedFuture(e);
    }
    result.whenComplete(
        (r, t) -> {
          engine.end(ticket);
          if (LOG.isDebugEnabled()) {
            LOG.debug(
                "inline completion {}:{}:{} ({}) -> {}",
                params.getTextDocument().getUri(),
                params.getPosition().getLine(),
                params.getPosition().getCharacter(),
                invoked ? "invoked" : "automatic",
                t != null ? t.toString() : r.suggestions().size() + " suggestion(s)");
          }
        });
    return Futures.cancelling(
        result.thenApply(
            r ->
                Either.<List<InlineCompletionItem>, InlineCompletionList>forRight(
                    CompletionConverter.inline(r, params.getPosition(), selected))),
        result);
  }
}
