package dev.codeloop.document;

import static dev.codeloop.document.DocumentAssertions.assertMatches;
import static dev.codeloop.document.PositionEncoding.UTF16;
import static dev.codeloop.document.PositionEncoding.UTF32;
import static dev.codeloop.document.PositionEncoding.UTF8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DocumentTextEditTest {
  private static final int[] LEAF_SIZES = {1, 2, 3, 8, DocumentText.DEFAULT_MAX_LEAF};

  record EditCase(String name, String initial, UnaryOperator<DocumentText> edit, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static TextPosition pos(int line, int character) {
    return new TextPosition(line, character);
  }

  private static EditCase ranged(
      String name,
      String initial,
      TextPosition start,
      TextPosition end,
      String text,
      PositionEncoding enc,
      String expected) {
    return new EditCase(
        name, initial, d -> d.apply(List.of(TextChange.ranged(start, end, text)), enc), expected);
  }

  private static EditCase insert(
      String name,
      String initial,
      int line,
      int ch,
      String text,
      PositionEncoding enc,
      String expected) {
    return ranged(name, initial, pos(line, ch), pos(line, ch), text, enc, expected);
  }

  private static EditCase raw(
      String name, String initial, int start, int end, String text, String expected) {
    return new EditCase(name, initial, d -> d.replace(start, end, text), expected);
  }

  private static EditCase changes(
      String name, String initial, List<TextChange> changes, String expected) {
    return new EditCase(name, initial, d -> d.apply(changes, UTF16), expected);
  }

  static Stream<EditCase> editCases() {
    String doc = "abc\ndef";
    return Stream.of(
        insert("insert at start", doc, 0, 0, "X", UTF16, "Xabc\ndef"),
        insert("insert in middle", doc, 0, 1, "X", UTF16, "aXbc\ndef"),
        insert("insert at end", doc, 1, 3, "X", UTF16, "abc\ndefX"),
        insert("insert into empty document", "", 0, 0, "hi\n", UTF16, "hi\n"),
        ranged("delete at start", doc, pos(0, 0), pos(0, 1), "", UTF16, "bc\ndef"),
        ranged("delete across lines", doc, pos(0, 2), pos(1, 1), "", UTF16, "abef"),
        ranged("delete at end", doc, pos(1, 2), pos(1, 3), "", UTF16, "abc\nde"),
        ranged("delete everything by range", doc, pos(0, 0), pos(1, 3), "", UTF16, ""),
        ranged("replace in middle", doc, pos(0, 1), pos(0, 2), "YY", UTF16, "aYYc\ndef"),
        insert("insert several lines", doc, 0, 3, "\n1\n2", UTF16, "abc\n1\n2\ndef"),
        ranged(
            "replace lines by lines",
            "1\n2\n3\n4",
            pos(1, 0),
            pos(3, 0),
            "x\r\ny\rz\n",
            UTF16,
            "1\nx\r\ny\rz\n4"),
        insert("insert after CRLF", "a\r\nb", 1, 0, "x", UTF16, "a\r\nxb"),
        insert("insert before CRLF", "a\r\nb", 0, 1, "x", UTF16, "ax\r\nb"),
        insert("insert after lone CR", "a\rb", 1, 1, "c", UTF16, "a\rbc"),
        insert("create CRLF by inserting LF after lone CR", "a\rb", 1, 0, "\n", UTF16, "a\r\nb"),
        insert("create CRLF by inserting CR before LF", "a\nb", 0, 1, "\r", UTF16, "a\r\nb"),
        raw("create CRLF by deleting between CR and LF", "a\rX\nb", 2, 3, "", "a\r\nb"),
        raw("create CRLF by deleting a line between", "a\r1\r2\nb", 2, 5, "", "a\r\nb"),
        raw("split CRLF by inserting inside", "a\r\nb", 2, 2, "x", "a\rx\nb"),
        raw("split CRLF by inserting a line break inside", "a\r\nb", 2, 2, "\n", "a\r\n\nb"),
        raw("delete CR of CRLF", "a\r\nb", 1, 2, "", "a\nb"),
        raw("delete LF of CRLF", "a\r\nb", 2, 3, "", "a\rb"),
        insert("insert after surrogate pair in UTF-16", "a😀b", 0, 3, "X", UTF16, "a😀Xb"),
        insert("insert after surrogate pair in UTF-8", "a😀b", 0, 5, "X", UTF8, "a😀Xb"),
        insert("insert after surrogate pair in UTF-32", "a😀b", 0, 2, "X", UTF32, "a😀Xb"),
        insert(
            "keep raw offset inside surrogate pair in UTF-16",
            "a😀b",
            0,
            2,
            "X",
            UTF16,
            "a\uD83DX\uDE00b"),
        insert("round down inside surrogate pair in UTF-8", "a😀b", 0, 3, "X", UTF8, "aX😀b"),
        insert("count multi-byte chars in UTF-8", "é€x", 0, 5, "X", UTF8, "é€Xx"),
        insert("round down inside multi-byte char in UTF-8", "é€x", 0, 1, "X", UTF8, "Xé€x"),
        insert("count code points in UTF-32", "😀é😀", 0, 2, "X", UTF32, "😀éX😀"),
        ranged("replace surrogate pair in UTF-32", "a😀b", pos(0, 1), pos(0, 2), "é", UTF32, "aéb"),
        insert("clamp line after the last", "ab\ncd", 9, 0, "X", UTF16, "ab\ncdX"),
        insert("clamp negative line", "ab\ncd", -1, 5, "X", UTF16, "Xab\ncd"),
        insert(
            "clamp character to content end before CRLF",
            "ab\r\ncd",
            0,
            99,
            "X",
            UTF16,
            "abX\r\ncd"),
        insert(
            "clamp character to content end before lone CR", "ab\rcd", 0, 3, "X", UTF8, "abX\rcd"),
        insert("clamp huge character", "ab\ncd", 0, Integer.MAX_VALUE, "X", UTF16, "abX\ncd"),
        insert("clamp negative character", "ab\r\ncd", 1, -5, "X", UTF16, "ab\r\nXcd"),
        ranged("swap reversed range", "abcdef", pos(0, 4), pos(0, 2), "X", UTF16, "abXef"),
        changes("replace full text", doc, List.of(TextChange.full("new\r\ntext")), "new\r\ntext"),
        changes(
            "resolve several changes in order",
            "abc",
            List.of(
                TextChange.ranged(pos(0, 0), pos(0, 0), "X"),
                TextChange.ranged(pos(0, 1), pos(0, 1), "Y"),
                TextChange.ranged(pos(0, 4), pos(0, 5), "")),
            "XYab"),
        changes(
            "apply ranged change after full change",
            doc,
            List.of(TextChange.full("hello"), TextChange.ranged(pos(0, 5), pos(0, 5), "!\n")),
            "hello!\n"),
        changes("apply no change", doc, List.of(), doc));
  }

  static Stream<Arguments> editCasesForLeafSizes() {
    List<Arguments> arguments = new ArrayList<>();
    editCases()
        .forEach(
            c -> {
              for (int leafSize : LEAF_SIZES) {
                arguments.add(Arguments.of(c, leafSize));
              }
            });
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} (leaf size {1})")
  @MethodSource("editCasesForLeafSizes")
  void should_apply_edit(EditCase editCase, int leafSize) {
    // given
    DocumentText document = DocumentText.of(editCase.initial(), leafSize);

    // when
    DocumentText edited = editCase.edit().apply(document);

    // then
    assertThat(edited.toString()).isEqualTo(editCase.expected());
    assertMatches(edited, new ReferenceText(editCase.expected()));
    assertMatches(document, new ReferenceText(editCase.initial()));
  }
}
