package dev.codeloop.completion.context;

import java.util.HashSet;
import java.util.Set;

/** Splits code into identifier tokens for similarity scoring. */
final class Identifiers {
  private static final Set<String> NOISE =
      Set.of(
          "if",
          "else",
          "for",
          "while",
          "return",
          "new",
          "this",
          "self",
          "public",
          "private",
          "protected",
          "static",
          "final",
          "void",
          "int",
          "var",
          "let",
          "const",
          "def",
          "func",
          "fn",
          "in",
          "of",
          "is",
          "and",
          "or",
          "not",
          "true",
          "false",
          "null",
          "nil",
          "None",
          "True",
          "False",
          "import",
          "from",
          "class",
          "function",
          "the",
          "to",
          "a",
          "an");

  private Identifiers() {}

  /**
   * Distinct identifiers of at least two characters in {@code text[start, end)}, minus keywords.
   */
  static Set<String> of(CharSequence text, int start, int end) {
    Set<String> out = new HashSet<>();
    int i = start;
    while (i < end) {
      char c = text.charAt(i);
      if (Character.isLetter(c) || c == '_') {
        int s = i;
        while (i < end && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        if (i - s >= 2) {
          String w = text.subSequence(s, i).toString();
          if (!NOISE.contains(w)) {
            out.add(w);
          }
        }
      } else {
        i++;
      }
    }
    return out;
  }
}
