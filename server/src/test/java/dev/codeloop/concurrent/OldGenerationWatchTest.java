package dev.codeloop.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The old generation is collected once it grew past its bounds over what the last full collection
 * left, at most once per interval; the watch hears the serial collector's real notifications.
 */
class OldGenerationWatchTest {
  private static final long MB = 1 << 20;

  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final OldGenerationWatch.Policy policy =
      new OldGenerationWatch.Policy(0.25, 32 * MB, TimeUnit.SECONDS.toNanos(1), now::get);

  @Test
  void should_collect_once_the_old_generation_passes_the_slack_before_any_full_collection() {
    assertThat(policy.afterCollection(false, 10 * MB, -1)).isFalse();
    assertThat(policy.afterCollection(false, 32 * MB, -1)).isFalse();
    assertThat(policy.afterCollection(false, 33 * MB, -1)).isTrue();
    assertThat(policy.collections()).isEqualTo(1);
  }

  @Test
  void should_let_the_old_generation_grow_by_a_quarter_of_what_the_last_full_collection_left() {
    // given: a full collection left 200 MB live (a quarter is 50 MB, more than the 32 MB slack)
    assertThat(policy.afterCollection(true, 200 * MB, -1)).isFalse();

    // then: young collections may promote up to 250 MB before a full collection is asked for
    assertThat(policy.afterCollection(false, 240 * MB, -1)).isFalse();
    assertThat(policy.afterCollection(false, 250 * MB, -1)).isFalse();
    assertThat(policy.afterCollection(false, 251 * MB, -1)).isTrue();
  }

  @Test
  void should_not_collect_after_a_young_collection_the_jvm_followed_with_a_full_one() {
    // given: two full collections before the watch, one whose notification it read
    policy.fullsBefore(2);
    policy.afterCollection(true, 100 * MB, 3);

    // when: a young collection overflowed the old generation and the JVM collected it at once
    // (three fulls seen, four run), and its notification is read before the full one's
    boolean staleYoung = policy.afterCollection(false, 200 * MB, 4);
    policy.afterCollection(true, 120 * MB, 4);
    // and: a later young collection overflows it with no full collection after it
    boolean youngNow = policy.afterCollection(false, 200 * MB, 4);

    // then: only the second one asks for a collection
    assertThat(staleYoung).isFalse();
    assertThat(youngNow).isTrue();
    assertThat(policy.collections()).isEqualTo(1);
  }

  @Test
  void should_use_the_slack_when_a_quarter_of_the_live_data_is_less() {
    // given: 40 MB live (a quarter is 10 MB)
    policy.afterCollection(true, 40 * MB, -1);

    assertThat(policy.afterCollection(false, 72 * MB, -1)).isFalse();
    assertThat(policy.afterCollection(false, 73 * MB, -1)).isTrue();
  }

  @Test
  void should_ask_at_most_once_per_interval_and_again_after_it() {
    policy.afterCollection(true, 100 * MB, -1);
    assertThat(policy.afterCollection(false, 200 * MB, -1)).isTrue();

    // when: the collection it asked for has not come yet, and the old generation grows further
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));

    // then: not again within the interval
    assertThat(policy.afterCollection(false, 210 * MB, -1)).isFalse();

    // when: the interval has passed
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));

    // then
    assertThat(policy.afterCollection(false, 220 * MB, -1)).isTrue();
    assertThat(policy.collections()).isEqualTo(2);
  }

  @Test
  void should_never_ask_after_a_full_collection_whatever_it_left() {
    assertThat(policy.afterCollection(true, 500 * MB, -1)).isFalse();
    assertThat(policy.collections()).isZero();
  }

  @Test
  void should_watch_only_under_the_serial_collector() {
    // given: this JVM's collectors
    Set<String> names =
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.toSet());

    // when
    Optional<OldGenerationWatch> watch = OldGenerationWatch.installForSerial(() -> {});

    // then
    try {
      assertThat(watch.isPresent()).isEqualTo(names.equals(Set.of("Copy", "MarkSweepCompact")));
    } finally {
      watch.ifPresent(OldGenerationWatch::close);
    }
  }

  @Test
  void should_hear_the_young_collections_of_a_serial_jvm_and_collect_its_old_generation()
      throws Exception {
    // given: a JVM on the serial collector whose watch asks at any old-generation occupancy
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-XX:MaxNewSize=8m",
                "-cp",
                System.getProperty("java.class.path"),
                PromotingProcess.class.getName())
            .redirectErrorStream(true)
            .start();

    // when: it promotes objects through young collections
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

    // then: its watch heard them and ran full collections, which it heard too
    assertThat(ended).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("watching");
    String[] f = out.split("\\s+");
    assertThat(Long.parseLong(f[1]))
        .as("full collections the watch asked for: %s", out)
        .isPositive();
    assertThat(Long.parseLong(f[2])).as("full collections the JVM ran: %s", out).isPositive();
  }

  /** The child JVM of the last test. */
  static final class PromotingProcess {
    public static void main(String[] args) throws Exception {
      AtomicInteger asked = new AtomicInteger();
      OldGenerationWatch.Policy anyOccupancy =
          new OldGenerationWatch.Policy(0, 1, 0, System::nanoTime);
      Optional<OldGenerationWatch> watch =
          OldGenerationWatch.installForSerial(
              anyOccupancy,
              () -> {
                asked.incrementAndGet();
                System.gc();
              });
      if (watch.isEmpty()) {
        System.out.println("not watching");
        return;
      }
      // live objects long enough to survive young collections into the old generation
      Object[] kept = new Object[4096];
      for (int i = 0; i < 200_000; i++) {
        kept[i % kept.length] = new byte[1024];
        if (asked.get() > 0 && i > 50_000) {
          break;
        }
      }
      // notifications arrive on the JVM's notification thread: give it a moment
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (asked.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(200);
      long full =
          ManagementFactory.getGarbageCollectorMXBeans().stream()
              .filter(c -> c.getName().equals("MarkSweepCompact"))
              .mapToLong(GarbageCollectorMXBean::getCollectionCount)
              .sum();
      System.out.println("watching " + asked.get() + " " + full + " " + kept.length);
      watch.get().close();
    }
  }
}
