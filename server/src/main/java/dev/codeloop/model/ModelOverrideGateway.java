package dev.codeloop.model;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Lets one command pick its model: while {@link #withModel} runs, every request made on that thread
 * that names no model of its own goes to the chosen one first (the task's route still follows as
 * fallback). The override is read when a request is started, so asynchronous work must start its
 * model requests inside {@code work} (a request started later from a callback runs without it). One
 * instance per session; no static state.
 */
public final class ModelOverrideGateway implements ModelGateway {
  private final ModelGateway delegate;
  private final ThreadLocal<String> override = new ThreadLocal<>();

  public ModelOverrideGateway(ModelGateway delegate) {
    this.delegate = delegate;
  }

  /** Runs {@code work} with {@code model} as the first choice of every model request it makes. */
  public <T> T withModel(String model, Supplier<T> work) {
    String previous = override.get();
    override.set(model);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        override.remove();
      } else {
        override.set(previous);
      }
    }
  }

  private ModelRequest apply(ModelRequest request) {
    String model = override.get();
    return model == null || request.modelOverride().isPresent()
        ? request
        : request.withModelOverride(model);
  }

  @Override
  public CompletableFuture<ModelReply> completeAsync(ModelRequest request, CancelChecker cancel) {
    return delegate.completeAsync(apply(request), cancel);
  }

  @Override
  public CompletableFuture<ModelReply> streamAsync(
      ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    return delegate.streamAsync(apply(request), cancel, onPartial);
  }

  @Override
  public RouteStatus status(Task task) {
    return delegate.status(task);
  }

  @Override
  public boolean usesWorkspaceContext(Task task) {
    return delegate.usesWorkspaceContext(task);
  }
}
