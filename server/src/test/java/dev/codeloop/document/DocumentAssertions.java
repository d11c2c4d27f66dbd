package dev.codeloop.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/** Compares every observable of a DocumentText with the reference and checks the rope's shape. */
final class DocumentAssertions {
  private DocumentAssertions() {}

  static void assertMatches(DocumentText actual, ReferenceText expected) {
    assertObservablesMatch(actual, expected);
    assertRopeInvariants(actual.root(), actual.maxLeaf());
  }

  /** Text, length and line index, without the (slower) structural check of the rope. */
  static void assertObservablesMatch(DocumentText actual, ReferenceText expected) {
    assertThat(actual.toString()).isEqualTo(expected.text());
    assertThat(actual.length()).isEqualTo(expected.text().length());
    assertThat(actual.contentEquals(expected.text())).as("contentEquals").isTrue();
    assertThat(actual.contentEquals(new StringBuilder(expected.text()))).isTrue();
    if (!expected.text().isEmpty()) {
      char first = expected.text().charAt(0);
      String changed = (char) (first + 1) + expected.text().substring(1);
      String shorter = expected.text().substring(1);
      assertThat(actual.contentEquals(changed)).as("contentEquals, first char changed").isFalse();
      assertThat(actual.contentEquals(shorter)).as("contentEquals, shorter").isFalse();
    }
    assertThat(actual.lines()).as("lines").isEqualTo(expected.text().lines().toList());
    assertThat(actual.lineCount()).as("lineCount").isEqualTo(expected.lineCount());
    for (int line = -1; line <= expected.lineCount(); line++) {
      assertThat(actual.lineStartOffset(line))
          .as("lineStart %d", line)
          .isEqualTo(expected.lineStart(line));
      assertThat(actual.lineEndOffset(line))
          .as("lineEnd %d", line)
          .isEqualTo(expected.lineEnd(line));
      assertThat(actual.lineText(line))
          .as("lineText %d", line)
          .isEqualTo(expected.text().substring(expected.lineStart(line), expected.lineEnd(line)));
    }
  }

  static void assertPositionsMatch(
      DocumentText actual, ReferenceText expected, int offset, TextPosition p) {
    assertThat(actual.lineOfOffset(offset))
        .as("lineOf %d", offset)
        .isEqualTo(expected.lineOf(offset));
    for (PositionEncoding enc : PositionEncoding.values()) {
      assertThat(actual.positionAt(offset, enc))
          .as("positionAt %d %s", offset, enc)
          .isEqualTo(expected.positionAt(offset, enc));
      assertThat(actual.offsetAt(p, enc))
          .as("offsetAt %s %s", p, enc)
          .isEqualTo(expected.offsetAt(p, enc));
    }
  }

  /** AVL balance, non-empty children, leaf size bound and summaries recomputed from the text. */
  static void assertRopeInvariants(RopeNode node, int maxLeaf) {
    if (node instanceof RopeBranch branch) {
      assertThat(branch.left.length).isPositive();
      assertThat(branch.right.length).isPositive();
      assertThat(Math.abs(branch.left.height - branch.right.height))
          .as("AVL balance")
          .isLessThanOrEqualTo(1);
      assertRopeInvariants(branch.left, maxLeaf);
      assertRopeInvariants(branch.right, maxLeaf);
    } else {
      assertThat(node.length).as("leaf size").isLessThanOrEqualTo(Math.max(maxLeaf, 0));
    }
    String text = textOf(node);
    ReferenceText reference = new ReferenceText(text);
    assertThat(node.length).isEqualTo(text.length());
    assertThat(node.breaks).as("breaks of %s", text).isEqualTo(reference.lineCount() - 1);
    assertThat(node.utf8Length).isEqualTo(wtf8Length(text));
  }

  private static String textOf(RopeNode node) {
    StringBuilder out = new StringBuilder();
    RopeQueries.appendTo(out, node, 0, node.length);
    return out.toString();
  }

  private static long wtf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      bytes +=
          Character.isSurrogate((char) cp) && cp < 0x10000
              ? 3
              : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      i += Character.charCount(cp);
    }
    return bytes;
  }
}
