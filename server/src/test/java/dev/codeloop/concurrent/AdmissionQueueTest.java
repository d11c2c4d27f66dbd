package dev.codeloop.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdmissionQueueTest {
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new AdmissionQueue(2));
  private final List<String> ran = new ArrayList<>();

  @AfterEach
  void close() {
    pool.shutdownNow();
  }

  /** A task that records its name when run, and when dropped. */
  private final class Task implements DroppableTask {
    final String name;
    final AtomicBoolean abandoned = new AtomicBoolean();
    final AtomicBoolean dropped = new AtomicBoolean();

    Task(String name) {
      this.name = name;
    }

    @Override
    public void run() {
      synchronized (ran) {
        ran.add(name);
      }
    }

    @Override
    public boolean isAbandoned() {
      return abandoned.get();
    }

    @Override
    public void dropped() {
      dropped.set(true);
    }
  }

  private AdmissionQueue queue() {
    return (AdmissionQueue) pool.getQueue();
  }

  @Test
  void should_drop_abandoned_tasks_to_make_room_and_tell_them() {
    // given: a full queue whose first task was abandoned while it waited
    Task first = new Task("first");
    Task second = new Task("second");
    queue().offer(first);
    queue().offer(second);
    first.abandoned.set(true);

    // when
    boolean accepted = queue().offer(new Task("third"));

    // then: the abandoned task made room and was told; the one still wanted stays
    assertThat(accepted).isTrue();
    assertThat(first.dropped).isTrue();
    assertThat(second.dropped).isFalse();
    assertThat(queue()).hasSize(2).doesNotContain(first).contains(second);
  }

  @Test
  void should_refuse_when_every_waiting_task_is_still_wanted() {
    // given: a pool whose thread is busy and whose queue is full of wanted tasks
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    pool.execute(
        () -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    queue().offer(new Task("a"));
    queue().offer(new Task("b"));

    // when / then
    try {
      assertThatThrownBy(() -> pool.execute(new Task("c")))
          .isInstanceOf(RejectedExecutionException.class);
    } finally {
      release.countDown();
    }
  }
}
