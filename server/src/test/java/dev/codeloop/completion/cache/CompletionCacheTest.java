package dev.codeloop.completion.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.Suggestion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
  void should_let_the_second_of_two_requests_at_one_context_join_the_first_ones_generation() {
    // given: the ghost text's request claimed the context and its call is running
    Generation first = new Generation(1, Duration.ofSeconds(1), System::nanoTime);
    Generation second = new Generation(1, Duration.ofSeconds(1), System::nanoTime);
    assertThat(cache.claim(URI, "x = ", 4, first)).isSameAs(first);

    // when: the menu's request, which missed at the same keystroke, claims it too
    Generation joined = cache.claim(URI, "x = ", 4, second);

    // then: it joins the running call, which stays cached
    assertThat(joined).isSameAs(first);
    assertThat(cache.lookup(URI, "x = ", 4))
        .hasValueSatisfying(h -> assertThat(h.generation()).isSameAs(first));
  }

  @Test
  void should_replace_a_generation_that_cannot_serve_the_claim() {
    // given: one finished empty, one with fewer candidates than asked, one nobody waited for
    AtomicLong now = new AtomicLong();
    Generation empty = Generation.of(List.of(), 1);
    Generation single = new Generation(1, Duration.ofSeconds(1), now::get);
    Generation abandoned = new Generation(1, Duration.ofMillis(100), now::get);
    cache.put(URI, "a = ", 4, empty);
    cache.put(URI, "b = ", 4, single);
    CompletionCache other = new CompletionCache(() -> 2);
    other.put(URI, "c = ", 4, abandoned);
    now.addAndGet(Duration.ofMillis(200).toNanos());

    // when
    Generation fresh = new Generation(1, Duration.ofSeconds(1), now::get);
    Generation three = new Generation(3, Duration.ofSeconds(1), now::get);
    Generation another = new Generation(1, Duration.ofSeconds(1), now::get);

    // then
    assertThat(cache.claim(URI, "a = ", 4, fresh)).isSameAs(fresh);
    assertThat(cache.claim(URI, "b = ", 4, three)).isSameAs(three);
    assertThat(other.claim(URI, "c = ", 4, another)).isSameAs(another);
    assertThat(cache.lookup(URI, "b = ", 4))
        .hasValueSatisfying(h -> assertThat(h.generation()).isSameAs(three));
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

  @Test
  void should_answer_as_a_scan_of_every_entry_through_puts_evictions_removals_and_forgets() {
    // given: random operations on the cache and on a reference that scans every entry (the
    // lookup's definition), over short texts where contexts collide often
    Random random = new Random(5);
    CompletionCache small = new CompletionCache(() -> 6);
    ScanningReference reference = new ScanningReference(6);
    String[] uris = {URI, "file:///ws/B.java"};
    for (int op = 0; op < 20_000; op++) {
      String uri = uris[random.nextInt(uris.length)];
      String text = randomText(random);
      int offset = random.nextInt(text.length() + 1);
      int kind = random.nextInt(10);
      if (kind < 3) {
        Generation g =
            random.nextInt(4) == 0
                ? new Generation(1, Duration.ofSeconds(1), System::nanoTime)
                : Generation.of(List.of(new Suggestion("s", randomText(random), "m")), 1);
        small.put(uri, text, offset, g);
        reference.put(uri, text, offset, g);
      } else if (kind == 3) {
        Generation g = reference.any(random);
        small.remove(uri, text, offset, g);
        reference.remove(uri, text, offset, g);
      } else if (kind == 4 && random.nextInt(20) == 0) {
        small.forget(uri);
        reference.forget(uri);
      } else {
        // when
        var hit = small.lookup(uri, text, offset);

        // then
        var expected = reference.lookup(uri, text, offset);
        assertThat(hit.map(h -> h.generation())).isEqualTo(expected.map(h -> h.generation()));
        assertThat(hit.map(h -> h.typed())).isEqualTo(expected.map(h -> h.typed()));
      }
      assertThat(small.size()).isEqualTo(reference.size());
    }
  }

  private static String randomText(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = random.nextInt(7); i > 0; i--) {
      b.append("ab\n".charAt(random.nextInt(3)));
    }
    return b.toString();
  }

  /** The cache as it was defined: an LRU map scanned entry by entry. */
  private static final class ScanningReference {
    private final int capacity;
    private final Map<List<String>, Generation> entries = new LinkedHashMap<>(16, 0.75f, true);

    ScanningReference(int capacity) {
      this.capacity = capacity;
    }

    private static List<String> key(String uri, String text, int offset) {
      return List.of(
          uri,
          text.substring(Math.max(0, offset - CompletionCache.PREFIX_KEY_CHARS), offset),
          text.substring(
              offset, Math.min(text.length(), offset + CompletionCache.SUFFIX_KEY_CHARS)));
    }

    void put(String uri, String text, int offset, Generation g) {
      entries.put(key(uri, text, offset), g);
      var it = entries.entrySet().iterator();
      while (entries.size() > capacity && it.hasNext()) {
        it.next();
        it.remove();
      }
    }

    void remove(String uri, String text, int offset, Generation g) {
      entries.remove(key(uri, text, offset), g);
    }

    void forget(String uri) {
      entries.keySet().removeIf(k -> k.get(0).equals(uri));
    }

    int size() {
      return entries.size();
    }

    Generation any(Random random) {
      List<Generation> all = new ArrayList<>(entries.values());
      return all.isEmpty() ? Generation.of(List.of(), 1) : all.get(random.nextInt(all.size()));
    }

    Optional<CompletionCache.Hit> lookup(String uri, String text, int offset) {
      for (int back = 0; back <= Math.min(CompletionCache.MAX_TYPE_AHEAD, offset); back++) {
        int at = offset - back;
        // the text before the earlier position, the same text after the cursor
        List<String> probe = List.of(uri, key(uri, text, at).get(1), key(uri, text, offset).get(2));
        Generation g = null;
        for (List<String> k : entries.keySet()) {
          if (k.equals(probe)) {
            g = entries.get(k);
            break;
          }
        }
        if (g == null) {
          continue;
        }
        CompletionCache.Hit hit = new CompletionCache.Hit(g, text.substring(at, offset));
        if (back == 0 || !g.isDone()) {
          return Optional.of(hit);
        }
        List<Suggestion> done = g.now();
        if (done != null && !hit.remainders(done).isEmpty()) {
          return Optional.of(hit);
        }
      }
      return Optional.empty();
    }
  }
}
