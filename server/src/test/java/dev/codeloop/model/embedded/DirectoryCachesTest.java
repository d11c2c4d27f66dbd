package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lm.CacheModel;
import dev.codeloop.model.embedded.lm.NgramCounts;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class DirectoryCachesTest {
  private static final String DIR = "file:///ws/src/main/java/com/acme/";

  /** Runs scheduled builds only when the test says so. */
  private static final class ManualExecutor implements Executor {
    final Queue<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
      queue.add(command);
    }

    int runAll() {
      int n = 0;
      while (!queue.isEmpty()) {
        queue.poll().run();
        n++;
      }
      return n;
    }
  }

  private final ManualExecutor executor = new ManualExecutor();
  private final DirectoryCaches caches = new DirectoryCaches(4, 10_000, Long.MAX_VALUE, executor);

  private static int unigram(CacheModel cache, int word) {
    int node = cache.child(NgramCounts.ROOT, word);
    return node < 0 ? 0 : cache.count(node);
  }

  @Test
  void should_build_in_the_background_from_the_documents_of_the_directory() {
    // given
    caches.put(DIR + "A.java", new int[] {10, 11, 12});
    caches.put(DIR + "B.java", new int[] {20, 21});
    caches.put("file:///ws/src/main/java/com/other/C.java", new int[] {30});

    // when
    CacheModel first = caches.cacheFor(DIR + "A.java");
    int builds = executor.runAll();
    CacheModel built = caches.cacheFor(DIR + "A.java");

    // then
    assertThat(first).as("a request never waits for a build").isNull();
    assertThat(builds).isEqualTo(1);
    assertThat(built).isNotNull();
    assertThat(unigram(built, 20)).isEqualTo(1);
    assertThat(unigram(built, 10)).isEqualTo(1);
    assertThat(unigram(built, 30)).as("another directory").isZero();
    assertThat(executor.queue).as("fresh cache: nothing to rebuild").isEmpty();
  }

  @Test
  void should_share_one_cache_between_the_files_of_a_directory() {
    // given
    caches.put(DIR + "A.java", new int[] {10});
    caches.put(DIR + "B.java", new int[] {20});
    caches.cacheFor(DIR + "A.java");
    executor.runAll();

    // when
    CacheModel forA = caches.cacheFor(DIR + "A.java");
    CacheModel forB = caches.cacheFor(DIR + "B.java");

    // then
    assertThat(forB).isSameAs(forA);
    assertThat(executor.queue).as("switching files rebuilds nothing").isEmpty();
  }

  @Test
  void should_serve_the_stale_cache_while_a_changed_directory_is_rebuilt() {
    // given
    caches.put(DIR + "A.java", new int[] {10});
    caches.put(DIR + "B.java", new int[] {20});
    caches.cacheFor(DIR + "A.java");
    executor.runAll();

    // when
    caches.put(DIR + "B.java", new int[] {20, 22});
    CacheModel stale = caches.cacheFor(DIR + "A.java");
    int builds = executor.runAll();
    CacheModel fresh = caches.cacheFor(DIR + "A.java");

    // then
    assertThat(builds).isEqualTo(1);
    assertThat(unigram(stale, 22)).isZero();
    assertThat(unigram(fresh, 22)).isEqualTo(1);
    assertThat(executor.queue).isEmpty();
  }

  @Test
  void should_keep_one_build_in_flight_per_directory() {
    caches.put(DIR + "A.java", new int[] {10});
    caches.put(DIR + "B.java", new int[] {20});

    caches.cacheFor(DIR + "A.java");
    caches.cacheFor(DIR + "B.java");
    caches.cacheFor(DIR + "A.java");

    assertThat(executor.queue).hasSize(1);
  }

  @Test
  void should_bound_a_cache_to_its_token_budget_keeping_the_latest_documents() {
    // given: a budget of 3 tokens
    DirectoryCaches small = new DirectoryCaches(4, 3, Long.MAX_VALUE, executor);
    small.put(DIR + "Old.java", new int[] {10, 11});
    small.put(DIR + "New.java", new int[] {20, 21});
    small.put(DIR + "Cur.java", new int[] {30});

    // when
    small.cacheFor(DIR + "Cur.java");
    executor.runAll();
    CacheModel built = small.cacheFor(DIR + "Cur.java");

    // then
    assertThat(unigram(built, 30)).isEqualTo(1);
    assertThat(unigram(built, 20)).isEqualTo(1);
    assertThat(unigram(built, 10)).as("over the budget").isZero();
  }

  @Test
  void should_find_the_document_of_a_workspace_relative_path() {
    caches.put(DIR + "A.java", new int[] {1});
    caches.put("file:///ws/test/com/acme/A.java", new int[] {2});

    assertThat(caches.resolve("src/main/java/com/acme/A.java")).isEqualTo(DIR + "A.java");
    assertThat(caches.resolve("test/com/acme/A.java")).isEqualTo("file:///ws/test/com/acme/A.java");
    assertThat(caches.resolve("src/main/java/com/acme/New.java"))
        .as("a file not learned yet: its folder is known")
        .isEqualTo(DIR + "New.java");
    assertThat(caches.resolve("src/main/java/com/elsewhere/New.java")).isNull();
    assertThat(caches.resolve("New.java")).as("a root file of unknown folder").isNull();
    assertThat(caches.resolve("")).isNull();
  }

  @Test
  void should_resolve_a_path_anew_once_documents_appear_or_go() {
    // given: the file is not learned yet, so its folder answers
    caches.put(DIR + "A.java", new int[] {1});
    String before = caches.resolve("src/main/java/com/acme/New.java");

    // when: the file itself is learned under another root, then forgotten again
    caches.put("file:///other/src/main/java/com/acme/New.java", new int[] {2});
    String learned = caches.resolve("src/main/java/com/acme/New.java");
    caches.remove("file:///other/src/main/java/com/acme/New.java");
    String forgotten = caches.resolve("src/main/java/com/acme/New.java");

    // then
    assertThat(before).isEqualTo(DIR + "New.java");
    assertThat(learned).isEqualTo("file:///other/src/main/java/com/acme/New.java");
    assertThat(forgotten).isEqualTo(DIR + "New.java");
  }

  @Test
  void should_serve_a_new_file_the_cache_of_its_folder() {
    // given: A is alone in its folder, so A itself gets no directory cache
    caches.put(DIR + "A.java", new int[] {10});
    CacheModel forA = caches.cacheFor(DIR + "A.java");

    // when
    caches.cacheForPath("src/main/java/com/acme/New.java");
    executor.runAll();
    CacheModel forNewFile = caches.cacheForPath("src/main/java/com/acme/New.java");

    // then
    assertThat(forA).isNull();
    assertThat(forNewFile).isNotNull();
    assertThat(unigram(forNewFile, 10)).isEqualTo(1);
  }

  @Test
  void should_forget_a_removed_document() {
    // given
    caches.put(DIR + "A.java", new int[] {10});
    caches.put(DIR + "B.java", new int[] {20});
    caches.cacheFor(DIR + "A.java");
    executor.runAll();

    // when
    caches.remove(DIR + "B.java");
    CacheModel afterRemoval = caches.cacheFor(DIR + "A.java");

    // then: with no neighbour left there is no directory cache at all
    assertThat(afterRemoval).isNull();
  }

  /** Learns two documents in {@code dir} and builds its cache (as a request there would). */
  private static CacheModel buildIn(
      DirectoryCaches caches, ManualExecutor executor, String dir, int word) {
    caches.put(dir + "A.java", new int[] {word, word + 1, word + 2});
    caches.put(dir + "B.java", new int[] {word + 3, word + 4});
    caches.cacheFor(dir + "A.java");
    executor.runAll();
    return caches.cacheFor(dir + "A.java");
  }

  @Test
  void should_keep_as_many_directories_as_their_bytes_allow() {
    // given: a budget that holds three caches of this size, not four
    String[] dirs = {"file:///ws/a/", "file:///ws/b/", "file:///ws/c/", "file:///ws/d/"};
    DirectoryCaches probe = new DirectoryCaches(4, 10_000, Long.MAX_VALUE, executor);
    long one = buildIn(probe, executor, dirs[0], 100).retainedBytes();
    DirectoryCaches bounded = new DirectoryCaches(4, 10_000, 3 * one + one / 2, executor);

    // when
    for (int i = 0; i < 3; i++) {
      buildIn(bounded, executor, dirs[i], 100 * (i + 1));
    }
    List<String> threeBuilt = bounded.retainedDirectories();
    CacheModel again = bounded.cacheFor(dirs[0] + "A.java");
    int rebuilds = executor.runAll();

    // then: the three are kept (a count bound of two rebuilt one on every switch)
    assertThat(threeBuilt).containsExactly(dirs[0], dirs[1], dirs[2]);
    assertThat(again).as("still there").isNotNull();
    assertThat(rebuilds).isZero();
    assertThat(bounded.retainedBytes()).isEqualTo(3 * one);
  }

  @Test
  void should_drop_the_least_recently_used_directory_when_over_its_bytes() {
    // given: room for two caches; a and b built, then a used again
    String a = "file:///ws/a/";
    String b = "file:///ws/b/";
    String c = "file:///ws/c/";
    DirectoryCaches probe = new DirectoryCaches(4, 10_000, Long.MAX_VALUE, executor);
    long one = buildIn(probe, executor, a, 100).retainedBytes();
    DirectoryCaches bounded = new DirectoryCaches(4, 10_000, 2 * one + one / 2, executor);
    buildIn(bounded, executor, a, 100);
    buildIn(bounded, executor, b, 200);
    bounded.cacheFor(a + "A.java");

    // when: a third directory is built
    buildIn(bounded, executor, c, 300);

    // then: b, the least recently used, went; a and c stay
    assertThat(bounded.retainedDirectories()).containsExactly(a, c);
    assertThat(bounded.cacheFor(a + "B.java")).isNotNull();
    assertThat(bounded.retainedBytes()).isEqualTo(2 * one);
  }

  @Test
  void should_keep_the_cache_just_built_even_when_it_alone_is_over_the_bytes() {
    // given: a budget smaller than one cache
    DirectoryCaches tiny = new DirectoryCaches(4, 10_000, 1, executor);
    buildIn(tiny, executor, "file:///ws/a/", 100);

    // when
    CacheModel b = buildIn(tiny, executor, "file:///ws/b/", 200);

    // then
    assertThat(b).isNotNull();
    assertThat(unigram(b, 203)).isEqualTo(1);
    assertThat(tiny.retainedDirectories()).containsExactly("file:///ws/b/");
  }

  /**
   * Caches with room for two directories' caches and a clock that moves 1 ms at every reading (a
   * build reads it twice: it takes 1 ms), with a, b and c built in turn: c's build evicted a.
   */
  private DirectoryCaches threeBuiltInRoomForTwo(java.util.concurrent.atomic.AtomicLong clock) {
    DirectoryCaches probe = new DirectoryCaches(4, 10_000, Long.MAX_VALUE, executor);
    long one = buildIn(probe, executor, "file:///ws/a/", 100).retainedBytes();
    DirectoryCaches bounded =
        new DirectoryCaches(
            4,
            10_000,
            2 * one + one / 2,
            DirectoryCaches.EVICTING_BUILD_SHARE,
            executor,
            () -> clock.addAndGet(1_000_000));
    buildIn(bounded, executor, "file:///ws/a/", 100);
    buildIn(bounded, executor, "file:///ws/b/", 200);
    buildIn(bounded, executor, "file:///ws/c/", 300);
    return bounded;
  }

  @Test
  void should_hold_back_building_evicted_caches_for_a_while_after_a_build_that_evicted() {
    // given: c's build evicted a (see threeBuiltInRoomForTwo)
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    DirectoryCaches bounded = threeBuiltInRoomForTwo(clock);
    String a = "file:///ws/a/";
    String b = "file:///ws/b/";
    String c = "file:///ws/c/";
    assertThat(bounded.retainedDirectories()).containsExactly(b, c);

    // when: a is asked for at once, and again after twenty times the build's time
    CacheModel atOnce = bounded.cacheFor(a + "A.java");
    int heldBack = executor.runAll();
    clock.addAndGet(DirectoryCaches.EVICTING_BUILD_SHARE * 1_000_000L);
    bounded.cacheFor(a + "A.java");
    int later = executor.runAll();

    // then
    assertThat(atOnce).isNull();
    assertThat(heldBack).as("no build while held back").isZero();
    assertThat(later).isEqualTo(1);
    assertThat(bounded.retainedDirectories()).containsExactly(c, a);
  }

  @Test
  void should_rebuild_a_kept_stale_cache_while_holding_back_missing_ones() {
    // given: c's build evicted a a moment ago; then a document of c changes
    DirectoryCaches bounded = threeBuiltInRoomForTwo(new java.util.concurrent.atomic.AtomicLong());
    String c = "file:///ws/c/";
    bounded.put(c + "B.java", new int[] {399});

    // when
    CacheModel stale = bounded.cacheFor(c + "A.java");
    int builds = executor.runAll();
    CacheModel fresh = bounded.cacheFor(c + "A.java");

    // then: the stale one served meanwhile, rebuilt at once
    assertThat(unigram(stale, 399)).isZero();
    assertThat(builds).isEqualTo(1);
    assertThat(unigram(fresh, 399)).isEqualTo(1);
  }
}
