package dev.codeloop.model;

import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The only thing features see of models. Implementations route the request to the configured
 * model(s), fall back, account and enforce deadlines. Calls block the calling thread (a request or
 * model worker, never the LSP dispatch thread) until a reply, a {@link ModelException}, or
 * cancellation ({@link java.util.concurrent.CancellationException} from the checker).
 */
public interface ModelGateway {

  ModelReply complete(ModelRequest request, CancelChecker cancel);

  /**
   * Streams the answer: {@code onPartial} receives text chunks in order as they arrive (from one
   * model: after a fallback, the chunks start again and {@code onPartial} gets {@link #RESTART}
   * first). Returns the full reply.
   */
  default ModelReply stream(
      ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    ModelReply reply = complete(request, cancel);
    onPartial.accept(reply.text());
    return reply;
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
