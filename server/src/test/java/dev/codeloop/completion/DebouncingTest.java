package dev.codeloop.completion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.context.CursorContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DebouncingTest {
  private final Debouncing debouncing = new Debouncing();

  private Duration delay(String line) {
    return debouncing.delayFor(CursorContext.at(line, line.length(), "java"), 90);
  }

  @Test
  void should_wait_less_after_trigger_characters_and_more_mid_word() {
    assertThat(delay("foo.")).isEqualTo(Duration.ofMillis(30));
    assertThat(delay("    ")).isEqualTo(Duration.ofMillis(45));
    assertThat(delay("int fo")).isEqualTo(Duration.ofMillis(90));
    assertThat(debouncing.delayFor(CursorContext.at("int fo;", 6, "java"), 90))
        .isEqualTo(Duration.ofMillis(180));
  }

  @Test
  void should_give_up_when_superseded() {
    // given
    CompletionTicket ticket = new CompletionTicket("u", new CompletableFuture<>());
    CompletableFuture.runAsync(
        () -> ticket.liveness().cancel(false),
        CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS));

    // when
    long start = System.nanoTime();
    boolean quiet = debouncing.await(ticket, Duration.ofSeconds(5), () -> {});

    // then
    assertThat(quiet).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void should_pass_after_quiet_period() {
    CompletionTicket ticket = new CompletionTicket("u", new CompletableFuture<>());
    assertThat(debouncing.await(ticket, Duration.ofMillis(10), () -> {})).isTrue();
  }
}
