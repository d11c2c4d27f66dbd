package dev.codeloop.model.embedded.lm;

/** Packs a token id and a "line ends after this token" flag into one int. */
public final class TokenCodec {
  static final int LINE_END = 0x80000000;

  private TokenCodec() {}

  public static int encode(int word, boolean lineEndsAfter) {
    return lineEndsAfter ? word | LINE_END : word;
  }

  public static int word(int encoded) {
    return encoded & ~LINE_END;
  }

  public static boolean lineEnds(int encoded) {
    return (encoded & LINE_END) != 0;
  }
}
