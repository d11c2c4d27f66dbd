package dev.codeloop.model.embedded.lex;

/** Reserved model token texts. */
public final class ReservedTokens {
  /** A string literal, whatever its content. */
  public static final String STRING = "<str>";

  /** A character literal. */
  public static final String CHAR = "<chr>";

  private ReservedTokens() {}

  /** Whether the model token cannot be rendered back to source text. */
  public static boolean isPlaceholder(String modelToken) {
    return modelToken.startsWith("<")
        && modelToken.endsWith(">")
        && modelToken.length() > 2
        && (modelToken.equals(STRING)
            || modelToken.equals(CHAR)
            || modelToken.equals("<unk>")
            || modelToken.equals("<s>"));
  }
}
