package dev.codeloop.model.embedded.lex;

/** Lexical category of a {@link Token}. */
public enum TokenKind {
  IDENTIFIER,
  KEYWORD,
  NUMBER,
  STRING,
  CHAR,
  OPERATOR,
  /** A line break (one token per line break). */
  NEWLINE,
  /** Leading whitespace of a line. */
  INDENT,
  /** Whitespace inside a line. */
  WHITESPACE,
  COMMENT;

  /** Whether the token takes part in the language model's token stream. */
  public boolean significant() {
    return this != NEWLINE && this != INDENT && this != WHITESPACE && this != COMMENT;
  }
}
