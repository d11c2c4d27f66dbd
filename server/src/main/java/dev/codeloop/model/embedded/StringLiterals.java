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
  static final int MIN_SEEN_TYPED = 2;

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
      Counted best = mostFrequent(e.getValue());
      if (best.total() >= MIN_SEEN && best.sure() && !best.literal().isEmpty()) {
        chosen.put(e.getKey(), best.literal());
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

  /**
   * The rest of the string literal begun as {@code typed} (its opening quote and what follows it;
   * the cursor inside it) after the last two of {@code before} (the tokens before it): the literal
   * of {@code before} that followed the same two tokens, begins with {@code typed} and is longer,
   * when it is at least {@value #MIN_SHARE} of those and seen at least {@value #MIN_SEEN_TYPED}
   * times; null otherwise.
   */
  static String rest(List<Token> before, String typed) {
    int n = before.size();
    if (n < 2 || openQuote(typed) == null) {
      return null;
    }
    String two = before.get(n - 2).modelText();
    String one = before.get(n - 1).modelText();
    Map<String, Integer> counts = null;
    for (int i = 2; i < n; i++) {
      Token t = before.get(i);
      String text = t.text();
      if (t.kind() != TokenKind.STRING
          || text.length() <= typed.length()
          || !text.startsWith(typed)
          || !renderable(text)
          || openQuote(text) != null
          || !before.get(i - 1).modelText().equals(one)
          || !before.get(i - 2).modelText().equals(two)) {
        continue;
      }
      if (counts == null) {
        counts = new HashMap<>();
      }
      counts.merge(text, 1, Integer::sum);
    }
    if (counts == null) {
      return null;
    }
    Counted best = mostFrequent(counts);
    return best.count() >= MIN_SEEN_TYPED && best.sure()
        ? best.literal().substring(typed.length())
        : null;
  }

  /**
   * A literal with the most uses among {@code counts} (the first met of equal ones), its uses and
   * all the literals' together.
   */
  private static Counted mostFrequent(Map<String, Integer> counts) {
    int total = 0;
    int best = 0;
    String literal = "";
    for (Map.Entry<String, Integer> c : counts.entrySet()) {
      total += c.getValue();
      if (c.getValue() > best) {
        best = c.getValue();
        literal = c.getKey();
      }
    }
    return new Counted(literal, best, total);
  }

  private record Counted(String literal, int count, int total) {
    /** Whether the literal has at least {@link #MIN_SHARE} of the uses. */
    boolean sure() {
      return count >= MIN_SHARE * total;
    }
  }

  /**
   * The quote that closes {@code literal} when it is still open (the cursor inside it): a single or
   * double quote, three of either, or a backtick; null when it is closed or no string.
   */
  static String openQuote(String literal) {
    int q = 0;
    while (q < literal.length() && Character.isLetter(literal.charAt(q))) {
      q++; // a prefix: f, r, b, rb, u
    }
    if (q >= literal.length()) {
      return null;
    }
    char c = literal.charAt(q);
    if (c != '\'' && c != '"' && c != '`') {
      return null;
    }
    String triple = String.valueOf(c).repeat(3);
    String quote = literal.startsWith(triple, q) ? triple : String.valueOf(c);
    int body = q + quote.length();
    if (literal.length() >= body + quote.length() && literal.endsWith(quote)) {
      int backslashes = 0;
      for (int i = literal.length() - quote.length() - 1;
          i >= body && literal.charAt(i) == '\\';
          i--) {
        backslashes++;
      }
      if (backslashes % 2 == 0) {
        return null; // closed
      }
    }
    return quote;
  }

  private static String key(String twoBefore, String oneBefore) {
    return twoBefore + '\0' + oneBefore;
  }

  private static boolean renderable(String literal) {
    return literal.length() <= MAX_LENGTH && literal.indexOf('\n') < 0 && literal.indexOf('\r') < 0;
  }
}
