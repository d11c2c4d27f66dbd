package dev.codeloop.concurrent;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Which session a piece of work belongs to, carried from the thread that submits a task to the
 * thread that runs it (the backend's executors wrap every task with {@link #wrap}). The session's
 * log handler uses it so each editor receives only its own log lines. One instance per backend; it
 * is the only holder of the thread-local (no static state).
 */
public final class TaskContext {
  private final ThreadLocal<String> current = new ThreadLocal<>();

  /** The session the current thread works for, if any. */
  public Optional<String> current() {
    return Optional.ofNullable(current.get());
  }

  /** Marks the current thread as working for {@code session} until {@link #clear()}. */
  public void enter(String session) {
    current.set(session);
  }

  public void clear() {
    current.remove();
  }

  /** Runs {@code work} on this thread as {@code session}'s, then restores what was there. */
  public <T> T call(@Nullable String session, Supplier<T> work) {
    String previous = current.get();
    set(session);
    try {
      return work.get();
    } finally {
      set(previous);
    }
  }

  /** Runs {@code work} on this thread as {@code session}'s, then restores what was there. */
  public void run(@Nullable String session, Runnable work) {
    call(
        session,
        () -> {
          work.run();
          return null;
        });
  }

  private void set(@Nullable String session) {
    if (session == null) {
      current.remove();
    } else {
      current.set(session);
    }
  }

  /** {@code task} bound to the session of the calling thread. */
  public Runnable wrap(Runnable task) {
    String session = current.get();
    return () -> run(session, task);
  }

  /**
   * {@code task} bound to the session of the calling thread (not through {@link #call}: a {@link
   * Callable} may throw checked exceptions).
   */
  public <T> Callable<T> wrap(Callable<T> task) {
    String session = current.get();
    return () -> {
      String previous = current.get();
      set(session);
      try {
        return task.call();
      } finally {
        set(previous);
      }
    };
  }
}
