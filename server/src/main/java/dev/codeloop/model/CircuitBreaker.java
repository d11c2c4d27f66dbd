package dev.codeloop.model;

import dev.codeloop.model.config.BreakerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-model circuit breaker: closed; open after {@code failureThreshold} consecutive failures (or
 * at once on a 429 with {@code Retry-After}); after the cool-down, half-open lets exactly one probe
 * through, whose outcome closes or re-opens it.
 */
final class CircuitBreaker {
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final Clock clock;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openUntil = Instant.MIN;
  private boolean probeInFlight;

  CircuitBreaker(Clock clock) {
    this.clock = clock;
  }

  /** Whether a call may go to the model now; in half-open state only the first caller gets true. */
  synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (clock.instant().isBefore(openUntil)) {
          return false;
        }
        state = State.HALF_OPEN;
        probeInFlight = true;
        return true;
      case HALF_OPEN:
      default:
        if (probeInFlight) {
          return false;
        }
        probeInFlight = true;
        return true;
    }
  }

  synchronized void onSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    probeInFlight = false;
  }

  /**
   * Records a failure that says something about the model (not about the request).
   *
   * @param settings the threshold and cool-down of the session whose call failed (the breaker's
   *     state is shared by every session that reaches the same model; its limits are each session's
   *     own)
   */
  synchronized void onFailure(Optional<Duration> retryAfter, BreakerSettings settings) {
    consecutiveFailures++;
    probeInFlight = false;
    Instant now = clock.instant();
    if (retryAfter.isPresent()) {
      open(now.plus(retryAfter.get()));
    } else if (state == State.HALF_OPEN || consecutiveFailures >= settings.failureThreshold()) {
      open(now.plus(settings.coolDown()));
    }
  }

  /** A call that was given the go-ahead ended without telling anything (e.g. cancelled). */
  synchronized void onAbandoned() {
    if (state == State.HALF_OPEN) {
      probeInFlight = false;
    }
  }

  private void open(Instant until) {
    state = State.OPEN;
    if (until.isAfter(openUntil) || openUntil.isBefore(clock.instant())) {
      openUntil = until;
    }
  }

  synchronized State state() {
    if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
      return State.HALF_OPEN;
    }
    return state;
  }

  /** When an open breaker lets a probe through. */
  synchronized Optional<Instant> openUntil() {
    return state == State.OPEN ? Optional.of(openUntil) : Optional.empty();
  }

  /** Whether a failure of this kind counts against the model's health. */
  static boolean countsAgainstModel(ModelException.Kind kind) {
    switch (kind) {
      case TIMEOUT:
      case CONNECTION:
      case RATE_LIMITED:
      case AUTHENTICATION:
      case SERVER_ERROR:
      case MALFORMED_REPLY:
        return true;
      default:
        return false;
    }
  }
}
