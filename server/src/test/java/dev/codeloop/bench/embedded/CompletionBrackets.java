package dev.codeloop.bench.embedded;

/** Bracket nesting change of a token (mirrors the product's rule). */
final class CompletionBrackets {
  private CompletionBrackets() {}

  static int paren(String token) {
    return switch (token) {
      case "(", "[" -> 1;
      case ")", "]" -> -1;
      default -> 0;
    };
  }

  static int delta(String token) {
    return switch (token) {
      case "{", "(", "[" -> 1;
      case "}", ")", "]" -> -1;
      default -> 0;
    };
  }
}
