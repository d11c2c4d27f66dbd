package dev.codeloop.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentTextPositionTest {
  private static final String TEXT = "ab\r\n😀é\rx\n\nlast";

  @ParameterizedTest(name = "({0},{1}) {2} -> {3}")
  @CsvSource({
    "-1, 3, UTF16, 0",
    "0, -1, UTF16, 0",
    "0, 1, UTF16, 1",
    "0, 2, UTF16, 2",
    "0, 3, UTF16, 2",
    "0, 99, UTF8, 2",
    "1, 1, UTF16, 5",
    "1, 2, UTF16, 6",
    "1, 3, UTF16, 7",
    "1, 4, UTF16, 7",
    "1, 2, UTF8, 4",
    "1, 4, UTF8, 6",
    "1, 5, UTF8, 6",
    "1, 6, UTF8, 7",
    "1, 1, UTF32, 6",
    "1, 2, UTF32, 7",
    "1, 3, UTF32, 7",
    "2, 9, UTF16, 9",
    "3, 0, UTF16, 10",
    "3, 5, UTF32, 10",
    "4, 2, UTF8, 13",
    "5, 0, UTF16, 15",
    "99, 0, UTF8, 15",
  })
  void should_convert_position_to_offset_with_vscode_clamping(
      int line, int character, PositionEncoding enc, int expected) {
    // given
    DocumentText document = DocumentText.of(TEXT, 2);

    // when
    int offset = document.offsetAt(new TextPosition(line, character), enc);

    // then
    assertThat(offset).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> ({2},{3})")
  @CsvSource({
    "-5, UTF16, 0, 0",
    "2, UTF16, 0, 2",
    "3, UTF16, 0, 3",
    "3, UTF8, 0, 3",
    "4, UTF16, 1, 0",
    "5, UTF16, 1, 1",
    "5, UTF8, 1, 0",
    "5, UTF32, 1, 0",
    "6, UTF8, 1, 4",
    "6, UTF32, 1, 1",
    "7, UTF8, 1, 6",
    "8, UTF32, 2, 0",
    "10, UTF16, 3, 0",
    "16, UTF8, 4, 4",
    "99, UTF16, 4, 4",
  })
  void should_convert_offset_to_position(
      int offset, PositionEncoding enc, int line, int character) {
    // given
    DocumentText document = DocumentText.of(TEXT, 3);

    // when
    TextPosition position = document.positionAt(offset, enc);

    // then
    assertThat(position).isEqualTo(new TextPosition(line, character));
  }
}
