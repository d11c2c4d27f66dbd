package dev.codeloop.lsp;

import dev.codeloop.model.ModelActivity;
import dev.codeloop.model.ModelException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code codeloop/status} (docs/LSP-EXTENSIONS.md) to a client that asked for it: the state
 * of the session (ready, busy, offline, authenticationFailed, untrusted, error), the active model,
 * the model calls in flight and a sentence. Sent after {@code initialized} and on every change —
 * model calls starting and ending, trust changing, a failure — coalesced to at most one
 * notification per {@link #MIN_INTERVAL} on the scheduler, and only when it differs from the last
 * one sent. Never waits.
 */
public final class StatusNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(StatusNotifier.class);

  /** At most ~10 notifications a second. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  private final SessionContext context;
  private final ModelActivity activity;
  private final BooleanSupplier trusted;
  private final Supplier<Optional<String>> defaultModel;
  private final ScheduledExecutorService scheduler;
  private final Object lock = new Object();
  private boolean started;
  private ScheduledFuture<?> pending;
  private long lastSentNanos;
  private CodeloopClient.StatusParams lastSent;

  /**
   * @param defaultModel the model shown before any call answered (the first of the completion
   *     route)
   */
  public StatusNotifier(
      SessionContext context,
      ModelActivity activity,
      BooleanSupplier trusted,
      Supplier<Optional<String>> defaultModel,
      ScheduledExecutorService scheduler) {
    this.context = context;
    this.activity = activity;
    this.trusted = trusted;
    this.defaultModel = defaultModel;
    this.scheduler = scheduler;
    activity.onChange(s -> changed());
  }

  /** After {@code initialized}: from now on a client that asked for it gets the status. */
  public void start() {
    synchronized (lock) {
      started = context.capabilities().codeloopStatus();
    }
    changed();
  }

  /** Something the status shows may have changed: send it (coalesced). */
  public void changed() {
    synchronized (lock) {
      if (!started || pending != null) {
        return;
      }
      long wait = Math.max(0, lastSentNanos + MIN_INTERVAL.toNanos() - System.nanoTime());
      pending = scheduler.schedule(this::send, wait, TimeUnit.NANOSECONDS);
    }
  }

  private void send() {
    CodeloopClient.StatusParams params;
    synchronized (lock) {
      // cleared before the status is read: a change from here on schedules another send, so
      // none is lost between reading the status and sending it
      pending = null;
      params = current();
      if (params.equals(lastSent)) {
        return;
      }
      lastSent = params;
      lastSentNanos = System.nanoTime();
    }
    try {
      context.statusClient().ifPresent(c -> c.status(params));
    } catch (RuntimeException e) {
      LOG.debug("codeloop/status not sent: {}", e.toString());
    }
  }

  /** The status now. */
  public CodeloopClient.StatusParams current() {
    ModelActivity.Snapshot s = activity.snapshot();
    String model = s.lastModel().or(defaultModel).orElse(null);
    Optional<ModelException> failure = s.lastFailure();
    if (failure.isPresent() && failure.get().kind() == ModelException.Kind.AUTHENTICATION) {
      return new CodeloopClient.StatusParams(
          "authenticationFailed",
          failure.get().model() != null ? failure.get().model() : model,
          s.inFlight(),
          "The model refused the API key: check the key (see Codeloop: Doctor).");
    }
    if (failure.isPresent()
        && (failure.get().kind() == ModelException.Kind.CONNECTION
            || failure.get().kind() == ModelException.Kind.TIMEOUT)) {
      return new CodeloopClient.StatusParams(
          "offline",
          model,
          s.inFlight(),
          "The model cannot be reached: " + failure.get().getMessage());
    }
    if (s.inFlight() > 0) {
      return new CodeloopClient.StatusParams("busy", model, s.inFlight(), null);
    }
    if (failure.isPresent()) {
      return new CodeloopClient.StatusParams(
          "error", model, 0, "The last model request failed: " + failure.get().getMessage());
    }
    if (!trusted.getAsBoolean()) {
      return new CodeloopClient.StatusParams(
          "untrusted",
          model,
          0,
          "This workspace is not trusted: its settings are limited and its checks and tests do"
              + " not run (command codeloop.trustWorkspace).");
    }
    return new CodeloopClient.StatusParams("ready", model, 0, null);
  }
}
