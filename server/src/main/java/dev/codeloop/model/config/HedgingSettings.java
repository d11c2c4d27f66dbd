package dev.codeloop.model.config;

import java.time.Duration;

/**
 * Hedged completion requests: when the first model of the completion route has not answered after
 * {@code delay}, the next one is started as well and the first good answer wins.
 */
public record HedgingSettings(boolean enabled, Duration delay) {
  public static final HedgingSettings OFF = new HedgingSettings(false, Duration.ofMillis(300));
}
