package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordRanker.Origin;
import dev.codeloop.model.WordRanker.RankedWord;
import dev.codeloop.model.embedded.WordReranker.Calibration;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lm.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordRerankerTest {
  private final EmbeddedCodeModel model =
      EmbeddedCodeModel.builder().executor(Runnable::run).build();

  private static double[] feature(int index, double value) {
    double[] x = new double[WordReranker.SIZE];
    x[index] = value;
    return x;
  }

  private WordReranker.Candidate candidate(String path, String lang, String prefix, String w) {
    return model
        .wordCandidates(new FimRequest(path, lang, prefix, "", List.of(), false), () -> {})
        .stream()
        .filter(c -> c.word().equals(w))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void should_turn_scores_into_probabilities_over_the_list() {
    double[] p = Softmax.of(new double[] {2, 1, 0, 5});
    assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
    assertThat(p[3]).isGreaterThan(p[0]);
    assertThat(p[0]).isGreaterThan(p[1]).isGreaterThan(p[2]);
  }

  @Test
  void should_reduce_the_loss_and_learn_which_feature_marks_the_right_word() {
    // synthetic lists: the right candidate has a higher "recency20" on average, logP is noise
    Random random = new Random(3);
    List<WordReranker.Example> examples = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      double[][] x = new double[8][];
      int right = random.nextInt(8);
      for (int i = 0; i < 8; i++) {
        x[i] = new double[WordReranker.SIZE];
        x[i][WordReranker.LOG_P] = random.nextGaussian();
        x[i][WordReranker.RECENCY_20] = random.nextDouble() + (i == right ? 0.8 : 0);
      }
      examples.add(new WordReranker.Example(x, right));
    }
    double[] start = new double[WordReranker.SIZE];
    double before = WordReranker.loss(examples, start, 1e-3);
    double[] w = WordReranker.train(examples, start, 1e-3, 30);
    assertThat(before).isCloseTo(Math.log(8), within(1e-9));
    assertThat(WordReranker.loss(examples, w, 1e-3)).isLessThan(before - 0.3);
    assertThat(w[WordReranker.RECENCY_20]).isGreaterThan(3);
    assertThat(Math.abs(w[WordReranker.LOG_P])).isLessThan(0.5);
  }

  @Test
  void should_solve_a_linear_system() {
    double[] x = WordReranker.solve(new double[][] {{4, 1}, {1, 3}}, new double[] {1, 2});
    assertThat(x[0]).isCloseTo(1.0 / 11, within(1e-12));
    assertThat(x[1]).isCloseTo(7.0 / 11, within(1e-12));
  }

  @Test
  void should_show_the_ghost_text_only_at_or_above_the_threshold() {
    double[] modelSaysOne = feature(WordReranker.LOG_P, Math.log(0.01));
    Calibration c = new Calibration(new double[] {1, 0, 0}, Math.log(0.8));
    assertThat(c.show(0.85, 0.1, modelSaysOne)).isTrue();
    assertThat(c.show(0.8, 0.1, modelSaysOne)).isTrue();
    assertThat(c.show(0.75, 0.1, modelSaysOne)).isFalse();
    assertThat(Calibration.NEVER.show(1.0, 0, feature(WordReranker.LOG_P, 0))).isFalse();
    Calibration margin = new Calibration(new double[] {0, 1, 0}, 0.5);
    assertThat(margin.show(0.6, 0.2, modelSaysOne)).isFalse(); // margin 0.4
    assertThat(margin.show(0.7, 0.1, modelSaysOne)).isTrue(); // margin 0.6
    Calibration model = new Calibration(new double[] {0, 0, 1}, Math.log(0.02));
    assertThat(model.show(0.9, 0.0, modelSaysOne)).isFalse();
    assertThat(model.show(0.9, 0.0, feature(WordReranker.LOG_P, Math.log(0.03)))).isTrue();
    double[] recent = new double[3 + WordReranker.SIZE];
    recent[3 + WordReranker.USED_BEFORE] = 2;
    Calibration byFeature = new Calibration(recent, 1);
    assertThat(byFeature.show(0.1, 0.1, feature(WordReranker.USED_BEFORE, 1))).isTrue();
    assertThat(byFeature.show(0.9, 0.0, feature(WordReranker.USED_BEFORE, 0))).isFalse();
  }

  @Test
  void should_rank_by_the_linear_score_of_the_features() {
    WordReranker.Part r =
        new WordReranker.Part(feature(WordReranker.RECENCY_20, 2.0), Calibration.NEVER);
    assertThat(r.linear(feature(WordReranker.RECENCY_20, 0.5))).isEqualTo(1.0);
    assertThat(r.linear(feature(WordReranker.LOG_P, -3))).isZero();
  }

  @Test
  void should_push_down_a_frequent_word_never_seen_after_a_member_access_after_one() {
    WordReranker.Part r = new WordReranker.Part(new double[WordReranker.SIZE], Calibration.NEVER);
    double[] frequent = feature(WordReranker.MEMBER_UNSEEN, 1);
    frequent[WordReranker.MEMBER_SHARE] = Math.log(0.5 / 100);
    double[] rare = feature(WordReranker.MEMBER_UNSEEN, 1);
    rare[WordReranker.MEMBER_SHARE] = Math.log(0.5 / 3);
    assertThat(r.linear(frequent)).isEqualTo(-WordReranker.NEVER_A_MEMBER);
    assertThat(r.linear(rare)).isZero();
  }

  @Test
  void should_extract_the_features_of_a_word_from_the_file_around_the_cursor() {
    String prefix =
        "class A {\n  void run() {\n    int counter = 0;\n    counter += 1;\n    this.total = 2;\n"
            + "    c";
    WordReranker.Candidate counter = candidate("A.java", "java", prefix, "counter");
    double[] x = counter.features();
    assertThat(x[WordReranker.USED_BEFORE]).isEqualTo(1);
    assertThat(x[WordReranker.DECLARED]).isEqualTo(1);
    assertThat(x[WordReranker.RECENCY_20]).isGreaterThan(0).isLessThan(1);
    assertThat(x[WordReranker.LOG_COUNT]).isCloseTo(Math.log(3), within(1e-9));
    assertThat(x[WordReranker.LOG_LENGTH]).isCloseTo(Math.log(7), within(1e-9));
    assertThat(x[WordReranker.HUMPS]).isZero();
    assertThat(x[WordReranker.KEYWORD]).isZero();
    assertThat(x[WordReranker.LOG_P]).isLessThan(0).isGreaterThan(Math.log(1e-9));
    WordReranker.Candidate cls = candidate("A.java", "java", prefix, "class");
    assertThat(cls.features()[WordReranker.KEYWORD]).isEqualTo(1);
    assertThat(cls.features()[WordReranker.USED_BEFORE]).isEqualTo(1);
    WordReranker.Candidate total =
        candidate("A.java", "java", prefix.substring(0, prefix.length() - 1) + "this.t", "total");
    assertThat(total.features()[WordReranker.MEMBER_SHARE])
        .isCloseTo(Math.log(1.5 / 2), within(1e-9));
    assertThat(total.features()[WordReranker.MEMBER_UNSEEN]).isZero();
    WordReranker.Candidate hump =
        candidate("a.py", "python", "wait_finished = 1\nzzz = 2\nwf", "wait_finished");
    assertThat(hump.features()[WordReranker.HUMPS]).isEqualTo(1);
  }

  @Test
  void should_never_offer_self_in_an_import_statement() {
    // given: self is the file's most used word, and starts with the typed s
    String suffix =
        "class A:\n    def f(self):\n        self.a = self.b + self.c\n"
            + "        return sys.argv, self\n";

    // when
    List<String> words =
        model
            .wordCandidates(
                new FimRequest("a.py", "python", "import os\nimport s", suffix, List.of(), false),
                () -> {})
            .stream()
            .map(WordReranker.Candidate::word)
            .toList();

    // then
    assertThat(words).contains("sys").doesNotContain("self");
  }

  @Test
  void should_rank_a_recently_used_exact_case_match_first() {
    model.updateDocument(
        "file:///w/Other.java",
        "java",
        "class Other { int Value; int value_total; int valueOf(int v) { return valueOf(v) +"
            + " valueOf(v); } }");
    String prefix =
        "class A {\n  int read() {\n    int value_total = 3;\n    value_total += 1;\n"
            + "    return val";
    List<String> got =
        model
            .rankWords(new FimRequest("A.java", "java", prefix, "", List.of(), false), 10, () -> {})
            .stream()
            .map(RankedWord::word)
            .toList();
    assertThat(got).contains("value_total", "valueOf", "Value");
    assertThat(got.get(0)).isEqualTo("value_total");
    assertThat(got.indexOf("Value")).isGreaterThan(got.indexOf("valueOf"));
  }

  @Test
  void should_name_the_keyword_its_best_candidate_is_and_nothing_when_that_is_an_identifier() {
    // scored by the model's probability alone: the likeliest candidate is the re-ranker's best
    WordReranker.Part byModel =
        new WordReranker.Part(feature(WordReranker.LOG_P, 1), Calibration.NEVER);
    WordReranker r = new WordReranker(byModel, byModel);
    WordReranker.Candidate result = word("result", Math.log(0.2));
    WordReranker.Candidate ret = word("return", Math.log(0.3));
    assertThat(r.expectedKeyword(Language.PYTHON, List.of(result, ret), true)).isEqualTo("return");
    WordReranker.Candidate results = word("results", Math.log(0.4));
    assertThat(r.expectedKeyword(Language.PYTHON, List.of(result, ret, results), true)).isNull();
    // equal scores: the first listed
    WordReranker.Candidate raise = word("raise", Math.log(0.4));
    assertThat(r.expectedKeyword(Language.PYTHON, List.of(raise, results), false))
        .isEqualTo("raise");
    assertThat(r.expectedKeyword(Language.PYTHON, List.of(results, raise), false)).isNull();
    // a keyword of the language asked about: `def` is Python's, not Java's
    WordReranker.Candidate def = word("def", 0);
    assertThat(r.expectedKeyword(Language.PYTHON, List.of(def), true)).isEqualTo("def");
    assertThat(r.expectedKeyword(Language.JAVA, List.of(def), true)).isNull();
    assertThat(r.expectedKeyword(Language.JAVA, List.of(), true)).isNull();
  }

  private static WordReranker.Candidate word(String w, double logP) {
    return new WordReranker.Candidate(w, Origin.FILE, feature(WordReranker.LOG_P, logP), 0.1, 1);
  }

  @Test
  void
      should_ship_weights_for_every_feature_a_hidden_layer_and_a_calibration_per_language_and_keyword_weights() {
    for (Language l :
        new Language[] {Language.JAVA, Language.PYTHON, Language.JAVASCRIPT, Language.GO}) {
      for (boolean typed : new boolean[] {false, true}) {
        WordReranker.Part r = WordReranker.forLanguage(l).part(typed);
        assertThat(r.weights()).hasSize(WordReranker.SIZE);
        // layers of 32 averaged: six for Java (and the brace languages without weights of their
        // own), three for Python and JavaScript
        assertThat(r.hidden().units())
            .isEqualTo(l == Language.PYTHON || l == Language.JAVASCRIPT ? 96 : 192);
        assertThat(r.gate()).isNotEqualTo(Calibration.NEVER);
        // and the keyword re-ranker, trained where keywords come too, of the same form
        WordReranker.Part k = WordReranker.keywordsFor(l).part(typed);
        assertThat(k.weights()).hasSize(WordReranker.SIZE).isNotEqualTo(r.weights());
        assertThat(k.hidden().units()).isEqualTo(r.hidden().units());
      }
    }
    assertThat(WordReranker.forLanguage(Language.PYTHON))
        .isNotSameAs(WordReranker.forLanguage(Language.JAVA));
    // JavaScript (and TypeScript, the same Language) has weights of its own; Go has Java's
    assertThat(WordReranker.forLanguage(Language.JAVASCRIPT))
        .isNotSameAs(WordReranker.forLanguage(Language.JAVA))
        .isNotSameAs(WordReranker.forLanguage(Language.PYTHON));
    assertThat(WordReranker.forLanguage(Language.GO))
        .isSameAs(WordReranker.forLanguage(Language.JAVA));
    assertThat(WordReranker.keywordsFor(Language.PYTHON))
        .isNotSameAs(WordReranker.keywordsFor(Language.JAVA));
    assertThat(WordReranker.keywordsFor(Language.JAVASCRIPT))
        .isNotSameAs(WordReranker.keywordsFor(Language.JAVA))
        .isNotSameAs(WordReranker.keywordsFor(Language.PYTHON));
  }

  @Test
  void should_add_the_hidden_layer_of_tanh_units_to_the_linear_score() {
    double[] in = new double[2 * WordReranker.SIZE];
    in[WordReranker.RECENCY_20] = 1.5; // unit 0 reads recency20
    in[WordReranker.SIZE + WordReranker.LOG_P] = -2; // unit 1 reads logP
    WordReranker.Hidden hidden =
        new WordReranker.Hidden(in, new double[] {0.5, 0}, new double[] {2, -1});
    WordReranker.Part r =
        new WordReranker.Part(feature(WordReranker.KEYWORD, 3), hidden, Calibration.NEVER);
    double[] x = feature(WordReranker.RECENCY_20, 0.4);
    x[WordReranker.LOG_P] = -0.25;
    x[WordReranker.KEYWORD] = 1;
    double expected = 3 + 2 * Math.tanh(0.5 + 1.5 * 0.4) - Math.tanh(0.5);
    assertThat(hidden.score(x)).isCloseTo(expected - 3, within(1e-12));
    assertThat(r.linear(x)).isEqualTo(3.0);
    assertThat(r.scores(List.of(x))[0]).isCloseTo(expected, within(1e-12));
    assertThat(WordReranker.Hidden.NONE.score(x)).isZero();
  }

  @Test
  void should_rescore_only_the_best_candidates_by_the_linear_score_and_keep_the_rest_below() {
    // the hidden layer strongly prefers "keyword"; the linear score prefers recency20
    double[] in = new double[WordReranker.SIZE];
    in[WordReranker.KEYWORD] = 10;
    WordReranker.Part r =
        new WordReranker.Part(
            feature(WordReranker.RECENCY_20, 1),
            new WordReranker.Hidden(in, new double[] {0}, new double[] {50}),
            Calibration.NEVER);
    List<double[]> list = new ArrayList<>();
    for (int i = 0; i < WordReranker.RESCORED + 5; i++) {
      double[] x = feature(WordReranker.RECENCY_20, 1000 - i); // linear order = list order
      x[WordReranker.KEYWORD] = i == 3 || i == WordReranker.RESCORED + 2 ? 1 : 0;
      list.add(x);
    }
    double[] s = r.scores(list);
    int best = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i] > s[best]) {
        best = i;
      }
    }
    // the keyword within the best 100 by the linear score rises to the top
    assertThat(best).isEqualTo(3);
    // the one below them is not re-scored: under every re-scored candidate, probability 0
    double tail = s[WordReranker.RESCORED + 2];
    for (int i = 0; i < WordReranker.RESCORED; i++) {
      assertThat(s[i]).isGreaterThan(tail);
    }
    assertThat(s[WordReranker.RESCORED + 1]).isGreaterThan(tail);
    assertThat(Softmax.of(s)[WordReranker.RESCORED + 2]).isZero();
    // without a hidden layer, the scores are the linear ones
    WordReranker.Part linear = new WordReranker.Part(r.weights(), Calibration.NEVER);
    assertThat(linear.scores(list)[WordReranker.RESCORED + 2])
        .isEqualTo(1000.0 - WordReranker.RESCORED - 2);
  }

  @Test
  void should_ship_trees_for_a_cursor_with_nothing_typed_only() {
    for (Language language : new Language[] {Language.JAVA, Language.PYTHON, Language.JAVASCRIPT}) {
      assertThat(WordReranker.forLanguage(language).part(false).trees().size()).isEqualTo(300);
      assertThat(WordReranker.forLanguage(language).part(true).trees()).isSameAs(RankingTrees.NONE);
    }
  }

  @Test
  void should_rank_a_one_letter_loop_variable_first_where_the_model_is_sure_of_it() {
    // the nothing-typed part was trained on lists whose right word may be of any length: trained
    // on words of three characters or more only (MenuBenchmark's protocol), trees learned that no
    // short word is ever right and buried `i` after `items.get(` (see also EmbeddedCodeModelTest)
    WordReranker.Part part = WordReranker.forLanguage(Language.JAVA).part(false);
    double[] i = new double[WordReranker.SIZE];
    double[] items = new double[WordReranker.SIZE];
    i[WordReranker.LOG_P] = Math.log(0.8);
    items[WordReranker.LOG_P] = Math.log(0.02);
    i[WordReranker.LOG_LENGTH] = 0;
    items[WordReranker.LOG_LENGTH] = Math.log(5);
    for (double[] x : new double[][] {i, items}) {
      x[WordReranker.USED_BEFORE] = 1;
      x[WordReranker.RECENCY_20] = 0.8;
      x[WordReranker.RECENCY_200] = 0.98;
      x[WordReranker.LOG_STATIC] = x[WordReranker.LOG_P];
      x[WordReranker.LOG_FILE] = x[WordReranker.LOG_P];
    }
    double[] s = part.scores(List.of(items, i));
    assertThat(s[1]).isGreaterThan(s[0]);
  }

  @Test
  void should_read_back_the_weights_it_writes() {
    WordReranker shipped = WordReranker.forLanguage(Language.PYTHON);
    WordReranker again = WordReranker.parse("# a comment\n\n" + shipped.toText());
    for (boolean typed : new boolean[] {false, true}) {
      assertThat(again.part(typed)).isEqualTo(shipped.part(typed));
    }
    WordReranker linear =
        new WordReranker(
            new WordReranker.Part(feature(WordReranker.LOG_P, 1), Calibration.NEVER),
            new WordReranker.Part(feature(WordReranker.LOG_P, 2), Calibration.NEVER));
    assertThat(WordReranker.parse(linear.toText()).part(false)).isEqualTo(linear.part(false));
    assertThat(WordReranker.parse(linear.toText()).part(true).gate().threshold())
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void should_name_what_is_wrong_in_a_weights_text() {
    String good = WordReranker.forLanguage(Language.JAVA).toText();
    assertThatThrownBy(() -> WordReranker.parse(good.replace("typed.gate ", "typed.gateway ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("typed.gate missing");
    assertThatThrownBy(() -> WordReranker.parse(good + "none.threshold 1\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none.threshold repeated");
    assertThatThrownBy(() -> WordReranker.parse(good.replace("none.weights ", "none.weights x ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(
            () -> WordReranker.parse(good.replace("none.hidden.bias ", "none.hidden.bias 1 ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            (WordReranker.forLanguage(Language.JAVA).part(false).hidden().units() + 1) + " units");
    assertThatThrownBy(() -> WordReranker.parse(good.replace("none.weights ", "none.weights 1 ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected " + WordReranker.SIZE + " weights");
  }

  @Test
  void should_compute_tanh_as_the_jdk_does_within_rounding() {
    java.util.Random random = new java.util.Random(5);
    for (int k = 0; k < 100_000; k++) {
      double z = random.nextGaussian() * (k % 3 == 0 ? 0.01 : k % 3 == 1 ? 2 : 30);
      assertThat(WordReranker.Hidden.tanh(z)).isCloseTo(Math.tanh(z), within(1e-15));
    }
    assertThat(WordReranker.Hidden.tanh(0)).isZero();
    assertThat(WordReranker.Hidden.tanh(1e300)).isEqualTo(1);
    assertThat(WordReranker.Hidden.tanh(-1e300)).isEqualTo(-1);
    assertThat(WordReranker.Hidden.tanh(Double.NaN)).isNaN();
  }

  @Test
  void should_score_a_candidate_bit_for_bit_as_the_layers_definition_skipping_its_zero_features() {
    Random random = new Random(11);
    int units = 96;
    double[] in = new double[units * WordReranker.SIZE];
    double[] bias = new double[units];
    double[] out = new double[units];
    for (int j = 0; j < in.length; j++) {
      in[j] = random.nextGaussian();
    }
    for (int h = 0; h < units; h++) {
      bias[h] = random.nextGaussian();
      out[h] = random.nextGaussian();
    }
    WordReranker.Hidden layer = new WordReranker.Hidden(in, bias, out);
    for (int k = 0; k < 200; k++) {
      double[] x = new double[WordReranker.SIZE];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextBoolean() ? 0 : random.nextGaussian() * 3;
      }
      // the definition, unit by unit
      double expected = 0;
      for (int h = 0; h < units; h++) {
        double z = bias[h];
        for (int i = 0; i < x.length; i++) {
          z += in[h * WordReranker.SIZE + i] * x[i];
        }
        expected += out[h] * Math.tanh(z);
      }
      assertThat(layer.score(x)).isCloseTo(expected, within(1e-12));
      assertThat(layer.score(x, new double[units])).isEqualTo(layer.score(x));
    }
  }
}
