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
}
