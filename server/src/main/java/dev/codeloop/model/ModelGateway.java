package dev.codeloop.model;

import dev.codeloop.concurrent.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The only thing features see of models. Implementations route the request to the configured
 * model(s), fall back, account and enforce deadlines. The asynchronous methods are primary: they
 * return at once with a future that completes with the reply, fails with a {@link ModelException},
 * or fails with a {@link java.util.concurrent.CancellationException} once {@code cancel} trips or
 * the future is cancelled (which stops the model calls in flight). No thread waits for a model.
 */
public interface ModelGateway {

  CompletableFuture<ModelReply> completeAsync(ModelRequest request, CancelChecker cancel);

  /**
   * Streams the answer: {@code onPartial} receives text chunks in order as they arrive (from one
   * model: after a fallback, the chunks start again and {@code onPartial} gets {@link #RESTART}
   * first). The future holds the full reply.
   */
  default CompletableFuture<ModelReply> streamAsync(
      ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    return completeAsync(request, cancel)
        .thenApply(
            reply -> {
              onPartial.accept(reply.text());
              return reply;
            });
  }

  /**
   * Waits for {@link #completeAsync}: for tests and tools only, never on the request path. Throws
   * the failure unwrapped.
   */
  default ModelReply complete(ModelRequest request, CancelChecker cancel) {
    return Futures.join(Futures.now(() -> completeAsync(request, cancel)));
  }

  /** Waits for {@link #streamAsync}: for tests and tools only, never on the request path. */
  default ModelReply stream(
      ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    return Futures.join(Futures.now(() -> streamAsync(request, cancel, onPartial)));
  }

  /**
   * Whether a request for the task may reach a model that reads context gathered from other files
   * (any chat or FIM model). {@code false} when only the embedded model serves it: it learns the
   * workspace itself and ignores snippets, so callers can skip gathering them.
   */
  default boolean usesWorkspaceContext(Task task) {
    return true;
  }

  /** Whether some model can serve the task (used to disable code actions, not to route). */
  RouteStatus status(Task task);

  /** Sent to stream consumers when a fallback model starts over. */
  String RESTART = "\u0000restart";

  /**
   * Whether a task is served, and if not why (a user-facing sentence saying how to configure one).
   */
  record RouteStatus(boolean usable, String reason) {
    public static RouteStatus ok() {
      return new RouteStatus(true, "");
    }

    public static RouteStatus unusable(String reason) {
      return new RouteStatus(false, reason);
    }
  }
}
