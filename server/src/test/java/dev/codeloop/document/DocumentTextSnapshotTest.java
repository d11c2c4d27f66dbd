package dev.codeloop.document;

import static dev.codeloop.document.DocumentAssertions.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentTextSnapshotTest {
  @Test
  void should_leave_old_versions_unchanged_when_editing_newer_ones() {
    // given
    String original = "class A {\r\n  int x;\r}\n😀 end";
    DocumentText first = DocumentText.of(original, 4);
    List<DocumentText> versions = new ArrayList<>();
    versions.add(first);

    // when
    DocumentText current = first;
    for (int i = 0; i < 200; i++) {
      int at = (i * 7) % (current.length() + 1);
      current =
          current.replace(at, Math.min(current.length(), at + i % 3), i % 5 == 0 ? "\n" : "ab\r");
      versions.add(current);
    }

    // then
    assertThat(first.toString()).isEqualTo(original);
    assertMatches(first, new ReferenceText(original));
    assertThat(first.positionAt(first.length(), PositionEncoding.UTF8))
        .isEqualTo(new TextPosition(3, 8));
    for (int i = 1; i < versions.size(); i++) {
      assertThat(versions.get(i)).isNotSameAs(versions.get(i - 1));
    }
  }

  @Test
  void should_keep_no_whole_text_string_when_opened_or_read() {
    // given
    String opened = "x".repeat(5_000) + "\n" + "y".repeat(3_000);
    DocumentText document = DocumentText.of(opened);
    DocumentText edited = document.replace(10, 20, "z");

    // when
    String once = document.toString();
    String twice = document.toString();
    String editedOnce = edited.toString();

    // then: each whole-text read is built anew from the rope (no cached or kept copy)
    assertThat(once).isEqualTo(opened).isNotSameAs(opened);
    assertThat(twice).isEqualTo(opened).isNotSameAs(once);
    assertThat(document.slice(0, document.length())).isEqualTo(opened).isNotSameAs(once);
    assertThat(edited.toString()).isEqualTo(editedOnce).isNotSameAs(editedOnce);
    assertThat(editedOnce).isEqualTo(opened.substring(0, 10) + "z" + opened.substring(20));
  }

  @Test
  void should_append_ranges_and_list_lines_without_the_whole_text() {
    // given
    DocumentText document = DocumentText.of("ab\r\ncd\ref\n\ngh\n", 3);
    StringBuilder out = new StringBuilder(">");

    // when
    document.appendTo(out, 1, 8);
    List<String> lines = document.lines();

    // then
    assertThat(out).hasToString(">b\r\ncd\re");
    assertThat(lines).containsExactly("ab", "cd", "ef", "", "gh");
    assertThat(DocumentText.of("").lines()).isEmpty();
    assertThat(DocumentText.of("\n").lines()).containsExactly("");
    assertThat(DocumentText.of("last").lines()).containsExactly("last");
    assertThatThrownBy(() -> lines.get(5)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> document.appendTo(out, 4, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void should_build_balanced_rope_when_document_is_large() {
    // given
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("    int field").append(i).append(" = ").append(i).append(";\n");
    }

    // when
    DocumentText document = DocumentText.of(text.toString());

    // then
    assertThat(document.lineCount()).isEqualTo(20_001);
    assertThat(document.lineText(12_345)).isEqualTo("    int field12345 = 12345;");
    int leaves = (document.length() + 511) / 512;
    assertThat(document.root().height)
        .isLessThanOrEqualTo(32 - Integer.numberOfLeadingZeros(leaves));
    DocumentAssertions.assertRopeInvariants(document.root(), DocumentText.DEFAULT_MAX_LEAF);
  }

  @Test
  void should_stay_balanced_when_typing_many_characters_at_one_place() {
    // given
    DocumentText document = DocumentText.of("a\n".repeat(2_000), 16);

    // when
    for (int i = 0; i < 5_000; i++) {
      document = document.replace(1_000 + i % 7, 1_000 + i % 7, i % 11 == 0 ? "\r" : "z");
    }

    // then
    DocumentAssertions.assertRopeInvariants(document.root(), 16);
    assertThat(document.root().height).isLessThanOrEqualTo(20);
  }

  @Test
  void should_index_line_breaks_anywhere_in_the_longest_leaves() {
    // given: leaves of up to 65,535 chars, line breaks past offset 32,767 of a leaf
    String text = "x".repeat(40_000) + "\n" + "y\r\n".repeat(8_000) + "\r" + "z".repeat(20_000);
    DocumentText document = DocumentText.of(text, RopeLeaf.MAX_LENGTH);

    // when
    DocumentText edited = document.replace(60_000, 60_000, "\n\r\nw\n");

    // then
    assertMatches(document, new ReferenceText(text));
    String expected = text.substring(0, 60_000) + "\n\r\nw\n" + text.substring(60_000);
    assertMatches(edited, new ReferenceText(expected));
    assertThat(edited.lineOfOffset(60_004)).isEqualTo(new ReferenceText(expected).lineOf(60_004));
    assertThatThrownBy(() -> DocumentText.of("a", RopeLeaf.MAX_LENGTH + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_report_utf8_length_when_surrogate_pairs_span_leaves() {
    // given
    String text = "a😀é€\uD83Db\r\n中";

    // when
    DocumentText document = DocumentText.of(text, 1);

    // then
    assertThat(document.utf8Length()).isEqualTo(1 + 4 + 2 + 3 + 3 + 1 + 2 + 3);
  }

  @Test
  void should_reject_offsets_outside_the_text() {
    // given
    DocumentText document = DocumentText.of("abc");

    // when / then
    assertThatThrownBy(() -> document.replace(2, 4, "x"))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> document.replace(2, 1, "x"))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> document.charAt(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> document.slice(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
