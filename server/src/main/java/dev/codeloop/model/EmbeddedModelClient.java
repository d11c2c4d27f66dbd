package dev.codeloop.model;

import dev.codeloop.concurrent.DroppableTask;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Adapts the in-process {@link LocalCompletionModel} to the router: FIM only. The model's search is
 * CPU work: it runs on the executor given (the embedded/background pool), never on the caller.
 */
final class EmbeddedModelClient implements ModelClient {
  private final String name;
  private final LocalCompletionModel model;
  private final Executor executor;

  EmbeddedModelClient(String name, LocalCompletionModel model, Executor executor) {
    this.name = name;
    this.model = model;
    this.executor = executor;
  }

  @Override
  public CompletableFuture<ModelOutput> callAsync(
      ModelCall call, CallControl control, @Nullable Consumer<String> onPartial) {
    if (call.fim().isEmpty()) {
      return CompletableFuture.failedFuture(unsupported());
    }
    CompletableFuture<ModelOutput> out = new CompletableFuture<>();
    // a full queue drops the search once its caller gave up on it (a superseded completion)
    executor.execute(
        new DroppableTask() {
          @Override
          public void run() {
            try {
              out.complete(EmbeddedModelClient.this.run(call, control));
            } catch (Throwable t) {
              out.completeExceptionally(t);
            }
          }

          @Override
          public boolean isAbandoned() {
            return control.isCancelled();
          }

          @Override
          public void dropped() {
            out.completeExceptionally(new CancellationException("dropped from the queue"));
          }
        });
    return out;
  }

  private ModelException unsupported() {
    return new ModelException(
        ModelException.Kind.UNSUPPORTED,
        name,
        "the embedded model only completes code; configure a chat model (see 'models' and"
            + " 'routes' in the settings) for this feature");
  }

  private ModelOutput run(ModelCall call, CallControl control) {
    if (control.isCancelled()) {
      throw new CancellationException("cancelled");
    }
    List<String> texts =
        model.complete(
            call.fim().get(),
            call.candidates(),
            () -> {
              if (control.isCancelled()) {
                throw new CancellationException();
              }
            });
    if (texts.isEmpty() || texts.stream().allMatch(String::isBlank)) {
      throw new ModelException(
          ModelException.Kind.EMPTY_REPLY, name, "the embedded model has no confident suggestion");
    }
    return new ModelOutput(texts, ModelReply.TokenUsage.UNKNOWN);
  }
}
