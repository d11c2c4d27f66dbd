package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NextTokenRerankerTest {
  private final Vocabulary vocab = new Vocabulary();
  private final TokenEncoder encoder = new TokenEncoder(vocab);
  private final CodeLexer lexer = new CodeLexer(Language.JAVA);

  private int[] encode(String src) {
    return encoder.encode(lexer.significantTokens(src), true);
  }

  private static int[] history(int[] encoded) {
    int[] h = new int[encoded.length + 1];
    h[0] = Vocabulary.BOS;
    for (int i = 0; i < encoded.length; i++) {
      h[i + 1] = TokenCodec.word(encoded[i]);
    }
    return h;
  }

  private static int feature(String name) {
    int i = NextTokenReranker.FEATURES.indexOf(name);
    assertThat(i).as(name).isNotNegative();
    return i;
  }

  @Test
  void should_name_every_feature_once_and_place_the_indices_used_by_the_code() {
    assertThat(NextTokenReranker.FEATURES).doesNotHaveDuplicates();
    assertThat(feature("logRank")).isEqualTo(NextTokenReranker.LOG_RANK);
    assertThat(feature("identifier")).isEqualTo(NextTokenReranker.KIND);
    assertThat(feature("identifierAfterIdentifier")).isEqualTo(NextTokenReranker.KIND_AFTER);
    assertThat(feature("literalAfterPunctuation")).isEqualTo(NextTokenReranker.KIND_AFTER + 14);
    assertThat(feature("identifierLogStatic")).isEqualTo(NextTokenReranker.IDENTIFIER_COMPONENT);
    assertThat(feature("recency20")).isEqualTo(NextTokenReranker.RECENCY_20);
    assertThat(feature("repeatsPrevious")).isEqualTo(NextTokenReranker.REPEATS_PREVIOUS);
    assertThat(feature("copies3")).isEqualTo(NextTokenReranker.SIZE - 1);
  }

  @Test
  void should_recover_the_weights_that_generated_synthetic_lists() {
    // given: lists of 10 candidates with random features; the right one drawn from the softmax of
    // known weights on three features (all the others weigh 0)
    double[] truth = new double[NextTokenReranker.SIZE];
    truth[NextTokenReranker.LOG_P] = 1.0;
    truth[NextTokenReranker.RECENCY_20] = 2.0;
    truth[NextTokenReranker.DECLARED] = -1.5;
    Random random = new Random(11);
    List<NextTokenReranker.Example> examples = new ArrayList<>();
    for (int n = 0; n < 4000; n++) {
      double[][] x = new double[10][NextTokenReranker.SIZE];
      double[] s = new double[10];
      for (int i = 0; i < 10; i++) {
        for (int a = 0; a < NextTokenReranker.SIZE; a++) {
          x[i][a] = random.nextGaussian();
          s[i] += truth[a] * x[i][a];
        }
      }
      double[] p = Softmax.of(s);
      double u = random.nextDouble();
      int right = 0;
      for (double acc = p[0]; acc < u && right < 9; acc += p[++right]) {
        // draw
      }
      examples.add(NextTokenReranker.Example.of(x, right));
    }

    // when
    double[] start = new double[NextTokenReranker.SIZE];
    double[] w = NextTokenReranker.train(examples, start, 1e-6, 30);

    // then
    assertThat(NextTokenReranker.loss(examples, start, 1e-6)).isCloseTo(Math.log(10), within(1e-9));
    assertThat(NextTokenReranker.loss(examples, w, 1e-6))
        .isLessThan(NextTokenReranker.loss(examples, truth, 1e-6) + 1e-9);
    for (int a = 0; a < w.length; a++) {
      assertThat(w[a]).as(NextTokenReranker.FEATURES.get(a)).isCloseTo(truth[a], within(0.15));
    }
  }

  @Test
  void should_solve_a_symmetric_system_and_leave_an_unused_direction_at_zero() {
    double[] x =
        NextTokenReranker.solveSymmetric(
            new double[][] {{4, 1, 0}, {1, 3, 0}, {0, 0, 0}}, new double[] {1, 2, 0});
    assertThat(x[0]).isCloseTo(1.0 / 11, within(1e-12));
    assertThat(x[1]).isCloseTo(7.0 / 11, within(1e-12));
    assertThat(x[2]).isZero();
  }

  @Test
  void should_compute_usage_declaration_scope_and_kind_features_on_a_tiny_file() {
    // given: a static model of two small files and the file so far as a cache
    List<int[]> docs =
        List.of(
            encode("class A { int n = 0; void f() { n = n + 1; call(n); } }"),
            encode("class B { void g() { int k = 2; k = k * 3; } }"));
    int[] file =
        encode(
            "class D { void g() { int local = 1; } int total = 0;"
                + " void f() { total = total + 1; total = total +");
    TrieModel trie = new TrieModelBuilder(4, false).build(docs, vocab.size());
    CacheModel cache = new CacheModel(6, 64);
    cache.addDocument(file, 1);
    LanguageModel lm =
        new LanguageModel(trie, List.of(cache), new double[] {0.5}, 1, vocab.size(), new int[0]);
    int[] hist = history(file);
    LanguageModel.Context ctx = lm.context(hist, hist.length);
    int total = vocab.lookup("total");
    int local = vocab.lookup("local");
    int paren = vocab.lookup("(");
    int intKeyword = vocab.lookup("int");
    int plus = vocab.lookup("+");
    int one = vocab.lookup("1");
    Candidates candidates =
        new Candidates(
            new int[] {total, local, paren, intKeyword, plus, one},
            new double[] {0.3, 0.2, 0.1, 0.05, 0.05, 0.01});
    NextTokenReranker.Kinds kinds = new NextTokenReranker.Kinds(vocab, Language.JAVA);

    // when
    double[][] x = NextTokenReranker.features(ctx, candidates, hist, hist.length, kinds);

    // then: total is declared in the class body (still open), used 5 times, last 2 tokens ago
    double[] t = x[0];
    assertThat(t[NextTokenReranker.LOG_P])
        .isCloseTo(Math.log(Math.max(NextTokenReranker.FLOOR, ctx.prob(total))), within(1e-12));
    assertThat(x[2][NextTokenReranker.LOG_P]).isCloseTo(Math.log(ctx.prob(paren)), within(1e-12));
    assertThat(t[feature("identifier")]).isEqualTo(1);
    assertThat(t[feature("identifierAfterPunctuation")]).isEqualTo(1);
    assertThat(t[feature("declared")]).isEqualTo(1);
    assertThat(t[feature("inScope")]).isEqualTo(1);
    assertThat(t[feature("usedBefore")]).isEqualTo(1);
    assertThat(t[feature("logCount")]).isCloseTo(Math.log(6), within(1e-12));
    assertThat(t[feature("recency20")]).isCloseTo(Math.exp(-2.0 / 20), within(1e-12));
    assertThat(t[feature("logRank")]).isZero();
    assertThat(t[feature("identifierLogStatic")]).isEqualTo(t[feature("logStatic")]);
    // local was declared in g()'s block, which is closed
    assertThat(x[1][feature("declared")]).isEqualTo(1);
    assertThat(x[1][feature("inScope")]).isZero();
    assertThat(x[1][feature("logRank")]).isCloseTo(Math.log(2), within(1e-12));
    // ( is punctuation, used before, never declared
    assertThat(x[2][feature("identifier")] + x[2][feature("keyword")] + x[2][feature("literal")])
        .isZero();
    assertThat(x[2][feature("usedBefore")]).isEqualTo(1);
    assertThat(x[2][feature("declared")]).isZero();
    assertThat(x[2][feature("identifierLogStatic")]).isZero();
    // int is a keyword after punctuation; + repeats the previous token
    assertThat(x[3][feature("keyword")]).isEqualTo(1);
    assertThat(x[3][feature("keywordAfterPunctuation")]).isEqualTo(1);
    assertThat(x[4][feature("repeatsPrevious")]).isEqualTo(1);
    assertThat(x[0][feature("repeatsPrevious")]).isZero();
    // 1 followed "+", "total +" and "= total +" where they last occurred: it would be copied
    assertThat(x[5][feature("literal")]).isEqualTo(1);
    assertThat(x[5][feature("literalAfterPunctuation")]).isEqualTo(1);
    assertThat(x[5][feature("copies1")]).isEqualTo(1);
    assertThat(x[5][feature("copies2")]).isEqualTo(1);
    assertThat(x[5][feature("copies3")]).isEqualTo(1);
    assertThat(x[0][feature("copies1")] + x[1][feature("copies2")]).isZero();
    // a component the model does not have gets the floor
    assertThat(t[feature("logNear")]).isCloseTo(Math.log(NextTokenReranker.FLOOR), within(1e-12));
  }

  @Test
  void should_keep_the_n_gram_order_with_identity_weights_and_share_the_list_mass() {
    // given
    List<int[]> docs =
        List.of(
            encode("class A { void f() { sb.append(x); sb.append(y); return; } }"),
            encode("class C { void h() { sb.append(z); list.add(z); } }"));
    TrieModel trie = new TrieModelBuilder(4, false).build(docs, vocab.size());
    LanguageModel lm =
        new LanguageModel(
            trie, List.of(), new double[0], 1, vocab.size(), LanguageModel.topUnigrams(trie, 16));
    int[] hist = history(encode("void g() { sb."));
    LanguageModel.Context ctx = lm.context(hist, hist.length);
    Candidates candidates = ctx.candidates(6);
    NextTokenReranker.Kinds kinds = new NextTokenReranker.Kinds(vocab, Language.JAVA);

    // when
    NextTokenReranker.Ranked same =
        new NextTokenReranker(NextTokenReranker.identityWeights())
            .rerank(ctx, candidates, hist, hist.length, kinds);
    int sb = vocab.lookup("sb");
    int append = vocab.lookup("append");
    int add = vocab.lookup("add");
    Candidates withSb = new Candidates(new int[] {append, add, sb}, new double[] {0.6, 0.2, 0.01});
    double[] recency = new double[NextTokenReranker.SIZE];
    recency[NextTokenReranker.RECENCY_20] = 50;
    NextTokenReranker.Ranked byRecency =
        new NextTokenReranker(recency).rerank(ctx, withSb, hist, hist.length, kinds);

    // then: the softmax of logP over the list is the n-gram's share of the list's mass
    assertThat(same.ids()).containsExactly(candidates.ids());
    for (int i = 0; i < candidates.size(); i++) {
      assertThat(same.probs()[i]).isCloseTo(candidates.probs()[i], within(1e-12));
    }
    // sb was used 2 tokens ago, the others never: with recency weighing most it comes first
    assertThat(byRecency.ids()).containsExactly(sb, append, add);
    assertThat(Arrays.stream(byRecency.probs()).sum()).isCloseTo(0.81, within(1e-12));
    assertThat(byRecency.probOr(sb, -1)).isGreaterThan(0.8);
    assertThat(byRecency.probOr(Vocabulary.UNK, 0.25)).isEqualTo(0.25);
  }
}
