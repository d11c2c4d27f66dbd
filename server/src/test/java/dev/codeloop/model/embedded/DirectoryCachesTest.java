package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lm.CacheModel;
import dev.codeloop.model.embedded.lm.NgramCounts;
import java.util.ArrayDeque;
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
  private final DirectoryCaches caches = new DirectoryCaches(4, 10_000, executor);

  private static int unigram(CacheModel cache, int word) {
    int node = cache.child(NgramCounts.ROOT, word);
    return node < 0 ? 0 : cache.count(node);
  }

  @Test
  void should_build_in_the_background_and_leave_out_the_current_document() {
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
    assertThat(unigram(built, 10)).as("the current document is the file cache's job").isZero();
    assertThat(unigram(built, 30)).as("another directory").isZero();
    assertThat(executor.queue).as("fresh cache: nothing to rebuild").isEmpty();
  }

  @Test
  void should_rebuild_when_a_neighbour_changes_but_not_when_the_current_document_does() {
    // given
    caches.put(DIR + "A.java", new int[] {10});
    caches.put(DIR + "B.java", new int[] {20});
    caches.cacheFor(DIR + "A.java");
    executor.runAll();

    // when: typing in A does not make the cache of A's neighbours stale
    caches.put(DIR + "A.java", new int[] {10, 13});
    CacheModel afterOwnEdit = caches.cacheFor(DIR + "A.java");
    boolean rebuildAfterOwnEdit = !executor.queue.isEmpty();
    caches.put(DIR + "B.java", new int[] {20, 22});
    CacheModel stale = caches.cacheFor(DIR + "A.java");
    executor.runAll();
    CacheModel fresh = caches.cacheFor(DIR + "A.java");

    // then
    assertThat(rebuildAfterOwnEdit).isFalse();
    assertThat(afterOwnEdit).isNotNull();
    assertThat(unigram(stale, 22)).as("the stale cache is served meanwhile").isZero();
    assertThat(unigram(fresh, 22)).isEqualTo(1);
  }

  @Test
  void should_find_the_document_of_a_workspace_relative_path() {
    caches.put(DIR + "A.java", new int[] {1});
    caches.put("file:///ws/test/com/acme/A.java", new int[] {2});

    assertThat(caches.uriOf("src/main/java/com/acme/A.java")).isEqualTo(DIR + "A.java");
    assertThat(caches.uriOf("test/com/acme/A.java")).isEqualTo("file:///ws/test/com/acme/A.java");
    assertThat(caches.uriOf("src/main/java/com/acme/Missing.java")).isNull();
    assertThat(caches.uriOf("")).isNull();
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
}
