package dev.codeloop.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The work queue of a bounded pool: at most {@code capacity} tasks wait. When it is full, the tasks
 * that became pointless while they waited ({@link DroppableTask#isAbandoned()}: cancelled by the
 * editor, superseded by a newer completion) are dropped to make room, and only when none is left is
 * the new task refused ({@code RejectedExecutionException}). Cancelled requests then no longer fill
 * the queue during a burst (16 editors typing into a cold server: most completions are superseded
 * before a thread takes them). Nodes are allocated per task, so an idle queue costs nothing.
 */
final class AdmissionQueue extends LinkedBlockingQueue<Runnable> {
  private static final long serialVersionUID = 1L;

  AdmissionQueue(int capacity) {
    super(capacity);
  }

  @Override
  public boolean offer(Runnable task) {
    if (super.offer(task)) {
      return true;
    }
    List<DroppableTask> dropped = new ArrayList<>();
    removeIf(
        queued -> {
          if (queued instanceof DroppableTask d && d.isAbandoned()) {
            dropped.add(d);
            return true;
          }
          return false;
        });
    for (DroppableTask d : dropped) {
      d.dropped();
    }
    return super.offer(task);
  }
}
