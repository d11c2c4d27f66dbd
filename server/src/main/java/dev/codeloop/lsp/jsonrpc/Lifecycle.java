package dev.codeloop.lsp.jsonrpc;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The LSP lifecycle of one session: which messages are allowed now. Transitions happen on the
 * dispatch thread when {@code initialize}, {@code shutdown} and {@code exit} arrive.
 */
public final class Lifecycle {
  public enum State {
    NOT_INITIALIZED,
    INITIALIZED,
    SHUT_DOWN,
    EXITED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.NOT_INITIALIZED);

  public State state() {
    return state.get();
  }

  /** Returns false if the session was already initialized (a second {@code initialize}). */
  public boolean markInitialized() {
    return state.compareAndSet(State.NOT_INITIALIZED, State.INITIALIZED);
  }

  /** Returns false if already shut down. */
  public boolean markShutDown() {
    return state.compareAndSet(State.INITIALIZED, State.SHUT_DOWN);
  }

  /** The exit code for the current state: 0 once {@code shutdown} was received, else 1. */
  public int exitCode() {
    return exitedAfterShutdown ? 0 : state.get() == State.SHUT_DOWN ? 0 : 1;
  }

  private volatile boolean exitedAfterShutdown;

  /**
   * Marks the session exited; returns the process exit code the spec asks for (0 after shutdown).
   */
  public int markExited() {
    State previous = state.getAndSet(State.EXITED);
    exitedAfterShutdown = previous == State.SHUT_DOWN;
    return exitedAfterShutdown ? 0 : 1;
  }
}
