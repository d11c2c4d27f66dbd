package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lex.TokenKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The string literals of the text before the cursor, by the two tokens before each: what a ghost
 * text shows where the model predicts a string ({@code <str>}, which it cannot spell). After two
 * tokens ({@code encoding =}, {@code getProperty (}) a literal is chosen when that pair was
 * followed by a string at least {@value #MIN_SEEN} times, this one {@value #MIN_SHARE} of them or
 * more; elsewhere the ghost text stops before the string, as it always did. Literals over one line
 * or {@value #MAX_LENGTH} characters are never chosen. Immutable.
 */
final class StringLiterals {
  static final int MIN_SEEN = 2;
  static final double MIN_SHARE = 0.8;
  static final int MAX_LENGTH = 80;

  static final StringLiterals NONE = new StringLiterals(Map.of());

  /** By "two before \0 one before" (model texts): the literal chosen there. */
  private final Map<String, String> chosen;

  private StringLiterals(Map<String, String> chosen) {
    this.chosen = chosen;
  }

  /**
   * The literals of {@code tokens} (significant tokens of the text before the cursor, in order).
   */
  static StringLiterals of(List<Token> tokens) {
    Map<String, Map<String, Integer>> seen = null;
    for (int i = 2; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != TokenKind.STRING) {
        continue;
      }
      if (seen == null) {
        seen = new HashMap<>();
      }
      String literal = renderable(t.text()) ? t.text() : "";
      seen.computeIfAbsent(
              key(tokens.get(i - 2).modelText(), tokens.get(i - 1).modelText()),
              k -> new HashMap<>())
          .merge(literal, 1, Integer::sum);
    }
    if (seen == null) {
      return NONE;
    }
    Map<String, String> chosen = new HashMap<>();
    for (Map.Entry<String, Map<String, Integer>> e : seen.entrySet()) {
      int total = 0;
      int best = 0;
      String bestLiteral = "";
      for (Map.Entry<String, Integer> c : e.getValue().entrySet()) {
        total += c.getValue();
        if (c.getValue() > best) {
          best = c.getValue();
          bestLiteral = c.getKey();
        }
      }
      if (total >= MIN_SEEN && best >= MIN_SHARE * total && !bestLiteral.isEmpty()) {
        chosen.put(e.getKey(), bestLiteral);
      }
    }
    return chosen.isEmpty() ? NONE : new StringLiterals(Map.copyOf(chosen));
  }

  /**
   * The literal to show after {@code twoBefore} and {@code oneBefore} (model texts), or null when
   * none is sure enough.
   */
  String after(String twoBefore, String oneBefore) {
    if (chosen.isEmpty() || twoBefore == null || oneBefore == null) {
      return null;
    }
    return chosen.get(key(twoBefore, oneBefore));
  }

  private static String key(String twoBefore, String oneBefore) {
    return twoBefore + '\0' + oneBefore;
  }

  private static boolean renderable(String literal) {
    return literal.length() <= MAX_LENGTH && literal.indexOf('\n') < 0 && literal.indexOf('\r') < 0;
  }
}
