package dev.codeloop.model.config;

import java.time.Duration;

/**
 * Circuit breaker per model: opens after {@code failureThreshold} consecutive failures and lets one
 * probe through after {@code coolDown}.
 */
public record BreakerSettings(int failureThreshold, Duration coolDown) {
  public static final BreakerSettings DEFAULT = new BreakerSettings(3, Duration.ofSeconds(30));
}
