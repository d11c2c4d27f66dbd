package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageModelTest {
  private final Vocabulary vocab = new Vocabulary();
  private final TokenEncoder encoder = new TokenEncoder(vocab);
  private final CodeLexer lexer = new CodeLexer(Language.JAVA);

  private int[] encode(String src) {
    return encoder.encode(lexer.significantTokens(src), true);
  }

  private List<int[]> corpus() {
    List<int[]> docs = new ArrayList<>();
    docs.add(encode("class A { void f() { sb.append(x); sb.append(y); return; } }"));
    docs.add(encode("class B { int g(int a) { if (a > 0) { return a; } return -a; } }"));
    docs.add(encode("class C { void h() { sb.append(z); list.add(z); } }"));
    return docs;
  }

  private static int[] history(int[] encoded, int length) {
    int[] h = new int[length + 1];
    h[0] = Vocabulary.BOS;
    for (int i = 0; i < length; i++) {
      h[i + 1] = TokenCodec.word(encoded[i]);
    }
    return h;
  }

  private double sumOverVocabulary(LanguageModel.Context ctx) {
    double sum = 0;
    for (int w = 0; w < vocab.size(); w++) {
      sum += ctx.prob(w);
    }
    return sum;
  }

  @Test
  void should_sum_to_one_over_the_vocabulary_when_using_the_static_model() {
    // given
    TrieModel trie = new TrieModelBuilder(4, false).build(corpus(), vocab.size());
    LanguageModel lm =
        new LanguageModel(trie, List.of(), new double[0], 1, vocab.size(), new int[0]);
    int[] probe = encode("void f() { sb.");

    // when / then
    for (int len = 0; len <= probe.length; len++) {
      double sum = sumOverVocabulary(lm.context(history(probe, len), len + 1));
      assertThat(sum).as("history length %d", len).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void should_sum_to_one_when_the_lower_orders_use_kneser_ney_continuation_counts() {
    // given: a corpus large enough for the Kneser-Ney lower orders (>= 50k tokens)
    List<int[]> docs = List.of(encode(RandomStatements.of(7, 300_000)));
    TrieModel trie = new TrieModelBuilder(5, true).build(docs, vocab.size());
    LanguageModel lm =
        new LanguageModel(trie, List.of(), new double[0], 1, vocab.size(), new int[0]);
    int[] probe = encode("if (items > map) { return builder.put(");

    // when / then
    assertThat(trie.tokens()).isGreaterThan(50_000);
    for (int len = 0; len <= probe.length; len++) {
      double sum = sumOverVocabulary(lm.context(history(probe, len), len + 1));
      assertThat(sum).as("history length %d", len).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void should_sum_to_one_when_caches_are_mixed_in_and_the_vocabulary_grew() {
    // given
    TrieModel trie = new TrieModelBuilder(4, true).build(corpus(), vocab.size());
    CacheModel file = new CacheModel(4, 64);
    file.addDocument(encode("void k() { sb.append(fresh); sb.append(fresh); }"), 1);
    LanguageModel lm =
        new LanguageModel(trie, List.of(file), new double[] {0.6}, 1, vocab.size(), new int[0]);
    int[] probe = encode("sb.append(");

    // when
    double sum = sumOverVocabulary(lm.context(history(probe, probe.length), probe.length + 1));

    // then
    assertThat(sum).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void should_sum_to_one_with_four_nested_caches_of_a_higher_order_than_the_static_model() {
    // given
    TrieModel trie = new TrieModelBuilder(4, true).build(corpus(), vocab.size());
    CacheModel recent = new CacheModel(10, 64);
    recent.addDocument(encode("class D { void k() { list.add(a); list.add(b); } }"), 1);
    CacheModel directory = new CacheModel(10, 64);
    directory.addDocument(encode("class E { void k() { sb.append(q).append(r); } }"), 1);
    CacheModel file = new CacheModel(10, 64);
    file.addDocument(encode("void k() { sb.append(fresh); sb.append(fresh); sb.append("), 1);
    CacheModel near = new CacheModel(10, 64);
    near.addDocument(encode("sb.append(fresh); sb.append("), 1);
    LanguageModel lm =
        new LanguageModel(
            trie,
            List.of(recent, directory, file, near),
            new double[] {0.9, 0.6, 0.95, 0.5},
            0.5,
            4,
            vocab.size(),
            new int[0]);
    int[] probe = encode("void k() { sb.append(fresh); sb.append(");

    // when
    double sum = sumOverVocabulary(lm.context(history(probe, probe.length), probe.length + 1));

    // then
    assertThat(sum).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void should_give_many_words_at_once_exactly_the_probabilities_prob_gives_each() {
    // given: Kneser-Ney lower orders (>= 50k static tokens), caches of a higher order, one cache
    // with a document removed again (its n-grams keep slots with a count of zero), a unigram cache;
    // contexts whose nodes have fewer and more children than there are candidates
    List<int[]> docs = List.of(encode(RandomStatements.of(11, 300_000)));
    TrieModel trie = new TrieModelBuilder(5, true).build(docs, vocab.size());
    CacheModel recent = new CacheModel(8, 64);
    recent.addDocument(encode("items.put(key, value); map.get(key).add(fresh); map.size();"), 1);
    int[] gone = encode("builder.append(stale); builder.append(stale).append(older);");
    recent.addDocument(gone, 1);
    recent.addDocument(gone, -1);
    CacheModel file = new CacheModel(8, 64);
    file.addDocument(encode("void k() { items.add(fresh); builder.append(fresh); items."), 1);
    CacheModel identifiers = new CacheModel(1, 64);
    identifiers.addDocument(encode("fresh items builder fresh"), 1);
    LanguageModel lm =
        new LanguageModel(
            trie,
            List.of(recent, file, identifiers),
            new double[] {0.7, 0.9, 0.3},
            0.5,
            4,
            vocab.size(),
            LanguageModel.topUnigrams(trie, 30));
    int[] probe = encode("void k() { items.add(fresh); builder.append(stale); items.");

    // when / then: every history length, small and large candidate lists
    assertThat(trie.tokens()).isGreaterThan(50_000);
    int compared = 0;
    for (int len = 0; len <= probe.length; len++) {
      LanguageModel.Context ctx = lm.context(history(probe, len), len + 1);
      for (int limit : new int[] {3, 6, 40}) {
        Candidates c = ctx.candidates(limit);
        for (int i = 0; i < c.size(); i++) {
          assertThat(c.probs()[i])
              .as("history %d, limit %d, %s", len, limit, vocab.word(c.ids()[i]))
              .isEqualTo(ctx.prob(c.ids()[i]));
          compared++;
        }
      }
      // every word of the vocabulary at once, with each component's own probability; and with
      // an id repeated (one at a time then)
      int[] all = new int[vocab.size()];
      for (int w = 0; w < all.length; w++) {
        all[w] = w;
      }
      int[] repeated = {vocab.lookup("items"), vocab.lookup("fresh"), vocab.lookup("items")};
      for (int[] ids : List.of(all, repeated)) {
        double[][] components = new double[ctx.components()][ids.length];
        double[] mixed = ctx.probs(ids, components);
        double[] one = new double[ctx.components()];
        for (int i = 0; i < ids.length; i++) {
          assertThat(mixed[i]).isEqualTo(ctx.prob(ids[i], one));
          for (int m = 0; m < one.length; m++) {
            assertThat(components[m][i]).as("component %d", m).isEqualTo(one[m]);
          }
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(500);
  }

  @Test
  void should_trust_a_cache_less_when_the_static_model_matches_as_long_a_context() {
    // given: the static model knows "sb . append (" well, the cache saw a different continuation
    TrieModel trie = new TrieModelBuilder(4, false).build(corpus(), vocab.size());
    int[] probe = encode("sb.append(");
    int other = vocab.id("other");
    CacheModel shortCache = new CacheModel(10, 64);
    shortCache.addDocument(encode("( other"), 1); // only the last token "(" matches
    CacheModel longCache = new CacheModel(10, 64);
    longCache.addDocument(encode("sb.append(other"), 1); // the whole history matches
    double[] w = {0.9};

    // when
    double viaShort =
        new LanguageModel(trie, List.of(shortCache), w, 0.5, 4, vocab.size(), new int[0])
            .context(history(probe, probe.length), probe.length + 1)
            .prob(other);
    double viaLong =
        new LanguageModel(trie, List.of(longCache), w, 0.5, 4, vocab.size(), new int[0])
            .context(history(probe, probe.length), probe.length + 1)
            .prob(other);

    // then
    assertThat(viaLong).isGreaterThan(viaShort * 2);
  }

  @Test
  void should_reject_a_weight_count_that_does_not_match_the_caches() {
    TrieModel trie = new TrieModelBuilder(4, false).build(corpus(), vocab.size());
    List<NgramCounts> caches = List.of(new CacheModel(4, 16));
    double[] none = new double[0];

    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new LanguageModel(trie, caches, none, 0.5, 4, vocab.size(), new int[0]));
  }

  @Test
  void should_rank_the_observed_continuation_first() {
    // given
    TrieModel trie = new TrieModelBuilder(4, false).build(corpus(), vocab.size());
    LanguageModel lm =
        new LanguageModel(trie, List.of(), new double[0], 1, vocab.size(), new int[0]);
    int[] probe = encode("sb.");

    // when
    Candidates c = lm.context(history(probe, probe.length), probe.length + 1).candidates(5);

    // then
    assertThat(vocab.word(c.ids()[0])).isEqualTo("append");
  }

  @Test
  void should_raise_the_probability_of_recent_patterns_when_the_cache_has_seen_them() {
    // given
    TrieModel trie = new TrieModelBuilder(4, false).build(corpus(), vocab.size());
    int[] probe = encode("sb.append(");
    int fresh = vocab.id("fresh");
    LanguageModel without =
        new LanguageModel(trie, List.of(), new double[0], 1, vocab.size(), new int[0]);
    CacheModel cache = new CacheModel(4, 64);
    cache.addDocument(encode("sb.append(fresh); sb.append(fresh);"), 1);
    LanguageModel with =
        new LanguageModel(trie, List.of(cache), new double[] {0.6}, 1, vocab.size(), new int[0]);

    // when
    double before = without.context(history(probe, probe.length), probe.length + 1).prob(fresh);
    double after = with.context(history(probe, probe.length), probe.length + 1).prob(fresh);

    // then
    assertThat(after).isGreaterThan(0.1).isGreaterThan(before * 10);
  }

  @Test
  void should_forget_counts_when_a_document_is_removed_from_the_cache() {
    // given
    CacheModel cache = new CacheModel(3, 16);
    int[] doc = encode("a.b(c);");
    cache.addDocument(doc, 1);
    cache.addDocument(encode("x = y;"), 1);
    int a = vocab.lookup("a");

    // when
    cache.addDocument(doc, -1);

    // then
    assertThat(cache.child(NgramCounts.ROOT, a))
        .satisfiesAnyOf(n -> assertThat(n).isNegative(), n -> assertThat(cache.count(n)).isZero());
    assertThat(cache.tokens()).isEqualTo(5); // <s> x = y ;
    assertThat(cache.types(NgramCounts.ROOT)).isEqualTo(5);
  }

  @Test
  void should_count_ngrams_and_line_ends_when_building_the_trie() {
    // given
    int[] doc = encode("a = b;\na = c;");

    // when
    TrieModel trie = new TrieModelBuilder(3, false).build(List.of(doc), vocab.size());

    // then
    int aEq = trie.find(new int[] {vocab.lookup("a"), vocab.lookup("=")}, 0, 2);
    assertThat(trie.count(aEq)).isEqualTo(2);
    assertThat(trie.types(aEq)).isEqualTo(2);
    int semi = trie.find(new int[] {vocab.lookup(";")}, 0, 1);
    assertThat(trie.lineEnds(semi)).isEqualTo(2);
    assertThat(trie.tokens()).isEqualTo(9); // <s> + 8 tokens
  }

  @Test
  void theTopLevelKeepsNoContextArraysAndTheFileFormatAndTheProbabilitiesStayTheSame()
      throws Exception {
    // given
    TrieModel trie = new TrieModelBuilder(4, false).build(corpus(), vocab.size());
    int nodes = trie.nodes();
    int topLevel = trie.levelStarts()[trie.order()];
    assertThat(topLevel).isLessThan(nodes);
    // when: written as the model store writes it, and read back
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      ModelCodec.writeTrie(out, trie);
    }
    TrieModel read =
        ModelCodec.readTrie(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    // then: the top level's nodes hold no children, sums or continuation counts, on disk every
    // array is whole (the format before), and every probability is the same
    assertThat(trie.childStarts()).hasSize(topLevel + 1);
    assertThat(trie.continuations()).hasSize(topLevel);
    long whole = 4 + 4 * (long) nodes; // an int array of one int per node, with its length
    assertThat((long) bytes.size())
        .isEqualTo(
            4
                + 4 // order, vocabulary size
                + whole // words
                + whole // counts
                + whole
                + 4 // child starts: one more
                + whole // child sums
                + 4
                + 4L * trie.lineEndCounts().length
                + 4
                + 4L * trie.levelStarts().length
                + 4
                + 8L * trie.discounts().length
                + 3 * whole); // continuation counts, their sums and types
    for (int node = topLevel; node < nodes; node++) {
      assertThat(trie.types(node)).isZero();
      assertThat(trie.childSum(node)).isZero();
      assertThat(trie.continuation(node)).isZero();
      assertThat(trie.child(node, 1)).isEqualTo(-1);
    }
    LanguageModel before =
        new LanguageModel(trie, List.of(), new double[0], 1, vocab.size(), new int[0]);
    LanguageModel after =
        new LanguageModel(read, List.of(), new double[0], 1, vocab.size(), new int[0]);
    for (int[] doc : corpus()) {
      for (int length = 0; length <= doc.length; length++) {
        int[] h = history(doc, length);
        LanguageModel.Context a = before.context(h, h.length);
        LanguageModel.Context b = after.context(h, h.length);
        for (int w = 0; w < vocab.size(); w++) {
          assertThat(b.prob(w)).isEqualTo(a.prob(w));
        }
      }
    }
  }
}
