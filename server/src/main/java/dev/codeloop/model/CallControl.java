package dev.codeloop.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The cancellation signal of one model call: the router trips it on deadline, on the user's
 * cancellation or when a hedged call lost; clients register what stops their work (e.g. closing a
 * stream).
 */
public final class CallControl {
  private final List<Runnable> onCancel = new ArrayList<>();
  private boolean cancelled;

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Runs {@code action} on cancellation (at once if already cancelled). */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        onCancel.add(action);
        return;
      }
    }
    action.run();
  }

  public void cancel() {
    List<Runnable> actions;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      actions = List.copyOf(onCancel);
      onCancel.clear();
    }
    for (Runnable a : actions) {
      try {
        a.run();
      } catch (RuntimeException e) {
        // cancelling is best effort
      }
    }
  }
}
