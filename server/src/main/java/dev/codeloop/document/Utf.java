package dev.codeloop.document;

/** Code unit counts of code points in the three LSP position encodings. */
final class Utf {
  private Utf() {}

  /** UTF-8 bytes of a code point; a lone surrogate counts as three bytes. */
  static int utf8Units(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    return codePoint < 0x10000 ? 3 : 4;
  }

  static int units(int codePoint, PositionEncoding encoding) {
    return switch (encoding) {
      case UTF16 -> Character.charCount(codePoint);
      case UTF8 -> utf8Units(codePoint);
      case UTF32 -> 1;
    };
  }
}
