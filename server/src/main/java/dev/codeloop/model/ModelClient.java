package dev.codeloop.model;

import dev.codeloop.concurrent.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One configured model, as the router sees it. {@link #callAsync} never blocks the caller: it
 * returns a future completed with the output, or failed with a {@link ModelException} of the
 * failure kind. Implementations stop promptly once {@code control} is cancelled (a cancelled call
 * may complete with anything: the router has stopped listening). Test fakes implement this directly
 * or adapt a blocking body with {@link #blocking}; the real ones live in {@code
 * dev.codeloop.model.langchain4j} and {@link EmbeddedModelClient}.
 */
public interface ModelClient {

  /**
   * Starts the call. For a chat call with {@code onPartial} non-null, text chunks are pushed as
   * they arrive (when the model streams); the output holds the whole text either way.
   */
  CompletableFuture<ModelOutput> callAsync(
      ModelCall call, CallControl control, @Nullable Consumer<String> onPartial);

  /**
   * Runs the call and waits for it: for tests and tools only, never on the request path. Throws the
   * call's {@link ModelException} unwrapped.
   */
  default ModelOutput call(
      ModelCall call, CallControl control, @Nullable Consumer<String> onPartial) {
    return Futures.join(Futures.now(() -> callAsync(call, control, onPartial)));
  }

  /**
   * Prepares for the first call without sending anything to the model: builds what the call will
   * need (HTTP client, provider model), exercises its local code (request body, reply parsing) and,
   * where the client can, opens a connection to the endpoint, so that the first real call does not
   * pay for class loading or handshakes inside its deadline. Blocking; run it on a background
   * executor, never on the request path. Failures are the caller's to ignore. The future completes
   * (never exceptionally) when the connection's opening exchange ended or failed: nothing waits for
   * it but a caller that needs the connection in place (a test).
   */
  default CompletableFuture<Void> warmUp() {
    return CompletableFuture.completedFuture(null);
  }

  /** Releases connections; the client is not used afterwards. */
  default void close() {}

  /** A call body that blocks its thread. */
  @FunctionalInterface
  interface Blocking {
    ModelOutput call(ModelCall call, CallControl control, @Nullable Consumer<String> onPartial);
  }

  /**
   * Adapts a blocking body: each call runs on {@code executor} (given explicitly; never the common
   * pool), so the caller does not wait. A rejected task fails the future with the rejection.
   */
  static ModelClient blocking(Executor executor, Blocking body) {
    return (call, control, onPartial) ->
        CompletableFuture.supplyAsync(() -> body.call(call, control, onPartial), executor);
  }
}
