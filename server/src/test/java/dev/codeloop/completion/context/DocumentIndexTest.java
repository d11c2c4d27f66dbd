package dev.codeloop.completion.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.context.DocumentIndex.Window;
import dev.codeloop.document.DocumentText;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DocumentIndexTest {
  private static final String[] WORDS = {
    "total",
    "values",
    "index",
    "computeTotal",
    "if",
    "return",
    "for",
    "x",
    "count",
    "List",
    "Map",
    "map_key",
    "item2",
    "a",
    "the",
    "_tmp",
    "resultSet",
    "élan",
    "size",
    "get",
    "None"
  };

  @Test
  void should_score_every_window_as_the_jaccard_similarity_of_its_identifier_set() {
    Random random = new Random(3);
    for (int doc = 0; doc < 20; doc++) {
      // given: a document of random code-like lines and queries drawn from another one
      String text = randomCode(random, 30 + random.nextInt(200));
      DocumentIndex index = DocumentIndex.build(DocumentText.of(text), "java");
      String queryText = randomCode(random, 1 + random.nextInt(15));
      List<Set<String>> queries =
          List.of(
              Identifiers.of(queryText, 0, queryText.length()),
              Set.of(),
              Set.of("nothingLikeThis"),
              Identifiers.of(text, 0, Math.min(text.length(), 300)));
      for (Set<String> query : queries) {
        // when
        double[] scores = index.similarities(query);

        // then: the same doubles as the set-based definition, window by window
        List<Window> windows = index.windows();
        assertThat(scores).hasSize(windows.size());
        for (int w = 0; w < windows.size(); w++) {
          Set<String> ids = Identifiers.of(text, windows.get(w).start(), windows.get(w).end());
          assertThat(windows.get(w).identifiers()).isEqualTo(ids.size());
          assertThat(scores[w]).isEqualTo(jaccard(query, ids));
        }
      }
      assertThat(java.util.Arrays.stream(index.similarities(queries.get(3))).max().orElse(0))
          .isPositive();
    }
  }

  /**
   * The reference: the Jaccard similarity of two identifier sets, |a ∩ b| / |a ∪ b| (0 when either
   * is empty), as the context builder computed it per window before the inverted index.
   */
  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    int common = 0;
    for (String s : small) {
      if (large.contains(s)) {
        common++;
      }
    }
    return (double) common / (a.size() + b.size() - common);
  }

  private static String randomCode(Random random, int lines) {
    StringBuilder b = new StringBuilder();
    for (int l = 0; l < lines; l++) {
      int words = random.nextInt(8);
      b.append("  ".repeat(random.nextInt(3)));
      for (int i = 0; i < words; i++) {
        b.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextBoolean() ? "(" : " ");
      }
      b.append(random.nextInt(4) == 0 ? ";\r\n" : "\n");
    }
    return b.toString();
  }
}
