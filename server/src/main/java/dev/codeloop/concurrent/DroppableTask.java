package dev.codeloop.concurrent;

/**
 * A queued task that can become pointless before it starts: the request it works for was cancelled
 * by the editor, or superseded and already answered. A full queue of the server's pools drops such
 * tasks to make room instead of refusing a new one (see {@link AdmissionQueue}); a pool thread that
 * takes one anyway runs it, and it returns at once.
 */
public interface DroppableTask extends Runnable {
  /** True once running this task would be pointless: whoever waits for it was answered already. */
  boolean isAbandoned();

  /**
   * Called instead of {@link #run} when a full queue drops the task (on the thread that offered the
   * task that needed the room): completes whatever may still wait for it, so that everything is
   * answered exactly once. Nothing by default, for tasks whose requester was answered already.
   */
  default void dropped() {}
}
