package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.config.BreakerSettings;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final MutableClock clock = new MutableClock();
  private final BreakerSettings settings = new BreakerSettings(3, Duration.ofSeconds(30));
  private final CircuitBreaker breaker = new CircuitBreaker(clock);

  @Test
  void should_stay_closed_below_the_threshold() {
    // when
    breaker.onFailure(Optional.empty(), settings);
    breaker.onFailure(Optional.empty(), settings);
    // then
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void should_open_after_consecutive_failures_and_let_one_probe_through_after_the_cool_down() {
    // given
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(Optional.empty(), settings);
    }
    // when / then
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).as("only one probe").isFalse();
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void should_reopen_when_the_probe_fails() {
    // given
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(Optional.empty(), settings);
    }
    clock.advance(Duration.ofSeconds(31));
    assertThat(breaker.tryAcquire()).isTrue();
    // when
    breaker.onFailure(Optional.empty(), settings);
    // then
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void should_reset_the_count_on_success() {
    // when
    breaker.onFailure(Optional.empty(), settings);
    breaker.onFailure(Optional.empty(), settings);
    breaker.onSuccess();
    breaker.onFailure(Optional.empty(), settings);
    breaker.onFailure(Optional.empty(), settings);
    // then
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void should_open_at_once_for_the_retry_after_time() {
    // when
    breaker.onFailure(Optional.of(Duration.ofSeconds(90)), settings);
    // then
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(60));
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofSeconds(31));
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void should_free_the_probe_slot_when_the_probe_is_abandoned() {
    // given
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(Optional.empty(), settings);
    }
    clock.advance(Duration.ofSeconds(31));
    assertThat(breaker.tryAcquire()).isTrue();
    // when
    breaker.onAbandoned();
    // then
    assertThat(breaker.tryAcquire()).isTrue();
  }
}
