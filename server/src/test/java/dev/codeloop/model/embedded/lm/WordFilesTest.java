package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordFilesTest {
  private final Vocabulary vocabulary = new Vocabulary();
  private final List<String> keys = new ArrayList<>();
  private final List<int[]> documents = new ArrayList<>();

  private void document(String key, String text) {
    keys.add(key);
    documents.add(
        new TokenEncoder(vocabulary)
            .encode(new CodeLexer(Language.PYTHON).significantTokens(text), true));
  }

  private int id(String word) {
    return vocabulary.lookup(word);
  }

  private int[] ids(String... words) {
    int[] out = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      out[i] = id(words[i]);
    }
    return out;
  }

  /** Three documents about sockets, three about parsing, twenty of filler. */
  private WordFiles workspace() {
    for (int i = 0; i < 3; i++) {
      document(
          "sock" + i,
          "def serve%d(self):\n    sock = socket.socket()\n    data = sock.recv(1024)\n    sock.sendall(data)\n"
              .formatted(i));
    }
    for (int i = 0; i < 3; i++) {
      document(
          "parse" + i,
          "def parse%d(self, text):\n    tree = parser.feed(text)\n    return tree.root\n"
              .formatted(i));
    }
    for (int i = 0; i < 20; i++) {
      document("filler" + i, "def helper%d(value):\n    return value + %d\n".formatted(i, i));
    }
    return WordFiles.learn(Language.PYTHON, vocabulary, keys, documents);
  }

  @Test
  void should_index_each_name_once_per_document_and_no_keywords_or_punctuation() {
    WordFiles files = workspace();

    assertThat(files.documents()).isEqualTo(26);
    assertThat(files.frequency(id("sock"))).isEqualTo(3); // three uses in each, counted once
    assertThat(files.frequency(id("value"))).isEqualTo(20);
    assertThat(files.frequency(id("def"))).isZero(); // a keyword
    assertThat(files.frequency(id("return"))).isZero();
    assertThat(files.frequency(id("("))).isZero();
    assertThat(files.frequency(id("serve0"))).isEqualTo(1);
    assertThat(files.frequency(-1)).isZero();
    assertThat(files.frequency(vocabulary.size() + 5)).isZero(); // learned after the index
  }

  @Test
  void should_find_the_documents_sharing_the_windows_rare_names() {
    WordFiles files = workspace();

    // a window that opened a socket: the socket files are its neighbours, so recv and sendall,
    // which it has not used yet, are likely; feed is not
    WordFiles.Neighbours near = files.neighbours(ids("sock", "socket"), null);

    assertThat(near.size()).isEqualTo(3);
    assertThat(near.share(id("recv"))).isCloseTo(1.0, within(1e-9));
    assertThat(near.share(id("sendall"))).isCloseTo(1.0, within(1e-9));
    assertThat(near.share(id("feed"))).isZero();
    assertThat(near.share(id("value"))).isZero();

    WordFiles.Neighbours parsing = files.neighbours(ids("tree", "text", "text"), null);
    assertThat(parsing.share(id("feed"))).isCloseTo(1.0, within(1e-9));
    assertThat(parsing.share(id("recv"))).isZero();
  }

  @Test
  void should_weigh_neighbours_by_the_rare_names_they_share() {
    document("a", "alpha = beta + gamma\n");
    document("b", "alpha = delta + epsilon\n");
    document("c", "beta = zeta + eta\n");
    document("d", "lonely = theta + iota\n");
    for (int i = 0; i < 6; i++) {
      document("x" + i, "x%d = y%d + z%d\n".formatted(i, i, i));
    }
    WordFiles files = WordFiles.learn(Language.PYTHON, vocabulary, keys, documents);

    WordFiles.Neighbours near = files.neighbours(ids("alpha", "beta", "lonely"), null);

    // "a" shares alpha and beta, "b" alpha, "c" beta (all three of three names): "a" weighs as
    // much as the two others together; lonely is in one document only and does not count
    assertThat(near.size()).isEqualTo(3);
    assertThat(near.share(id("gamma"))).isCloseTo(0.5, within(1e-9));
    assertThat(near.share(id("delta"))).isCloseTo(0.25, within(1e-9));
    assertThat(near.share(id("zeta"))).isCloseTo(0.25, within(1e-9));
    assertThat(near.share(id("alpha"))).isCloseTo(0.75, within(1e-9));
    assertThat(near.share(id("theta"))).isZero();
  }

  @Test
  void should_leave_out_the_cursors_own_document() {
    WordFiles files = workspace();

    WordFiles.Neighbours near = files.neighbours(ids("sock", "socket"), "sock0");

    assertThat(near.size()).isEqualTo(2);
    assertThat(near.share(id("serve0"))).isZero(); // only sock0 uses it
    assertThat(near.share(id("serve1"))).isGreaterThan(0);
  }

  @Test
  void should_find_no_neighbours_for_common_or_unknown_names() {
    WordFiles files = workspace();

    // self is in six of 26 documents, value in 20: more than COMMON of them
    assertThat(files.neighbours(ids("self", "value"), null).size()).isZero();
    assertThat(files.neighbours(new int[] {Vocabulary.UNK, vocabulary.size() + 3}, null).size())
        .isZero();
    assertThat(files.neighbours(new int[0], null).share(id("recv"))).isZero();
    assertThat(WordFiles.EMPTY.neighbours(ids("sock"), null).size()).isZero();
  }

  @Test
  void should_keep_at_most_the_best_neighbours() {
    for (int i = 0; i < 40; i++) {
      document("d" + i, "shared = other%d\n".formatted(i % 20));
    }
    for (int i = 0; i < 200; i++) {
      document("filler" + i, "unrelated%d = 1\n".formatted(i));
    }
    WordFiles files = WordFiles.learn(Language.PYTHON, vocabulary, keys, documents);

    assertThat(files.neighbours(ids("shared"), null).size()).isEqualTo(WordFiles.NEIGHBOURS);
  }
}
