package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrieModelBuilderTest {
  private final Vocabulary vocab = new Vocabulary();
  private final TokenEncoder encoder = new TokenEncoder(vocab);
  private final CodeLexer lexer = new CodeLexer(Language.JAVA);

  /** Files of random statements over a few names, each of about {@code chars} characters. */
  private List<int[]> corpus(long seed, int files, int chars) {
    List<int[]> docs = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      String src = "class C" + f + " {\n" + RandomStatements.of(seed + f, chars) + "}\n";
      docs.add(encoder.encode(lexer.significantTokens(src), true));
    }
    return docs;
  }

  private static byte[] bytes(TrieModel trie) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelCodec.writeTrie(new DataOutputStream(out), trie);
    return out.toByteArray();
  }

  @Test
  void should_count_each_level_s_distinct_n_grams_and_keep_them_as_nodes() {
    // given: <s> x y x y (one document)
    int x = vocab.id("x");
    int y = vocab.id("y");
    List<int[]> docs = List.<int[]>of(new int[] {x, y, x, y});

    // when
    TrieModelBuilder.Built built =
        new TrieModelBuilder(4, false).build(docs, vocab.size(), (TrieModelBuilder.Sizes) null);

    // then: unigrams <s> x y; bigrams <s>x xy yx; trigrams <s>xy xyx yxy; 4-grams <s>xyx xyxy
    assertThat(built.sizes().counted()).containsExactly(0, 3, 3, 3, 2);
    assertThat(built.sizes().positions()).isEqualTo(5);
    assertThat(built.sizes().nodes()).isEqualTo(1 + 3 + 3 + 3 + 2).isEqualTo(built.trie().nodes());
    // the contexts: the root and the nodes below the top level
    assertThat(built.sizes().contexts()).isEqualTo(1 + 3 + 3 + 3);
    int bigram = built.trie().find(new int[] {x, y}, 0, 2);
    assertThat(built.trie().count(bigram)).isEqualTo(2);
  }

  @Test
  void should_build_the_same_trie_whatever_sizes_it_is_told_to_expect() throws IOException {
    // given
    List<int[]> docs = corpus(7, 40, 4_000);
    for (boolean prune : new boolean[] {false, true}) {
      TrieModelBuilder builder = new TrieModelBuilder(4, prune);
      TrieModelBuilder.Built reference = builder.build(docs, vocab.size(), null);
      // a build of one file, scaled up: the counts and node arrays start far too small and grow
      TrieModelBuilder.Sizes small = builder.build(docs.subList(0, 1), vocab.size(), null).sizes();
      // a build said to be of a billion positions: scaled down to almost nothing
      TrieModelBuilder.Sizes huge =
          new TrieModelBuilder.Sizes(
              1_000_000_000L, prune, 10, 10, new int[] {0, 1_000, 1_000, 1_000, 1_000});
      // contexts far too few for the nodes: their arrays start small and grow
      TrieModelBuilder.Sizes fewContexts =
          new TrieModelBuilder.Sizes(
              reference.sizes().positions(),
              prune,
              reference.sizes().nodes(),
              1,
              reference.sizes().counted());
      // the other pruning: not used
      TrieModelBuilder.Sizes other =
          new TrieModelBuilder(4, !prune).build(docs, vocab.size(), null).sizes();

      // when / then
      for (TrieModelBuilder.Sizes last :
          List.of(reference.sizes(), small, huge, fewContexts, other)) {
        TrieModelBuilder.Built again = builder.build(docs, vocab.size(), last);
        assertThat(bytes(again.trie())).isEqualTo(bytes(reference.trie()));
        assertThat(again.sizes().counted()).containsExactly(reference.sizes().counted());
      }
      assertThat(small.counted()[4]).isLessThan(reference.sizes().counted()[4]);
    }
  }

  @Test
  void should_scale_the_last_build_s_sizes_to_the_positions_of_the_next() {
    // given
    TrieModelBuilder.Sizes last =
        new TrieModelBuilder.Sizes(1_000, true, 400, 400, new int[] {0, 1});

    // when / then: 5 % over, and a margin of 64
    assertThat(last.expected(400, 2_000)).isEqualTo(400 * 2 * 105 / 100 + 64);
    assertThat(last.expected(400, 500)).isEqualTo(400 / 2 * 105 / 100 + 64);
  }
}
