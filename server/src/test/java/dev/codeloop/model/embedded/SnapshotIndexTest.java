package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lm.TokenCodec;
import dev.codeloop.model.embedded.lm.TrieModelBuilder;
import dev.codeloop.model.embedded.lm.TypeMembers;
import dev.codeloop.model.embedded.lm.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The static snapshot's index of its words by start character (what the vocabulary scans use). */
class SnapshotIndexTest {
  private static final List<String> WORDS =
      List.of("getValue", "GetThing", "setValue", "value", "_hidden", "élan", "x1");

  @Test
  void should_list_for_a_start_character_exactly_the_words_it_starts_or_starts_a_hump_of() {
    // given
    Vocabulary vocabulary = new Vocabulary();
    int[] doc = new int[WORDS.size()];
    for (int i = 0; i < WORDS.size(); i++) {
      doc[i] = TokenCodec.encode(vocabulary.id(WORDS.get(i)), false);
    }
    LanguageState.Snapshot snapshot =
        LanguageState.Snapshot.of(
            new TrieModelBuilder(3, false).build(List.of(doc), vocabulary.size()),
            vocabulary,
            TypeMembers.EMPTY);

    // then: by first letter or hump ignoring case; a word with a character beyond ASCII at a
    // start is listed for every character; a typed text starting beyond ASCII scans everything
    assertThat(words(snapshot, vocabulary, "g"))
        .containsExactlyInAnyOrder("getValue", "GetThing", "élan");
    assertThat(words(snapshot, vocabulary, "V"))
        .containsExactlyInAnyOrder("getValue", "setValue", "value", "élan");
    assertThat(words(snapshot, vocabulary, "t")).containsExactlyInAnyOrder("GetThing", "élan");
    assertThat(words(snapshot, vocabulary, "_")).containsExactlyInAnyOrder("_hidden", "élan");
    assertThat(snapshot.candidatesFor(WordRanking.neededStart("éc"))).isNull();
    assertThat(snapshot.candidatesFor(WordRanking.neededStart(""))).isNull();
    // in the order of the scan (positions ascending in byFrequency)
    int[] positions = snapshot.candidatesFor(WordRanking.neededStart("v"));
    for (int k = 1; k < positions.length; k++) {
      assertThat(positions[k]).isGreaterThan(positions[k - 1]);
    }
  }

  private static List<String> words(
      LanguageState.Snapshot snapshot, Vocabulary vocabulary, String typed) {
    List<String> out = new ArrayList<>();
    for (int i : snapshot.candidatesFor(WordRanking.neededStart(typed))) {
      out.add(vocabulary.word(snapshot.byFrequency()[i]));
    }
    return out;
  }
}
