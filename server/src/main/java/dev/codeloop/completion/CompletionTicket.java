package dev.codeloop.completion;

import java.util.concurrent.CompletableFuture;

/**
 * Taken on the dispatch thread when a completion request arrives, in message order: a newer request
 * for the same document (or any edit) cancels the previous ticket, which then yields an empty
 * result.
 */
public record CompletionTicket(String uri, CompletableFuture<Void> liveness) {

  /** Whether a newer request or an edit made this request pointless. */
  public boolean isSuperseded() {
    return liveness.isCancelled();
  }
}
