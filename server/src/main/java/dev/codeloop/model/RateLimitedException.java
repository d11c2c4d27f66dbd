package dev.codeloop.model;

import java.time.Duration;
import java.util.Optional;

/** HTTP 429: the model asks to be left alone, possibly for a given time ({@code Retry-After}). */
public class RateLimitedException extends ModelException {
  private static final long serialVersionUID = 1L;
  private final transient Optional<Duration> retryAfter;

  public RateLimitedException(String model, String message, Optional<Duration> retryAfter) {
    super(Kind.RATE_LIMITED, model, message);
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter == null ? Optional.empty() : retryAfter;
  }
}
