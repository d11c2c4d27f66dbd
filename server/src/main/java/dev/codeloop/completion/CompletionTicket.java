package dev.codeloop.completion;

import java.util.concurrent.CompletableFuture;

/**
 * Taken on the dispatch thread when a completion request arrives, in message order: a newer request
 * of the same kind for the same document (or any edit) cancels the previous ticket, which then
 * yields an empty result. A request of the other kind does not: editors ask for the ghost text and
 * the menu at the same keystroke, and both are wanted.
 */
public record CompletionTicket(String uri, Kind kind, CompletableFuture<Void> liveness) {

  /** Which editor request a completion answers. */
  public enum Kind {
    /** {@code textDocument/inlineCompletion}: the ghost text. */
    INLINE,
    /** {@code textDocument/completion}: the menu (its continuations come from the engine). */
    MENU;

    /** The document's pending-work key of this kind's latest request. */
    String pendingKey() {
      return this == INLINE ? "completion.inline" : "completion.menu";
    }
  }

  /** Whether a newer request or an edit made this request pointless. */
  public boolean isSuperseded() {
    return liveness.isCancelled();
  }
}
