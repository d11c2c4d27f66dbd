package dev.codeloop.completion.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.cache.CompletionCache;
import dev.codeloop.completion.cache.Generation;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.DocumentText;
import dev.codeloop.model.FimRequest;
import dev.codeloop.settings.ServerSettings.CompletionSettings;
import dev.codeloop.settings.ServerSettings.CompletionStyle;
import dev.codeloop.settings.ServerSettings.PrivacySettings;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A completion reads a window of the document around the cursor instead of a copy of the whole
 * text: whatever it computes from the window must be what it computed from the whole text.
 */
class TextWindowTest {
  private static final Path ROOT = Path.of("/ws").toAbsolutePath();
  private static final String URI = ROOT.resolve("src/Big.java").toUri().toString();

  private final DocumentStore documents = new DocumentStore();
  private final PrivacyFilter privacy =
      new PrivacyFilter(() -> List.of(ROOT), () -> new PrivacySettings(List.of(), true));

  @Test
  void
      should_build_the_same_request_cursor_and_cache_keys_from_the_window_as_from_the_whole_text() {
    // given a long file with imports at the top, nested blocks and a secret-looking line
    String text = javaFile(3000);
    DocumentSnapshot snapshot = documents.open(URI, "java", 1, text);
    Random random = new Random(3);
    for (int contextChars : new int[] {200, 2000, 6000, 40_000}) {
      CompletionSettings settings =
          new CompletionSettings(CompletionStyle.AUTO, 0, 3, 512, 12, contextChars, true);
      ContextBuilder builder =
          new ContextBuilder(documents, new RecentDocuments(4), privacy, () -> settings);
      for (int i = 0; i < 200; i++) {
        int offset = i < 3 ? new int[] {0, 5, text.length()}[i] : random.nextInt(text.length());
        TextWindow whole = TextWindow.of(text, offset);

        // when
        TextWindow window = window(snapshot.text(), offset, offset, null, builder);

        // then
        assertThat(window.text().length()).isLessThan(text.length() / 2);
        assertThat(window.absolute(window.offset())).isEqualTo(offset);
        CursorContext expected = CursorContext.at(text, offset, "java");
        assertThat(CursorContext.at(window.text(), window.offset(), "java")).isEqualTo(expected);
        FimRequest fromWhole = builder.build(snapshot, whole, expected, true, () -> {});
        FimRequest fromWindow = builder.build(snapshot, window, expected, true, () -> {});
        assertThat(fromWindow)
            .as("offset %d, budget %d", offset, contextChars)
            .isEqualTo(fromWhole);
        CompletionCache cache = new CompletionCache(() -> 8);
        Generation g = new Generation(1, Duration.ofMillis(150), System::nanoTime);
        cache.put(URI, text, offset, g);
        assertThat(cache.lookup(URI, window.text(), window.offset()))
            .hasValueSatisfying(hit -> assertThat(hit.generation()).isSameAs(g));
      }
    }
  }

  @Test
  void should_splice_a_selected_item_into_the_window_and_the_head() {
    // given
    String text = "import a.B;\nclass A {\n  void f() {\n    B.ma\n  }\n}\n";
    int start = text.indexOf("ma");
    int end = start + 2;

    // when the selected item "make()" replaces "ma"
    TextWindow w =
        TextWindow.around(DocumentText.of(text), start, 1000, 100, 1000, 10, end, "make()");

    // then
    String spliced = text.substring(0, start) + "make()" + text.substring(end);
    assertThat(w.text()).isEqualTo(spliced);
    assertThat(w.offset()).isEqualTo(start + "make()".length());
    assertThat(w.start()).isZero();
    assertThat(w.head(3)).isEqualTo("import a.B;\nclass A {\n  void f() {\n");
    assertThat(w.head(100)).isEqualTo(spliced);
  }

  @Test
  void should_give_back_the_earlier_head_while_only_text_below_it_changed() {
    // given: a head read once, then an edit below it, then one inside it
    String text = "import a.B;\nimport c.D;\nclass A {\n  int x;\n  int y;\n}\n";
    DocumentText first = DocumentText.of(text);
    String head = TextWindow.around(first, 40, 10, 1, 10, 1, 40, null).head(2);
    DocumentText below = first.replace(text.indexOf("int y"), text.indexOf("int y"), "long z; ");
    DocumentText inside = below.replace(text.indexOf("c.D"), text.indexOf("c.D") + 1, "e");

    // when
    String again = TextWindow.around(below, 40, 10, 1, 10, 1, 40, null).head(2, head);
    String changed = TextWindow.around(inside, 40, 10, 1, 10, 1, 40, null).head(2, head);
    String shorter = TextWindow.around(below, 40, 10, 1, 10, 1, 40, null).head(1, head);

    // then
    assertThat(head).isEqualTo("import a.B;\nimport c.D;\n");
    assertThat(again).isSameAs(head);
    assertThat(changed).isEqualTo("import a.B;\nimport e.D;\n");
    assertThat(shorter).isEqualTo("import a.B;\n");
  }

  @Test
  void should_start_and_end_the_window_at_line_boundaries_beyond_the_budgets() {
    // given
    String text = javaFile(2000);
    DocumentText rope = DocumentText.of(text);
    int offset = text.indexOf("value1001");

    // when
    TextWindow w = TextWindow.around(rope, offset, 500, 10, 300, 3, offset, null);

    // then
    assertThat(w.start()).isPositive().isLessThanOrEqualTo(offset - 500);
    assertThat(text.charAt(w.start() - 1)).isEqualTo('\n');
    assertThat(w.text().length() - w.offset()).isGreaterThanOrEqualTo(300);
    assertThat(w.text()).isEqualTo(text.substring(w.start(), w.start() + w.text().length()));
    assertThat(w.head(2))
        .isEqualTo(text.substring(0, text.indexOf('\n', text.indexOf('\n') + 1) + 1));
  }

  private static TextWindow window(
      DocumentText text, int offset, int end, String replacement, ContextBuilder builder) {
    // the sizes CompletionEngine asks for
    return TextWindow.around(
        text,
        offset,
        Math.max(CompletionCache.CHARS_BEFORE, builder.charsBefore()),
        Math.max(ContextBuilder.LINES_BEFORE, CursorContext.LINES_BEFORE),
        Math.max(CompletionCache.CHARS_AFTER, builder.charsAfter()),
        CursorContext.LINES_AFTER,
        end,
        replacement);
  }

  private static String javaFile(int lines) {
    StringBuilder b =
        new StringBuilder("package app;\n\nimport java.util.List;\nimport java.util.Map;\n\n");
    b.append("class Big {\n");
    for (int i = 0; i < lines; i++) {
      switch (i % 7) {
        case 0 -> b.append("  int value").append(i).append("(List<String> xs) {\n");
        case 1 -> b.append("    int total = xs.size() + ").append(i).append(";\n");
        case 2 ->
            b.append("\tString key = \"sk-proj-abcdefghijklmnopqrstuvwx").append(i).append("\";\n");
        case 3 -> b.append("\n");
        case 4 -> b.append("    if (total > ").append(i).append(") {\r\n");
        case 5 -> b.append("      return total;\n    }\n");
        default -> b.append("    return ").append(i).append(";\n  }\n");
      }
    }
    return b.append("}\n").toString();
  }
}
