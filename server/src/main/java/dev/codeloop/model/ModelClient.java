package dev.codeloop.model;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One configured model, as the router sees it. Implementations block the calling (model executor)
 * thread, throw {@link ModelException} with the failure kind, and stop promptly once {@code
 * control} is cancelled. Test fakes implement this directly; the real ones live in {@code
 * dev.codeloop.model.langchain4j} and {@link EmbeddedModelClient}.
 */
public interface ModelClient {

  /**
   * Runs the call. For a chat call with {@code onPartial} non-null, text chunks are pushed as they
   * arrive (when the model streams); the returned output holds the whole text either way.
   */
  ModelOutput call(ModelCall call, CallControl control, @Nullable Consumer<String> onPartial);

  /** Releases connections; the client is not used afterwards. */
  default void close() {}
}
