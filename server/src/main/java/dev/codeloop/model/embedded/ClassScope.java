package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lex.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The class whose body the cursor is directly in, as far as the window before the cursor shows it:
 * its name and the supertypes its header names. Where a method is being declared there ({@code
 * public void se|}, {@code def ge|}), the supertypes' members are the likely names: the methods it
 * overrides or implements ({@code setInt} of a {@code PreparedStatement}, {@code read} of an {@code
 * io.RawIOBase}). The menu's re-ranker reads it for {@code superMember}.
 *
 * <p>Python: the nearest line before the cursor's, indented less than every line between them,
 * starts with {@code class}; its bases are the names in its parentheses (the last part of a dotted
 * name; not {@code metaclass=…} and other keywords). Brace languages: the innermost unclosed {@code
 * {} follows a header with {@code class}, {@code interface}, {@code enum} or {@code record}; its
 * supertypes are the names after {@code extends} and {@code implements} (outside type arguments,
 * the last part of a qualified name), up to {@code permits} or the brace. Immutable.
 *
 * @param name the class's name ("" when the cursor is in no class body)
 * @param supertypes the names of its supertypes, in the header's order
 */
record ClassScope(String name, List<String> supertypes) {
  static final ClassScope NONE = new ClassScope("", List.of());

  private static final Set<String> CLASS_WORDS = Set.of("class", "interface", "enum", "record");

  /** How far back a brace language's class header may start before its brace. */
  private static final int HEADER_TOKENS = 120;

  /**
   * The class body a cursor at the end of {@code tokens} (significant tokens of {@code text}, whose
   * offsets they carry) is directly in, the cursor's line starting at {@code lineStart}.
   */
  static ClassScope of(Language language, String text, List<Token> tokens, int lineStart) {
    if (tokens.isEmpty()) {
      return NONE;
    }
    return language.indentationBlocks()
        ? python(text, tokens, lineStart)
        : braces(tokens, tokens.size());
  }

  private static ClassScope python(String text, List<Token> tokens, int lineStart) {
    int indent = 0;
    while (lineStart + indent < text.length()
        && (text.charAt(lineStart + indent) == ' ' || text.charAt(lineStart + indent) == '\t')) {
      indent++;
    }
    int i = tokens.size() - 1;
    while (i >= 0 && tokens.get(i).start() >= lineStart) {
      i--;
    }
    for (; i >= 0 && indent > 0; i--) {
      Token t = tokens.get(i);
      if (i > 0 && tokens.get(i - 1).line() == t.line()) {
        continue; // not the first token of its line
      }
      int start = t.start() - 1;
      while (start >= 0 && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
        start--;
      }
      if (start >= 0 && text.charAt(start) != '\n' && text.charAt(start) != '\r') {
        continue; // after the end of a token spanning lines (a string)
      }
      int column = t.start() - start - 1;
      if (column >= indent) {
        continue;
      }
      if (!t.text().equals("class") || i + 1 >= tokens.size()) {
        return NONE; // a function's body, or the module's level
      }
      return new ClassScope(tokens.get(i + 1).text(), pythonBases(tokens, i + 2));
    }
    return NONE;
  }

  /**
   * The bases in the parentheses starting at {@code open} ({@code class A(b.B, C, metaclass=M)}).
   */
  private static List<String> pythonBases(List<Token> tokens, int open) {
    List<String> bases = new ArrayList<>();
    if (open >= tokens.size() || !tokens.get(open).text().equals("(")) {
      return bases;
    }
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      String s = tokens.get(i).text();
      if (s.equals("(") || s.equals("[")) {
        depth++;
      } else if (s.equals(")") || s.equals("]")) {
        if (--depth == 0) {
          break;
        }
      } else if (depth == 1 && tokens.get(i).kind() == TokenKind.IDENTIFIER) {
        String next = i + 1 < tokens.size() ? tokens.get(i + 1).text() : "";
        String prev = tokens.get(i - 1).text();
        if (!next.equals(".") && !next.equals("=") && !prev.equals("=")) {
          bases.add(s);
        }
      }
    }
    return List.copyOf(bases);
  }

  /** The class body whose brace is the innermost unclosed one before {@code end}. */
  private static ClassScope braces(List<Token> tokens, int end) {
    int depth = 0;
    for (int i = end - 1; i >= 0; i--) {
      String s = tokens.get(i).text();
      if (s.equals("}")) {
        depth++;
      } else if (s.equals("{")) {
        if (depth == 0) {
          return header(tokens, i);
        }
        depth--;
      }
    }
    return NONE;
  }

  /** The class declared by the header before the brace at {@code brace}, or {@link #NONE}. */
  private static ClassScope header(List<Token> tokens, int brace) {
    int from = brace - 1;
    while (from >= 0 && brace - from < HEADER_TOKENS) {
      String s = tokens.get(from).text();
      if (s.equals(";") || s.equals("{") || s.equals("}")) {
        break;
      }
      from--;
    }
    String name = null;
    List<String> supertypes = new ArrayList<>();
    boolean inSupertypes = false;
    int angle = 0;
    for (int i = from + 1; i < brace; i++) {
      Token t = tokens.get(i);
      String s = t.text();
      if (name == null) {
        if (CLASS_WORDS.contains(s)
            && i + 1 < brace
            && tokens.get(i + 1).kind() == TokenKind.IDENTIFIER
            && (i == 0 || !tokens.get(i - 1).text().equals("."))) {
          name = tokens.get(i + 1).text();
          i++;
        }
        continue;
      }
      if (s.equals("<")) {
        angle++;
      } else if (!s.isEmpty() && s.chars().allMatch(c -> c == '>')) {
        angle = Math.max(0, angle - s.length());
      } else if (angle == 0 && (s.equals("extends") || s.equals("implements"))) {
        inSupertypes = true;
      } else if (angle == 0 && s.equals("permits")) {
        inSupertypes = false;
      } else if (angle == 0 && inSupertypes && t.kind() == TokenKind.IDENTIFIER) {
        String next = i + 1 < brace ? tokens.get(i + 1).text() : "";
        if (!next.equals(".")) {
          supertypes.add(s);
        }
      }
    }
    if (name == null) {
      return anonymous(tokens, brace);
    }
    return new ClassScope(name, List.copyOf(supertypes));
  }

  /**
   * An anonymous class's body ({@code new Runnable() {}, {@code new Base<T>(x) {}): no name, the
   * instantiated type as its supertype; else {@link #NONE}.
   */
  private static ClassScope anonymous(List<Token> tokens, int brace) {
    int close = brace - 1;
    if (close < 1 || !tokens.get(close).text().equals(")")) {
      return NONE;
    }
    int depth = 0;
    int open = close;
    for (; open >= 0; open--) {
      String s = tokens.get(open).text();
      if (s.equals(")")) {
        depth++;
      } else if (s.equals("(") && --depth == 0) {
        break;
      }
    }
    int j = open - 1;
    if (j >= 0 && tokens.get(j).text().equals(">")) {
      int angle = 0;
      for (; j >= 0; j--) {
        String s = tokens.get(j).text();
        if (!s.isEmpty() && s.chars().allMatch(c -> c == '>')) {
          angle += s.length();
        } else if (s.equals("<") && --angle == 0) {
          j--;
          break;
        }
      }
    }
    if (j < 1 || tokens.get(j).kind() != TokenKind.IDENTIFIER) {
      return NONE;
    }
    int k = j - 1;
    while (k >= 1 && tokens.get(k).text().equals(".")) {
      k -= 2; // new a.b.Type(
    }
    return k >= 0 && tokens.get(k).text().equals("new")
        ? new ClassScope("", List.of(tokens.get(j).text()))
        : NONE;
  }
}
