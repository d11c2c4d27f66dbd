package dev.codeloop.completion.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.Suggestion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CompletionCacheTest {
  private static final String URI = "file:///ws/A.java";
  private final CompletionCache cache = new CompletionCache(() -> 2);

  @Test
  void should_hit_exactly_the_same_context() {
    // given
    cache.put(URI, "int x = fo;", 10, Generation.of(List.of(new Suggestion("1", "o(1)", "m")), 1));

    // when
    var hit = cache.lookup(URI, "int x = fo;", 10);

    // then
    assertThat(hit).hasValueSatisfying(h -> assertThat(h.typed()).isEmpty());
  }

  @Test
  void should_serve_the_remainder_when_typing_into_a_suggestion() {
    // given
    cache.put(URI, "int x = fo;", 10, Generation.of(List.of(new Suggestion("1", "o(1)", "m")), 1));

    // when
    var hit = cache.lookup(URI, "int x = foo(;", 12);

    // then
    assertThat(hit).isPresent();
    assertThat(hit.get().remainders(hit.get().generation().now()))
        .extracting(Suggestion::text)
        .containsExactly("1)");
  }

  @Test
  void should_miss_when_typing_diverges_or_the_suffix_differs() {
    // given
    cache.put(URI, "int x = fo;", 10, Generation.of(List.of(new Suggestion("1", "o(1)", "m")), 1));

    // when / then
    assertThat(cache.lookup(URI, "int x = fox;", 11)).isEmpty();
    assertThat(cache.lookup(URI, "int x = fo;;", 10)).isEmpty();
    assertThat(cache.lookup("file:///ws/B.java", "int x = fo;", 10)).isEmpty();
  }

  @Test
  void should_join_a_generation_still_running() {
    // given
    Generation running = new Generation(1, Duration.ofSeconds(1), System::nanoTime);
    cache.put(URI, "x = ", 4, running);

    // when
    var hit = cache.lookup(URI, "x = ab", 6);

    // then
    assertThat(hit).hasValueSatisfying(h -> assertThat(h.generation()).isSameAs(running));
    assertThat(hit.get().typed()).isEqualTo("ab");
  }

  @Test
  void should_take_the_nearest_earlier_context_in_a_long_document() {
    // given: a prefix longer than a key holds, and two contexts of one line being typed
    CompletionCache big = new CompletionCache(() -> 8);
    String head = "// filler\n".repeat(60) + "int total = ";
    String tail = ";\n}\n";
    Generation far = Generation.of(List.of(new Suggestion("1", "count + 1", "m")), 1);
    Generation near = Generation.of(List.of(new Suggestion("2", "nt + 2", "m")), 1);
    big.put(URI, head + tail, head.length(), far);
    big.put(URI, head + "cou" + tail, head.length() + 3, near);
    big.put(URI, head + "x" + tail, head.length() + 1, Generation.of(List.of(), 1));

    // when: "cou" and then "n" typed
    var hit = big.lookup(URI, head + "coun" + tail, head.length() + 4);

    // then: the context three characters back serves, not the one four back
    assertThat(hit).hasValueSatisfying(h -> assertThat(h.generation()).isSameAs(near));
    assertThat(hit.get().typed()).isEqualTo("n");
    assertThat(hit.get().remainders(near.now()))
        .extracting(Suggestion::text)
        .containsExactly("t + 2");
    // and a change far above the cursor, inside the key's 384 characters, misses
    String changedNear =
        head.substring(0, head.length() - 20) + "X" + head.substring(head.length() - 19);
    assertThat(big.lookup(URI, changedNear + "coun" + tail, changedNear.length() + 4)).isEmpty();
  }

  @Test
  void should_evict_least_recently_used() {
    // given
    cache.put(URI, "a", 1, Generation.of(List.of(new Suggestion("1", "x", "m")), 1));
    cache.put(URI, "b", 1, Generation.of(List.of(new Suggestion("2", "x", "m")), 1));
    cache.lookup(URI, "a", 1);

    // when
    cache.put(URI, "c", 1, Generation.of(List.of(new Suggestion("3", "x", "m")), 1));

    // then
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.lookup(URI, "a", 1)).isPresent();
    assertThat(cache.lookup(URI, "b", 1)).isEmpty();
  }

  @Test
  void should_cancel_abandoned_generation_after_grace() {
    // given: a clock the test moves, instead of sleeping past the grace
    AtomicLong now = new AtomicLong();
    Generation g = new Generation(1, Duration.ofMillis(20), now::get);
    assertThat(g.modelCancelChecker().isCanceled()).as("within the grace").isFalse();

    // when
    now.addAndGet(Duration.ofMillis(40).toNanos());

    // then
    assertThat(g.modelCancelChecker().isCanceled()).isTrue();
  }
}
