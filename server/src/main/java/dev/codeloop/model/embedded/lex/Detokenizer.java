package dev.codeloop.model.embedded.lex;

import java.util.List;
import java.util.Set;

/**
 * Renders model tokens back to idiomatic source text for a language: {@code foo(a, b) {}, {@code x = y
 * + 1;}, {@code List<String>}, {@code def f(x):}.
 */
public final class Detokenizer {

  private static final Set<String> NO_SPACE_BEFORE =
      Set.of(")", "]", ",", ";", ".", "?.", "::", "++", "--", "...");
  private static final Set<String> NO_SPACE_AFTER =
      Set.of("(", "[", ".", "?.", "::", "@", "~", "!");
  private static final Set<String> CONTROL_KEYWORDS =
      Set.of(
          "if",
          "for",
          "while",
          "switch",
          "catch",
          "synchronized",
          "try",
          "return",
          "elif",
          "with",
          "assert",
          "match",
          "in",
          "not",
          "and",
          "or",
          "yield",
          "await",
          "throw",
          "case",
          "sizeof");
  private static final Set<String> VALUE_END = Set.of(")", "]", "}");

  private final Language language;

  public Detokenizer(Language language) {
    this.language = language;
  }

  /** Renders one line of tokens (no leading whitespace). */
  public String renderLine(List<String> tokens) {
    StringBuilder sb = new StringBuilder();
    String prev = null;
    String prevPrev = null;
    int generics = 0;
    for (String t : tokens) {
      boolean closesGeneric = generics > 0 && (t.equals(">") || t.equals(">>"));
      if (prev != null && !closesGeneric && spaceBetween(prevPrev, prev, t)) {
        sb.append(' ');
      }
      if (t.equals("<") && prev != null && isGenericOpen(prevPrev, prev, t)) {
        generics++;
      } else if (closesGeneric) {
        generics = Math.max(0, generics - t.length());
      }
      sb.append(t);
      prevPrev = prev;
      prev = t;
    }
    return sb.toString();
  }

  /**
   * Whether a space separates {@code prev} and {@code next}.
   *
   * @param before the token before {@code prev}, or {@code null}
   */
  public boolean spaceBetween(String before, String prev, String next) {
    if (prev.isEmpty() || next.isEmpty()) {
      return false;
    }
    if (NO_SPACE_BEFORE.contains(next) || NO_SPACE_AFTER.contains(prev)) {
      return false;
    }
    if (next.equals(":")) {
      return language != Language.PYTHON
          && language != Language.GO
          && language != Language.RUST
          && language != Language.JAVASCRIPT;
    }
    if (prev.equals("++") || prev.equals("--")) {
      return !isWord(next);
    }
    if (next.equals("(")) {
      if (prev.equals(">") || prev.equals(">>")) {
        return false;
      }
      return isKeywordLike(prev) || isOperator(prev) && !prev.equals(")") || prev.equals("->");
    }
    if (next.equals("[")) {
      return isOperator(prev) && !VALUE_END.contains(prev) || CONTROL_KEYWORDS.contains(prev);
    }
    if (isGenericOpen(before, prev, next)) {
      return false;
    }
    if (prev.equals("<") && isGenericOpen(null, before, prev)) {
      return false;
    }
    if (next.equals(">") || next.equals(">>")) {
      if (prev != null
          && (isTypeName(prev) || prev.equals(">") || prev.equals("?") || prev.equals("]"))
          && language != Language.PYTHON
          && language != Language.GO) {
        return false;
      }
    }
    if ((prev.equals(">") || prev.equals(">>")) && next.equals("::")) {
      return false;
    }
    if ((prev.equals("-")
            || prev.equals("+")
            || prev.equals("*")
            || prev.equals("**")
            || prev.equals("&"))
        && isUnaryPosition(before)) {
      return false;
    }
    if (prev.equals(":") && language == Language.PYTHON && before != null && before.equals("[")) {
      return false;
    }
    if (next.equals("{") || prev.equals("{") || next.equals("}")) {
      return true;
    }
    return true;
  }

  private boolean isUnaryPosition(String before) {
    return before == null
        || (isOperator(before) && !VALUE_END.contains(before))
        || before.equals("return")
        || before.equals("case");
  }

  private boolean isGenericOpen(String before, String prev, String next) {
    if (!next.equals("<") || prev == null) {
      return false;
    }
    if (language != Language.JAVA
        && language != Language.RUST
        && language != Language.JAVASCRIPT
        && language != Language.C) {
      return false;
    }
    return isTypeName(prev) || (language == Language.RUST && prev.equals("::"));
  }

  private static boolean isTypeName(String t) {
    return !t.isEmpty() && Character.isUpperCase(t.charAt(0)) && isWord(t)
        || t.equals("vector")
        || t.equals("map")
        || t.equals("Vec");
  }

  private boolean isKeywordLike(String t) {
    return CONTROL_KEYWORDS.contains(t)
        || (language.isKeyword(t)
            && !t.equals("this")
            && !t.equals("super")
            && !t.equals("self")
            && !t.equals("func")
            && !t.equals("function")
            && !t.equals("fn")
            && !t.equals("sizeof"));
  }

  private static boolean isWord(String t) {
    char c = t.charAt(0);
    return Character.isJavaIdentifierPart(c)
        || c == '$'
        || c == '"'
        || c == '\''
        || c == '<' && t.length() > 1 && t.endsWith(">");
  }

  private static boolean isOperator(String t) {
    return !isWord(t);
  }
}
