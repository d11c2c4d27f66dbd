package dev.codeloop.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After bulk work the heap is trimmed once, and never more often than the minimum interval; the
 * watch over bulk work starts once and stops with the trimmer.
 */
class HeapTrimmerTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger collections = new AtomicInteger();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final HeapTrimmer trimmer = trimmer(Runnable::run, Optional::empty);

  /** A trimmer that runs its work on {@code worker}, collects at once, and at most hourly. */
  private HeapTrimmer trimmer(
      Executor worker, Supplier<Optional<? extends AutoCloseable>> watchFactory) {
    return new HeapTrimmer(
        scheduler,
        worker,
        Duration.ZERO,
        Duration.ofHours(1),
        collections::incrementAndGet,
        now::get,
        watchFactory);
  }

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void should_collect_once_after_a_request() throws Exception {
    // when
    trimmer.request();

    // then
    assertThat(trimmer.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(collections.get()).isEqualTo(1);
    assertThat(trimmer.runs()).isEqualTo(1);
  }

  @Test
  void should_defer_a_request_within_the_minimum_interval_until_it_has_passed() throws Exception {
    // given: one collection just ran
    trimmer.request();
    assertThat(trimmer.awaitIdle(Duration.ofSeconds(10))).isTrue();

    // when: more bulk work ends at once, twice
    trimmer.request();
    trimmer.request();

    // then: nothing now (the next is due an hour after the last)
    assertThat(trimmer.awaitIdle(Duration.ofMillis(200))).isFalse();
    assertThat(collections.get()).isEqualTo(1);

    // when: an hour later
    now.addAndGet(Duration.ofHours(1).toNanos());
    trimmer.request();

    // then: one more collection, the deferred requests coalesced into it
    assertThat(trimmer.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(collections.get()).isEqualTo(2);
  }

  @Test
  void should_start_the_watch_once_and_stop_it_when_closed() {
    // given
    AtomicInteger started = new AtomicInteger();
    AtomicInteger stopped = new AtomicInteger();
    HeapTrimmer watching =
        trimmer(
            Runnable::run,
            () -> {
              started.incrementAndGet();
              return Optional.<AutoCloseable>of(stopped::incrementAndGet);
            });
    assertThat(watching.watching()).isFalse();

    // when: two sessions initialized
    watching.watch();
    watching.watch();

    // then
    assertThat(started.get()).isEqualTo(1);
    assertThat(watching.watching()).isTrue();

    // when
    watching.close();
    watching.watch();

    // then: stopped, and not started again
    assertThat(stopped.get()).isEqualTo(1);
    assertThat(started.get()).isEqualTo(1);
    assertThat(watching.watching()).isFalse();
  }

  @Test
  void should_watch_nothing_where_no_watch_applies() {
    // when: the trimmer of tests (no watch)
    trimmer.watch();

    // then
    assertThat(trimmer.watching()).isFalse();
    trimmer.close();
  }

  @Test
  void should_leave_the_heap_unwatched_when_the_worker_refuses() {
    // given: a worker that refuses everything (a backend shutting down)
    AtomicInteger started = new AtomicInteger();
    HeapTrimmer refused =
        trimmer(
            r -> {
              throw new RejectedExecutionException("shut down");
            },
            () -> {
              started.incrementAndGet();
              return Optional.<AutoCloseable>of(() -> {});
            });

    // when / then: no exception reaches the caller (the session's initialized handler)
    refused.watch();
    assertThat(refused.watching()).isFalse();
    assertThat(started.get()).isZero();
  }
}
