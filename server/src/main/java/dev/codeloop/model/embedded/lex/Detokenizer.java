package dev.codeloop.model.embedded.lex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders model tokens back to idiomatic source text for a language: {@code foo(a, b) {}, {@code x = y
 * + 1;}, {@code List<String>}, {@code def f(x):}, and, once it has read a file ({@link #following}),
 * as that file spaces its tokens where it does so consistently. Immutable.
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

  /** Go: a {@code func} after one of these is a function literal's: {@code go func() {}. */
  private static final Set<String> GO_LITERAL_AFTER = Set.of("go", "defer", "return");

  /** Go's keywords whose statement opens a block: a {@code {} before that block opens no literal. */
  private static final Set<String> GO_HEADERS =
      Set.of("if", "for", "switch", "select", "func", "else", "struct", "interface");

  /** In Java and C, a {@code {} after one of these opens an initializer: {@code new int[] {1, 2}}. */
  private static final Set<String> INITIALIZER_AFTER = Set.of("]", "=", "(", ",", "{");

  /** Java's modifiers: a {@code <} after one opens a method's type parameters. */
  private static final Set<String> MODIFIERS =
      Set.of(
          "public",
          "protected",
          "private",
          "static",
          "final",
          "abstract",
          "synchronized",
          "default",
          "native",
          "strictfp");

  /** Keywords that are values: an operator after one is binary ({@code self - 1}). */
  private static final Set<String> VALUE_KEYWORDS =
      Set.of(
          "this",
          "super",
          "self",
          "cls",
          "None",
          "True",
          "False",
          "null",
          "true",
          "false",
          "nil",
          "NULL",
          "nullptr",
          "undefined",
          "Self");

  /** Pairs a source must space one way before its way overrides the default. */
  static final int MIN_STYLE_PAIRS = 3;

  /** The share of those pairs that must agree. */
  static final double MIN_STYLE_AGREEMENT = 0.9;

  /** Tokens read by {@link #following}: the last of the source, nearest the cursor. */
  static final int STYLE_TOKENS = 800;

  /**
   * The kinds of token a style tells apart: 0 a word or literal, 1 another token, then each of the
   * operators and punctuation marks whose spacing varies between code bases.
   */
  private static final Map<String, Integer> KINDS = kinds();

  private static final int KIND_COUNT = KINDS.size() + 2;

  private final Language language;

  /**
   * Where the source spaces a kind of pair consistently otherwise than the defaults, by {@link
   * #styleKey}: 1 a space, 2 none, 0 the default. Empty for the language's defaults; never written
   * after construction.
   */
  private final byte[] style;

  public Detokenizer(Language language) {
    this(language, new byte[0]);
  }

  private Detokenizer(Language language, byte[] style) {
    this.language = language;
    this.style = style;
  }

  /**
   * This detokenizer following the spacing of {@code source} (tokens of one text with their
   * offsets, in order; its last {@value #STYLE_TOKENS} are read): where the source puts a space
   * between two kinds of token, or none, at least {@value #MIN_STYLE_PAIRS} times and nine times in
   * ten otherwise than the defaults, so does the rendering ({@code (int)len}, {@code i<n}, {@code
   * f(a = 1)} in a file written that way). Pairs on one line count; a kind is the token's text for
   * an operator or a punctuation mark, "a word" for identifiers, keywords and literals.
   */
  public Detokenizer following(List<Token> source) {
    int[] spaced = new int[KIND_COUNT * KIND_COUNT * 2];
    int[] tight = new int[spaced.length];
    Scan scan = new Scan();
    Token prev = null;
    boolean any = false;
    for (int i = Math.max(0, source.size() - STYLE_TOKENS); i < source.size(); i++) {
      Token t = source.get(i);
      String text = t.text();
      if (prev != null && prev.line() == t.line()) {
        boolean byDefault = scan.defaultSpaceBefore(text);
        boolean space = t.start() > prev.end();
        if (space != byDefault) {
          any = true;
        }
        int key = styleKey(scan.prev, text, byDefault);
        if (space) {
          spaced[key]++;
        } else {
          tight[key]++;
        }
      }
      scan.advance(text);
      prev = t;
    }
    if (!any) {
      return this;
    }
    byte[] learned = new byte[spaced.length];
    boolean styled = false;
    for (int key = 0; key < spaced.length; key++) {
      int n = spaced[key] + tight[key];
      boolean byDefault = (key & 1) == 1;
      int departing = byDefault ? tight[key] : spaced[key];
      if (n >= MIN_STYLE_PAIRS && departing >= MIN_STYLE_AGREEMENT * n) {
        learned[key] = (byte) (byDefault ? 2 : 1);
        styled = true;
      }
    }
    return styled ? new Detokenizer(language, learned) : this;
  }

  /** A pair's kind: each token's kind ({@link #KINDS}) and the default's answer. */
  private static int styleKey(String prev, String next, boolean byDefault) {
    return (kind(prev) * KIND_COUNT + kind(next)) * 2 + (byDefault ? 1 : 0);
  }

  private static int kind(String t) {
    if (t.isEmpty()) {
      return 1;
    }
    if (isWord(t) || Character.isDigit(t.charAt(0))) {
      return 0;
    }
    Integer k = KINDS.get(t);
    return k == null ? 1 : k;
  }

  private static Map<String, Integer> kinds() {
    // the marks whose spacing varies between code bases; the rest are "another token"
    List<String> marks =
        List.of(
            "(", ")", "[", "]", "{", "}", ",", ";", ":", "?", ".", "=", "<", ">", "+", "-", "*",
            "/", "%", "==", "!=", "<=", ">=", "&&", "||", "->", "=>", "+=", "-=");
    Map<String, Integer> kinds = new HashMap<>();
    for (String m : marks) {
      kinds.put(m, kinds.size() + 2);
    }
    return Map.copyOf(kinds);
  }

  /** Renders one line of tokens (no leading whitespace). */
  public String renderLine(List<String> tokens) {
    return continueLine(List.of(), tokens, false);
  }

  /**
   * Renders {@code tokens} as what follows {@code lead}, the tokens before them in the source (the
   * cursor's statement and what comes before it, in order: its open brackets and its last two
   * tokens decide the spacing), with a space first when {@code spaceFirst} and one goes between the
   * last of {@code lead} and the first of {@code tokens}.
   */
  public String continueLine(List<String> lead, List<String> tokens, boolean spaceFirst) {
    Scan scan = after(lead);
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (String t : tokens) {
      if ((!first || spaceFirst) && scan.spaceBefore(t)) {
        sb.append(' ');
      }
      scan.advance(t);
      sb.append(t);
      first = false;
    }
    return sb.toString();
  }

  /** Whether a space goes between the last of {@code lead} and {@code next}. */
  public boolean spaceAfter(List<String> lead, String next) {
    return after(lead).spaceBefore(next);
  }

  /** A scan that has read {@code lead}. */
  private Scan after(List<String> lead) {
    Scan scan = new Scan();
    for (String t : lead) {
      scan.advance(t);
    }
    return scan;
  }

  /**
   * The state a token's spacing depends on beyond its neighbours: open generics (Java's {@code
   * List<String>}) and, in Python, the open brackets, so that the {@code =} of a keyword argument
   * or of an unannotated parameter's default takes no spaces ({@code f(key=value)}, {@code def
   * f(x=None)}; PEP 8), while an annotated parameter's does ({@code def f(x: int = 3)}).
   */
  private final class Scan {
    private String prev;
    private String prevPrev;
    private int generics;

    /**
     * The open brackets, innermost last: Python's {@code (}, {@code [} and {@code {}; the braces of
     * Java, C and Go as {@code i} (an initializer's or a composite literal's) or {@code b} (a
     * block's).
     */
    private final StringBuilder open = new StringBuilder();

    /** Per open bracket: whether the current argument of a {@code (} has an annotation. */
    private final StringBuilder annotated = new StringBuilder();

    private boolean prevKeywordEquals;

    /** The last token was a {@code <} opening type arguments or parameters. */
    private boolean openedGeneric;

    /**
     * Go: after a keyword whose statement opens a block ({@code if}, {@code for}, …), before it.
     */
    private boolean header;

    /** C: inside {@code #include <…>}. */
    private boolean includeHeader;

    /** After {@code case} (not Python's), before its label's {@code :}. */
    private boolean caseLabel;

    /** The bracket depth of a {@code lambda} whose parameters are still open, or -1. */
    private int lambdaAt = -1;

    /** Go: a {@code {} here opens a composite literal, not a block: {@code T{}, {@code []int{}. */
    private boolean compositeLiteral() {
      return !header
          && prev != null
          && (prev.equals("]") || isWord(prev) && !language.isKeyword(prev));
    }

    boolean spaceBefore(String next) {
      if (prev == null) {
        return false;
      }
      boolean byDefault = defaultSpaceBefore(next);
      if (style.length == 0) {
        return byDefault;
      }
      byte styled = style[styleKey(prev, next, byDefault)];
      return styled == 0 ? byDefault : styled == 1;
    }

    /** {@link #spaceBefore} by the language's defaults alone; {@code prev} is set. */
    boolean defaultSpaceBefore(String next) {
      if (openedGeneric) {
        return false; // fn first<T>: the < read as type parameters where it was met
      }
      if (generics > 0 && (next.equals(">") || next.equals(">>"))) {
        return false;
      }
      if (next.equals("=") && keywordEquals() || prev.equals("=") && prevKeywordEquals) {
        return false;
      }
      if (language == Language.PYTHON
          && (prev.equals(":") || next.equals(":"))
          && innermost() == '[') {
        return false; // a slice: t[1:-1], t[:n]
      }
      if (next.equals(":") && (caseLabel || prev.equals("default"))) {
        return false; // case -1:, default:
      }
      if ((prev.equals("{") || next.equals("}")) && innermost() == 'i') {
        return false; // an array initializer: new int[] {1, 2}; Go's []int{1, 2}
      }
      if (language == Language.GO && next.equals("{") && compositeLiteral()) {
        return false; // Point{X: 1}, []int{1, 2}
      }
      if (language == Language.GO && prev.equals("func") && next.equals("(")) {
        // a method's receiver after a declaration's func; a function literal's parameters after
        // an operator, go, defer or return: func (s *Server) Handle, f := func(x int)
        return prevPrev == null
            || VALUE_END.contains(prevPrev)
            || isWord(prevPrev) && !GO_LITERAL_AFTER.contains(prevPrev)
            || Character.isDigit(prevPrev.charAt(0));
      }
      if (language == Language.GO && prev.equals("]") && "[".equals(prevPrev)) {
        return false; // a slice type: []*T, [][]byte
      }
      if (language == Language.GO
          && prev.equals("*")
          && prevPrev != null
          && (prevPrev.equals("]") || header && (isWord(prevPrev) || prevPrev.equals(")")))) {
        return false; // a pointer type: []*T, (s *Server), func f() *T
      }
      if (language == Language.C && (prev.equals("#") || includeHeader)) {
        return false; // #include <stdio.h>
      }
      return spaceBetween(prevPrev, prev, next);
    }

    void advance(String t) {
      boolean closesGeneric = generics > 0 && (t.equals(">") || t.equals(">>"));
      openedGeneric = false;
      if (t.equals("<")
          && prev != null
          && (isGenericOpen(prevPrev, prev, t) || typeParametersAfter(prev))) {
        generics++;
        openedGeneric = true;
      } else if (closesGeneric) {
        generics = Math.max(0, generics - t.length());
      }
      prevKeywordEquals = t.equals("=") && keywordEquals();
      if (t.equals("case") && language != Language.PYTHON) {
        caseLabel = true;
      } else if (t.equals(":") || t.equals("->") || t.equals(";") || t.equals("{")) {
        caseLabel = false;
      }
      if (language == Language.PYTHON) {
        track(t);
      } else if (language == Language.JAVA || language == Language.C || language == Language.GO) {
        if (t.equals("{")) {
          boolean initializer =
              language == Language.GO
                  ? compositeLiteral()
                  : prev != null && INITIALIZER_AFTER.contains(prev);
          open.append(initializer ? 'i' : 'b');
          header = false;
        } else if (t.equals("}") && !open.isEmpty()) {
          open.setLength(open.length() - 1);
        } else if (language == Language.GO && GO_HEADERS.contains(t)) {
          header = true;
        }
        if (language == Language.C) {
          if (t.equals("<") && "include".equals(prev)) {
            includeHeader = true;
          } else if (t.equals(">")) {
            includeHeader = false;
          }
        }
      }
      prevPrev = prev;
      prev = t;
    }

    private char innermost() {
      return open.isEmpty() ? ' ' : open.charAt(open.length() - 1);
    }

    private void track(String t) {
      int top = open.length() - 1;
      if (t.equals("lambda")) {
        lambdaAt = open.length();
      } else if (t.equals(":") && lambdaAt == open.length()) {
        lambdaAt = -1; // the lambda's parameters end
        return;
      }
      switch (t) {
        case "(", "[", "{" -> {
          open.append(t.charAt(0));
          annotated.append('n');
        }
        case ")", "]", "}" -> {
          if (top >= 0) {
            open.setLength(top);
            annotated.setLength(top);
          }
          if (lambdaAt > open.length()) {
            lambdaAt = -1; // closed with the brackets around it
          }
        }
        case "," -> {
          if (top >= 0) {
            annotated.setCharAt(top, 'n');
          }
        }
        case ":" -> {
          if (top >= 0) {
            annotated.setCharAt(top, 'y');
          }
        }
        default -> {}
      }
    }

    /** An {@code =} here names a keyword argument or an unannotated parameter's default. */
    private boolean keywordEquals() {
      int top = open.length() - 1;
      return language == Language.PYTHON
          && (lambdaAt == open.length()
              || top >= 0 && open.charAt(top) == '(' && annotated.charAt(top) == 'n');
    }
  }

  /**
   * Whether a space separates {@code prev} and {@code next} by their own and their neighbour's
   * texts ({@link Scan} adds what the brackets open before them say).
   *
   * @param before the token before {@code prev}, or {@code null}
   */
  private boolean spaceBetween(String before, String prev, String next) {
    if (prev.isEmpty() || next.isEmpty()) {
      return false;
    }
    if (language == Language.JAVASCRIPT && (next.equals("...") || prev.equals("..."))) {
      return prev.equals(","); // a spread or rest: f(a, ...rest), { ...o }
    }
    if (language == Language.C && (next.equals("->") || prev.equals("->"))) {
      return false; // a member through a pointer: p->next
    }
    if (NO_SPACE_BEFORE.contains(next) || NO_SPACE_AFTER.contains(prev)) {
      return false;
    }
    if (language == Language.GO && prev.equals("]") && isWord(next)) {
      return false; // a slice, array or map type: []int, map[string]int
    }
    if (prev.equals("<") && (isGenericOpen(null, before, prev) || typeParametersAfter(before))) {
      return false; // List<String>, Result<(), E>, public <T> T first(…)
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
      if ((prev.equals("&") || prev.equals("*")) && isUnaryPosition(before)) {
        return false; // a reference to a slice: &[T]
      }
      return isOperator(prev) && !VALUE_END.contains(prev) || CONTROL_KEYWORDS.contains(prev);
    }
    if (isGenericOpen(before, prev, next)) {
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
    if (language == Language.PYTHON && (prev.equals("{") || next.equals("}"))) {
      return false; // a dict or set display: {'a': 1} (PEP 8: no space inside brackets)
    }
    if (next.equals("{") || prev.equals("{") || next.equals("}")) {
      return true;
    }
    return true;
  }

  private boolean isUnaryPosition(String before) {
    return before == null
        || (isOperator(before) && !VALUE_END.contains(before))
        || language.isKeyword(before) && !VALUE_KEYWORDS.contains(before)
        || before.equals("return")
        || before.equals("case");
  }

  /** A Java method's type parameters open after {@code prev}: {@code public <T>}. */
  private boolean typeParametersAfter(String prev) {
    return language == Language.JAVA && prev != null && MODIFIERS.contains(prev);
  }

  /** Rust's type parameters: {@code impl<T>}, {@code fn name<T>}, {@code struct Name<T>}. */
  private boolean rustTypeParameters(String before, String prev) {
    return language == Language.RUST
        && (prev.equals("impl")
            || before != null
                && (before.equals("fn")
                    || before.equals("struct")
                    || before.equals("enum")
                    || before.equals("trait")
                    || before.equals("type")));
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
    return isTypeName(prev) && !isConstantName(prev)
        || (language == Language.RUST && prev.equals("::"))
        || rustTypeParameters(before, prev);
  }

  /** Two or more capitals, digits or underscores: a constant ({@code MAX_SIZE < n}), no type. */
  private static boolean isConstantName(String t) {
    if (t.length() < 2) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!(Character.isUpperCase(c) || Character.isDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
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
