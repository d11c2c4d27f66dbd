package dev.codeloop.model;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * A session's view of its model calls, for the status an editor shows: how many run now, which
 * model answered last, and how the last call ended. A {@link ModelGateway} in front of the
 * session's gateway; it only observes (the request and reply pass unchanged) and tells one listener
 * each time a call starts or ends. Never waits.
 */
public final class ModelActivity implements ModelGateway {
  /** What the status shows of the calls. */
  public record Snapshot(
      int inFlight, Optional<String> lastModel, Optional<ModelException> lastFailure) {}

  private final ModelGateway delegate;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicReference<String> lastModel = new AtomicReference<>();
  private final AtomicReference<ModelException> lastFailure = new AtomicReference<>();
  private volatile Consumer<Snapshot> listener = s -> {};

  public ModelActivity(ModelGateway delegate) {
    this.delegate = delegate;
  }

  /** The one listener (the session's status notifier); called on the thread a call starts/ends. */
  public void onChange(Consumer<Snapshot> listener) {
    this.listener = listener;
  }

  public Snapshot snapshot() {
    return new Snapshot(
        inFlight.get(),
        Optional.ofNullable(lastModel.get()),
        Optional.ofNullable(lastFailure.get()));
  }

  @Override
  public CompletableFuture<ModelReply> completeAsync(ModelRequest request, CancelChecker cancel) {
    return observe(() -> delegate.completeAsync(request, cancel));
  }

  @Override
  public CompletableFuture<ModelReply> streamAsync(
      ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    return observe(() -> delegate.streamAsync(request, cancel, onPartial));
  }

  private CompletableFuture<ModelReply> observe(
      java.util.function.Supplier<CompletableFuture<ModelReply>> call) {
    inFlight.incrementAndGet();
    changed();
    CompletableFuture<ModelReply> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      ended(null, e);
      throw e;
    }
    f.whenComplete(this::ended);
    return f;
  }

  private void ended(ModelReply reply, Throwable failure) {
    inFlight.decrementAndGet();
    if (reply != null) {
      lastModel.set(reply.model());
      lastFailure.set(null);
    } else {
      Throwable t = failure;
      while (t instanceof CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      if (t instanceof ModelException m
          && m.kind() != ModelException.Kind.OVERLOADED
          && m.kind() != ModelException.Kind.EMPTY_REPLY) {
        lastFailure.set(m);
      }
    }
    changed();
  }

  private void changed() {
    try {
      listener.accept(snapshot());
    } catch (RuntimeException ignored) {
      // the status is a courtesy; a call never fails because of it
    }
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
