package dev.codeloop.concurrent;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor that runs each task with the {@link TaskContext} of the thread that submitted it, on
 * a delegate pool. Shutting it down shuts the delegate down.
 */
sealed class ContextExecutorService extends AbstractExecutorService
    permits ContextScheduledExecutorService {
  private final ExecutorService delegate;
  final TaskContext context;

  ContextExecutorService(ExecutorService delegate, TaskContext context) {
    this.delegate = delegate;
    this.context = context;
  }

  @Override
  public void execute(Runnable command) {
    Runnable wrapped = context.wrap(command);
    if (command instanceof DroppableTask d) {
      // still droppable from a full queue once wrapped
      delegate.execute(
          new DroppableTask() {
            @Override
            public void run() {
              wrapped.run();
            }

            @Override
            public boolean isAbandoned() {
              return d.isAbandoned();
            }

            @Override
            public void dropped() {
              d.dropped();
            }
          });
    } else {
      delegate.execute(wrapped);
    }
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }
}
