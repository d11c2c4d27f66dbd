package dev.codeloop.completion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.context.CursorContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DebouncingTest {
  private final Debouncing debouncing = new Debouncing();
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

  DebouncingTest() {
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

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
  void should_give_up_at_once_when_superseded() throws Exception {
    // given
    CompletionTicket ticket =
        new CompletionTicket("u", CompletionTicket.Kind.INLINE, new CompletableFuture<>());
    CompletableFuture<Boolean> quiet =
        debouncing.quietPeriod(ticket, Duration.ofSeconds(5), scheduler);

    // when
    ticket.liveness().cancel(false);

    // then: answered on the cancelling thread, the timer gone
    assertThat(quiet).isCompletedWithValue(false);
    assertThat(scheduler.getQueue()).isEmpty();
  }

  @Test
  void should_pass_after_quiet_period_without_a_waiting_thread() throws Exception {
    // given
    CompletionTicket ticket =
        new CompletionTicket("u", CompletionTicket.Kind.INLINE, new CompletableFuture<>());

    // when
    CompletableFuture<Boolean> quiet =
        debouncing.quietPeriod(ticket, Duration.ofMillis(500), scheduler);

    // then: pending on a timer, then true
    assertThat(quiet).isNotDone();
    assertThat(quiet.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void should_cancel_the_timer_when_the_quiet_period_is_cancelled() {
    // given
    CompletionTicket ticket =
        new CompletionTicket("u", CompletionTicket.Kind.INLINE, new CompletableFuture<>());
    CompletableFuture<Boolean> quiet =
        debouncing.quietPeriod(ticket, Duration.ofSeconds(5), scheduler);

    // when
    quiet.cancel(false);

    // then
    assertThat(scheduler.getQueue()).isEmpty();
  }

  @Test
  void should_pass_at_once_without_delay() {
    CompletionTicket ticket =
        new CompletionTicket("u", CompletionTicket.Kind.INLINE, new CompletableFuture<>());
    assertThat(debouncing.quietPeriod(ticket, Duration.ZERO, scheduler)).isCompletedWithValue(true);
  }
}
