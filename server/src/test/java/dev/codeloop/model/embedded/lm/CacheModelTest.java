package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CacheModelTest {
  private static final int ORDER = 4;

  /** Counts every n-gram (n = 1..ORDER) of {@code <s> doc} the plain way. */
  private static Map<List<Integer>, Integer> naiveCounts(List<int[]> docs) {
    Map<List<Integer>, Integer> counts = new HashMap<>();
    for (int[] doc : docs) {
      int[] seq = new int[doc.length + 1];
      seq[0] = Vocabulary.BOS;
      System.arraycopy(doc, 0, seq, 1, doc.length);
      for (int end = 1; end <= seq.length; end++) {
        for (int n = 1; n <= ORDER && end - n >= 0; n++) {
          List<Integer> gram = new ArrayList<>();
          for (int i = end - n; i < end; i++) {
            gram.add(seq[i]);
          }
          counts.merge(gram, 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  static int count(CacheModel cache, int... words) {
    int node = NgramCounts.ROOT;
    for (int w : words) {
      node = cache.child(node, w);
      if (node < 0) {
        return 0;
      }
    }
    return cache.count(node);
  }

  private static int count(CacheModel cache, List<Integer> gram) {
    return count(cache, gram.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void should_count_no_document_start_in_a_unigram_cache() {
    // given
    CacheModel unigrams = new CacheModel(1, 16);
    CacheModel empty = new CacheModel(1, 16);

    // when
    unigrams.addDocument(new int[] {7, 8, 7}, 1);
    empty.addDocument(new int[0], 1);

    // then
    assertThat(unigrams.tokens()).isEqualTo(3);
    assertThat(count(unigrams, 7)).isEqualTo(2);
    assertThat(count(unigrams, Vocabulary.BOS)).isZero();
    assertThat(empty.count(NgramCounts.ROOT)).as("nothing to mix in").isZero();
  }

  @Test
  void should_keep_only_the_last_tokens_when_a_remover_trails_the_appender() {
    // given: "a b c a b d" and a window of three tokens
    int a = 2;
    int b = 3;
    int c = 4;
    int d = 5;
    int[] doc = {a, b, c, a, b, d};
    int size = 3;
    CacheModel window = new CacheModel(3, 16);
    CacheModel.Appender in = window.appender();
    CacheModel.Appender out = window.remover();

    // when
    for (int i = 0; i < doc.length; i++) {
      in.append(doc[i]);
      if (i >= size) {
        out.append(doc[i - size]);
      }
    }

    // then: the last three tokens "a b d" and the n-grams ending in them remain
    assertThat(count(window, a)).isEqualTo(1);
    assertThat(count(window, b)).isEqualTo(1);
    assertThat(count(window, d)).isEqualTo(1);
    assertThat(count(window, c)).isZero();
    assertThat(count(window, a, b)).isEqualTo(1);
    assertThat(count(window, b, c)).isZero();
    assertThat(count(window, b, d)).isEqualTo(1);
    assertThat(window.tokens()).isEqualTo(3);
  }

  @Test
  void should_count_like_a_naive_table_after_growing_far_beyond_its_initial_size() {
    // given: a tiny initial size, so the arrays and the index grow and rehash many times
    Random random = new Random(7);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < 20; d++) {
      int[] doc = new int[500];
      for (int i = 0; i < doc.length; i++) {
        doc[i] = 2 + random.nextInt(random.nextBoolean() ? 8 : 400); // some repetition
      }
      docs.add(doc);
    }
    CacheModel cache = new CacheModel(ORDER, 1);

    // when
    docs.forEach(d -> cache.addDocument(d, 1));

    // then
    Map<List<Integer>, Integer> expected = naiveCounts(docs);
    expected.forEach(
        (gram, n) -> assertThat(count(cache, gram)).as("count of %s", gram).isEqualTo(n));
    assertThat(cache.tokens()).isEqualTo(20 * 501);
    assertThat(count(cache, List.of(Vocabulary.BOS, 1_000))).isZero();
  }

  @Test
  void should_drop_every_count_when_all_documents_are_removed_again() {
    // given
    Random random = new Random(11);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < 5; d++) {
      int[] doc = new int[300];
      for (int i = 0; i < doc.length; i++) {
        doc[i] = 2 + random.nextInt(50);
      }
      docs.add(doc);
    }
    CacheModel cache = new CacheModel(ORDER, 16);
    docs.forEach(d -> cache.addDocument(d, 1));

    // when
    docs.forEach(d -> cache.addDocument(d, -1));

    // then
    assertThat(cache.tokens()).isZero();
    assertThat(cache.types(NgramCounts.ROOT)).isZero();
    naiveCounts(docs).keySet().forEach(gram -> assertThat(count(cache, gram)).isZero());
  }

  @Test
  void should_keep_every_count_when_trimmed_and_grow_again_afterwards() {
    // given: random documents, more entries than the estimate sized the arrays for
    Random random = new Random(3);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < 20; d++) {
      int[] doc = new int[50 + random.nextInt(50)];
      for (int i = 0; i < doc.length; i++) {
        doc[i] = 2 + random.nextInt(30);
      }
      docs.add(doc);
    }
    CacheModel cache = new CacheModel(ORDER, 10);
    for (int[] doc : docs) {
      cache.addDocument(doc, 1);
    }
    long before = cache.retainedBytes();

    // when
    cache.trim();
    long trimmed = cache.retainedBytes();
    Map<List<Integer>, Integer> expected = naiveCounts(docs);

    // then
    assertThat(trimmed).isLessThan(before);
    for (Map.Entry<List<Integer>, Integer> e : expected.entrySet()) {
      assertThat(count(cache, e.getKey())).as("%s", e.getKey()).isEqualTo(e.getValue());
    }

    // and when: a further document is added to the trimmed cache
    int[] more = {40, 41, 42, 43, 44};
    cache.addDocument(more, 1);
    docs.add(more);

    // then
    for (Map.Entry<List<Integer>, Integer> e : naiveCounts(docs).entrySet()) {
      assertThat(count(cache, e.getKey())).as("%s", e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void should_hold_after_clearing_exactly_what_a_new_cache_holds_of_the_next_documents() {
    // given: a cache filled (and grown) with some documents, cleared
    Random random = new Random(5);
    CacheModel reused = new CacheModel(ORDER, 10);
    for (int d = 0; d < 10; d++) {
      reused.addDocument(randomDoc(random), 1);
    }
    reused.topChildren(NgramCounts.ROOT, 3); // sorts a wide node's children
    reused.clear();

    // when: both take the same documents
    List<int[]> docs = List.of(randomDoc(random), randomDoc(random));
    CacheModel fresh = new CacheModel(ORDER, 10);
    for (int[] doc : docs) {
      reused.addDocument(doc, 1);
      fresh.addDocument(doc, 1);
    }

    // then: the same counts, node by node, nothing left of the documents before
    assertThat(reused.entries()).isEqualTo(fresh.entries());
    assertThat(reused.tokens()).isEqualTo(fresh.tokens());
    for (int node = 0; node < fresh.entries(); node++) {
      assertThat(reused.word(node)).isEqualTo(fresh.word(node));
      assertThat(reused.count(node)).isEqualTo(fresh.count(node));
      assertThat(reused.childSum(node)).isEqualTo(fresh.childSum(node));
      assertThat(reused.types(node)).isEqualTo(fresh.types(node));
      assertThat(reused.lineEnds(node)).isEqualTo(fresh.lineEnds(node));
    }
    assertThat(reused.topChildren(NgramCounts.ROOT, 5))
        .containsExactly(fresh.topChildren(NgramCounts.ROOT, 5));
    for (Map.Entry<List<Integer>, Integer> e : naiveCounts(docs).entrySet()) {
      assertThat(count(reused, e.getKey())).as("%s", e.getKey()).isEqualTo(e.getValue());
    }
  }

  private static int[] randomDoc(Random random) {
    int[] doc = new int[50 + random.nextInt(50)];
    for (int i = 0; i < doc.length; i++) {
      doc[i] = 2 + random.nextInt(30);
    }
    return doc;
  }

  @Test
  void should_grow_from_a_trimmed_empty_cache() {
    CacheModel cache = new CacheModel(ORDER, 0);
    cache.trim();

    cache.addDocument(new int[] {5, 6, 7}, 1);

    assertThat(count(cache, 5, 6, 7)).isEqualTo(1);
    assertThat(cache.tokens()).isEqualTo(4); // <s> and three tokens
  }

  /** The best {@code k} children the plain way: every child, sorted by count, then by node. */
  private static List<Integer> plainTop(CacheModel cache, int node, int k) {
    List<long[]> all = new ArrayList<>();
    cache.forEachChild(node, c -> all.add(new long[] {cache.count(c), c}));
    all.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(b[1], a[1]));
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, all.size()); i++) {
      out.add((int) all.get(i)[1]);
    }
    return out;
  }

  private static List<Integer> top(CacheModel cache, int node, int k) {
    List<Integer> out = new ArrayList<>();
    for (int c : cache.topChildren(node, k)) {
      out.add(c);
    }
    return out;
  }

  @Test
  void should_answer_the_best_children_of_a_wide_node_again_after_its_counts_change() {
    // given: a node with 200 different followers of varying counts
    Random random = new Random(9);
    int[] doc = new int[4_000];
    for (int i = 0; i < doc.length; i += 2) {
      doc[i] = 2;
      doc[i + 1] = 10 + (int) Math.abs(random.nextGaussian() * 60) % 200;
    }
    CacheModel cache = new CacheModel(ORDER, doc.length);
    cache.addDocument(doc, 1);
    int wide = cache.child(NgramCounts.ROOT, 2);
    assertThat(cache.types(wide)).isGreaterThan(100);

    // when / then: asked twice (the second answer is the kept one)
    for (int k : new int[] {5, 50, 500}) {
      assertThat(top(cache, wide, k)).isEqualTo(plainTop(cache, wide, k));
      assertThat(top(cache, wide, k)).isEqualTo(plainTop(cache, wide, k));
    }

    // and when: a rare follower becomes the most frequent one
    int[] more = new int[600];
    for (int i = 0; i < more.length; i += 2) {
      more[i] = 2;
      more[i + 1] = 209;
    }
    cache.addDocument(more, 1);

    // then
    assertThat(top(cache, wide, 5)).isEqualTo(plainTop(cache, wide, 5));
    assertThat(cache.word(cache.topChildren(wide, 1)[0])).isEqualTo(209);

    // and when: removed again
    cache.addDocument(more, -1);

    // then
    assertThat(top(cache, wide, 50)).isEqualTo(plainTop(cache, wide, 50));
    assertThat(cache.word(cache.topChildren(wide, 1)[0])).isNotEqualTo(209);
  }

  private static int node(CacheModel cache, List<Integer> gram) {
    int node = NgramCounts.ROOT;
    for (int w : gram) {
      node = cache.child(node, w);
      if (node < 0) {
        return -1;
      }
    }
    return node;
  }

  @Test
  void should_hold_a_node_for_the_suffix_of_every_n_gram_it_holds() {
    // given: documents added, some removed again, and a window slid over a long one
    Random random = new Random(13);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < 8; d++) {
      int[] doc = new int[400];
      for (int i = 0; i < doc.length; i++) {
        doc[i] = 2 + random.nextInt(random.nextBoolean() ? 6 : 60);
      }
      docs.add(doc);
    }
    CacheModel cache = new CacheModel(ORDER, 16);
    docs.forEach(d -> cache.addDocument(d, 1));
    docs.subList(0, 3).forEach(d -> cache.addDocument(d, -1));
    CacheModel.Appender appender = cache.appender();
    CacheModel.Appender remover = cache.remover();
    for (int i = 0; i < docs.get(7).length; i++) {
      appender.append(docs.get(7)[i]);
      if (i >= 50) {
        remover.append(docs.get(7)[i - 50]);
      }
    }

    // then: whenever an n-gram has a node, so has the n-gram without its first token
    assertThat(cache.suffixClosed()).isTrue();
    int held = 0;
    for (List<Integer> gram : naiveCounts(docs).keySet()) {
      if (gram.size() > 1 && node(cache, gram) >= 0) {
        held++;
        assertThat(node(cache, gram.subList(1, gram.size())))
            .as("suffix of %s", gram)
            .isNotNegative();
      }
    }
    assertThat(held).isGreaterThan(1_000);
  }
}
