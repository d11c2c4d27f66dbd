package dev.codeloop.document;

import static dev.codeloop.document.DocumentAssertions.assertObservablesMatch;
import static dev.codeloop.document.DocumentAssertions.assertPositionsMatch;
import static dev.codeloop.document.DocumentAssertions.assertRopeInvariants;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentTextRandomizedTest {
  private static final long SEED = 0x5EED_C0DEL;
  private static final int EDITS = 3_000;
  private static final String[] PIECES = {
    "a", "b", "x", " ", "\t", "{", "\r", "\n", "\r\n", "\n\r", "😀", "🎉", "é", "€", "中", "\uD83D",
    "\uDE00", "line\n", "word"
  };

  @ParameterizedTest(name = "leaf size {0}")
  @ValueSource(ints = {1, 3, 8, 64, DocumentText.DEFAULT_MAX_LEAF})
  void should_match_reference_model_when_applying_random_edits(int leafSize) {
    // given
    Random random = new Random(SEED + leafSize);
    String initial = randomText(random, 400);
    DocumentText document = DocumentText.of(initial, leafSize);
    ReferenceText reference = new ReferenceText(initial);

    for (int i = 0; i < EDITS; i++) {
      // when
      if (random.nextInt(100) < 60) {
        PositionEncoding enc = randomEncoding(random);
        List<TextChange> changes = randomChanges(random, reference);
        document = document.apply(changes, enc);
        reference = reference.apply(changes, enc);
      } else {
        int a = random.nextInt(reference.text().length() + 1);
        int b = Math.min(reference.text().length(), a + random.nextInt(12));
        String text = randomText(random, random.nextInt(4) == 0 ? 40 : 4);
        document = document.replace(a, b, text);
        reference = reference.replace(a, b, text);
      }

      // then
      assertObservablesMatch(document, reference);
      if (i % 20 == 0 || i == EDITS - 1) {
        assertRopeInvariants(document.root(), leafSize);
      }
      String whole = reference.text();
      String prefix = whole.substring(0, random.nextInt(whole.length() + 1));
      assertThat(document.startsWith(prefix)).isTrue();
      assertThat(document.startsWith(whole + "x")).isFalse();
      if (!prefix.isEmpty()) {
        int at = random.nextInt(prefix.length());
        char other = prefix.charAt(at) == 'q' ? 'r' : 'q';
        String changed = prefix.substring(0, at) + other + prefix.substring(at + 1);
        assertThat(document.startsWith(changed)).as("changed at %d", at).isFalse();
        assertThat(document.startsWith(new StringBuilder(prefix))).isTrue();
      }
      for (int probe = 0; probe < 8; probe++) {
        int offset = random.nextInt(reference.text().length() + 5) - 2;
        assertPositionsMatch(document, reference, offset, randomPosition(random, reference));
      }
    }
  }

  private static List<TextChange> randomChanges(Random random, ReferenceText reference) {
    if (random.nextInt(200) == 0) {
      return List.of(TextChange.full(randomText(random, 300)));
    }
    int count = 1 + (random.nextInt(5) == 0 ? random.nextInt(3) : 0);
    TextChange[] changes = new TextChange[count];
    for (int i = 0; i < count; i++) {
      TextPosition start = randomPosition(random, reference);
      TextPosition end =
          random.nextBoolean()
              ? start
              : new TextPosition(start.line() + random.nextInt(3) - 1, random.nextInt(10) - 1);
      changes[i] = TextChange.ranged(start, end, randomText(random, random.nextInt(3)));
    }
    return List.of(changes);
  }

  private static TextPosition randomPosition(Random random, ReferenceText reference) {
    int line = random.nextInt(reference.lineCount() + 4) - 2;
    int character = random.nextInt(20) == 0 ? Integer.MAX_VALUE : random.nextInt(24) - 2;
    return new TextPosition(line, character);
  }

  private static PositionEncoding randomEncoding(Random random) {
    PositionEncoding[] values = PositionEncoding.values();
    return values[random.nextInt(values.length)];
  }

  private static String randomText(Random random, int maxPieces) {
    StringBuilder out = new StringBuilder();
    int pieces = maxPieces == 0 ? 0 : random.nextInt(maxPieces + 1);
    for (int i = 0; i < pieces; i++) {
      out.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return out.toString();
  }
}
