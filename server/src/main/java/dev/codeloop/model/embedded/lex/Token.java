package dev.codeloop.model.embedded.lex;

/**
 * A lexical token with its source text.
 *
 * @param start offset of the first character in the source
 * @param line zero-based line of the first character
 */
public record Token(TokenKind kind, String text, int start, int line) {

  /**
   * The token as the language model sees it: literals are normalised to {@code <str>}/{@code
   * <chr>}.
   */
  public String modelText() {
    return switch (kind) {
      case STRING -> ReservedTokens.STRING;
      case CHAR -> ReservedTokens.CHAR;
      default -> text;
    };
  }

  public int end() {
    return start + text.length();
  }

  /**
   * Whether {@code w} is a word: a letter, {@code _} or {@code $}, then letters, digits, {@code _}
   * or {@code $} (what an identifier or a keyword looks like in every language we lex).
   */
  public static boolean isWord(String w) {
    if (w.isEmpty()
        || !(Character.isLetter(w.charAt(0)) || w.charAt(0) == '_' || w.charAt(0) == '$')) {
      return false;
    }
    for (int i = 1; i < w.length(); i++) {
      if (!isWordChar(w.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code c} can be part of a word ({@link #isWord}). */
  public static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
