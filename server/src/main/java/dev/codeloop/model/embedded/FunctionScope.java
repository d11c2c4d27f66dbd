package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lex.TokenKind;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The function or method the cursor is in, as far as the window before the cursor shows it: where
 * its declaration starts among the window's significant tokens, its parameters and its name. The
 * menu's re-ranker reads from it which words the function itself has used ({@code scopeUses}), takes
 * as parameters ({@code scopeParameter}) or declares ({@code scopeLocal}, {@link #locals}), and how
 * much of a word its name holds ({@code scopeNameSubwords}): a name used 150 tokens ago in this
 * function is likelier next than one used 150 tokens ago in the function before it.
 *
 * <p>Python: the nearest line before the cursor's, indented less than every line between them, that
 * starts with {@code def} (a {@code class} line or the module's level first means no function).
 * Brace languages: the innermost unclosed {@code {} that follows a parameter list's {@code )}
 * (optionally a {@code throws} clause) whose name is not a control keyword ({@code if}, {@code
 * while}, …) nor a call ({@code new T() {}, {@code x.f() {}}); a lambda's or a block's brace is
 * passed over. Immutable.
 *
 * @param start index in the window's significant tokens where the declaration starts (the {@code
 *     def} or the method's name), or -1 when the cursor is in no function the window shows
 * @param parameters the parameters' names, in their order
 * @param name the function's name ("" when none)
 */
record FunctionScope(int start, Set<String> parameters, String name) {
  static final FunctionScope NONE = new FunctionScope(-1, Set.of(), "");

  /** Not a method's name before a parameter list and its body: control statements and the like. */
  private static final Set<String> NOT_A_METHOD =
      Set.of(
          "if",
          "for",
          "while",
          "switch",
          "catch",
          "synchronized",
          "try",
          "return",
          "throw",
          "new",
          "else",
          "do",
          "case",
          "assert",
          "yield",
          "when");

  /**
   * The scope of a cursor at the end of {@code tokens} (significant tokens of {@code text}, whose
   * offsets they carry), in the line starting at {@code lineStart}.
   */
  static FunctionScope of(Language language, String text, List<Token> tokens, int lineStart) {
    if (tokens.isEmpty()) {
      return NONE;
    }
    return language.indentationBlocks() ? python(text, tokens, lineStart) : braces(tokens);
  }

  private static FunctionScope python(String text, List<Token> tokens, int lineStart) {
    FunctionScope[] found = {NONE};
    walkEnclosing(
        text,
        tokens,
        lineStart,
        i -> {
          int at = declaration(tokens, i);
          if (tokens.get(at).text().equals("def")) {
            String name = at + 1 < tokens.size() ? tokens.get(at + 1).text() : "";
            found[0] = new FunctionScope(i, pythonParameters(tokens, at), name);
            return true;
          }
          return tokens.get(i).text().equals("class");
        });
    return found[0];
  }

  /**
   * Whether no function around a Python cursor binds {@code self}: the window reaches the module's
   * level (a line at column 0 encloses the cursor, or the cursor's line is at column 0) and none of
   * the {@code def} lines enclosing it has a parameter {@code self} — the module's level, a class
   * body, a module-level function, a {@code class X(} or module-level {@code def f(} line. False
   * where the window does not show the module's level, and on an indented {@code def} line (a
   * method's first parameter). {@code tokens} are the significant tokens of {@code text} before the
   * typed word; the cursor's line starts at {@code lineStart}.
   */
  static boolean selfUnbound(String text, List<Token> tokens, int lineStart) {
    int first = WordRanking.lineFrom(tokens, lineStart); // the cursor's line's first token
    if (first < tokens.size()
        && indentation(text, lineStart) > 0
        && tokens.get(declaration(tokens, first)).text().equals("def")) {
      return false; // a method's parameters start with self
    }
    return walkEnclosing(
            text,
            tokens,
            lineStart,
            i -> {
              int at = declaration(tokens, i);
              return tokens.get(at).text().equals("def")
                  && pythonParameters(tokens, at).contains(SELF);
            })
        == 0;
  }

  /** Told of each line enclosing a Python cursor, innermost first. */
  @FunctionalInterface
  private interface Enclosing {
    /**
     * @param first the index of the line's first token
     * @return whether the walk stops here
     */
    boolean stop(int first);
  }

  /**
   * Walks the lines enclosing a Python cursor (each indented less than every line between it and
   * the cursor's), innermost first, until {@code visitor} stops it or the module's level is
   * reached.
   *
   * @return -1 when stopped; else the indentation reached: 0 at the module's level, more where the
   *     window starts first
   */
  private static int walkEnclosing(
      String text, List<Token> tokens, int lineStart, Enclosing visitor) {
    int indent = indentation(text, lineStart);
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
      indent = column;
      if (visitor.stop(i)) {
        return -1;
      }
    }
    return indent;
  }

  /** The index of the {@code def} of a line starting at {@code i}: after {@code async} too. */
  private static int declaration(List<Token> tokens, int i) {
    return tokens.get(i).text().equals("async") && i + 1 < tokens.size() ? i + 1 : i;
  }

  private static final String SELF = "self";

  /**
   * Whether the statement whose value is the token at {@code value} is {@code receiver.X = X} (and
   * its {@code ;} in Java), all of it at or after {@code from}.
   */
  private static boolean assignsItself(
      List<Token> tokens, int value, String receiver, boolean python, int from) {
    return value - 4 >= from
        && value < tokens.size()
        && (python || value + 1 < tokens.size() && tokens.get(value + 1).text().equals(";"))
        && tokens.get(value - 4).text().equals(receiver)
        && tokens.get(value - 3).text().equals(".")
        && tokens.get(value - 2).text().equals(tokens.get(value).text())
        && tokens.get(value - 1).text().equals("=");
  }

  /**
   * The parameter of a Java setter: a method named {@code setName} whose only parameter is {@code
   * name}; else null.
   */
  private static @Nullable String setterParameter(FunctionScope scope) {
    if (scope.parameters().size() != 1) {
      return null;
    }
    String only = scope.parameters().iterator().next();
    String name = scope.name();
    return !only.isEmpty()
            && name.equals("set" + Character.toUpperCase(only.charAt(0)) + only.substring(1))
        ? only
        : null;
  }

  /**
   * The rest of the statement at {@code self.} / {@code this.} where {@link #nextAssignedParameter}
   * names the parameter assigned next and the typed word begins it: {@code self.cu} → {@code stomer
   * = customer} ({@code ;} after it in Java) when nothing follows on the cursor's line; else null.
   * Java and Python only.
   *
   * @param window the text before the cursor ({@link EmbeddedPredictor#window})
   * @param tokens its significant tokens before the typed word {@code partial}
   */
  static @Nullable String assignmentRest(
      Language language, String window, List<Token> tokens, String partial, String suffixLine) {
    int n = tokens.size();
    if (language != Language.JAVA && language != Language.PYTHON
        || !suffixLine.isBlank()
        || n < 2
        || !tokens.get(n - 1).text().equals(".")
        || !tokens.get(n - 2).text().equals(language == Language.PYTHON ? SELF : "this")) {
      return null; // (checked before the scope is looked for: every ghost text passes here)
    }
    String before = window.substring(0, window.length() - partial.length());
    FunctionScope scope = of(language, before, tokens, before.lastIndexOf('\n') + 1);
    String p = nextAssignedParameter(language, tokens, scope);
    if (p == null || !p.startsWith(partial) || p.equals(partial)) {
      return null;
    }
    return p.substring(partial.length()) + " = " + p + (language == Language.JAVA ? ";" : "");
  }

  /**
   * At {@code self.} or {@code this.} starting the statement right after one that assigned a
   * parameter to the attribute of its name ({@code self.name = name}, {@code this.name = name;}):
   * the next of the function's parameters, in their order, that no {@code self.…} / {@code this.…}
   * attribute of its name has been assigned yet; null elsewhere. Constructors assign their
   * parameters in the order they take them. In Java the two statements before the cursor's must
   * assign two parameters in a row (Java constructors more often assign a field something else:
   * right 73 % of the time after one such statement, 91 % after two, on {@code
   * AssignmentBenchmark}'s validation modules; Python 86 % after one). At the first statement of a
   * Java setter ({@link #setterParameter}), its parameter (Python setters more often assign a
   * private attribute or do something else first: not there).
   *
   * @param tokens the significant tokens before the typed word
   */
  static @Nullable String nextAssignedParameter(
      Language language, List<Token> tokens, FunctionScope scope) {
    int n = tokens.size();
    if (scope.start() < 0 || n < 7 || !tokens.get(n - 1).text().equals(".")) {
      return null;
    }
    String receiver = tokens.get(n - 2).text();
    boolean python = language == Language.PYTHON;
    if (!receiver.equals(python ? SELF : "this")
        || tokens.get(n - 3).line() == tokens.get(n - 2).line()) {
      return null; // not a statement's start
    }
    String setter = python ? null : setterParameter(scope);
    if (setter != null && tokens.get(n - 3).text().equals("{")) {
      return setter; // setName(name) { this.name = name; }
    }
    // the statement before: receiver . P = P (;)
    int value = python ? n - 3 : n - 4;
    if (!assignsItself(tokens, value, receiver, python, scope.start())
        || !scope.parameters().contains(tokens.get(value).text())) {
      return null;
    }
    String last = tokens.get(value).text();
    // the statements before the cursor's that assigned the parameters just before `last`, in order
    List<String> order = List.copyOf(scope.parameters());
    int stride = python ? 5 : 6;
    int run = 1;
    for (int v = value - stride, k = order.indexOf(last) - 1;
        k >= 0
            && assignsItself(tokens, v, receiver, python, scope.start())
            && tokens.get(v).text().equals(order.get(k));
        v -= stride, k--) {
      run++;
    }
    if (run < (python ? 1 : 2)) {
      return null;
    }
    Set<String> assigned = new HashSet<>();
    for (int i = scope.start(); i + 3 < n; i++) {
      if (tokens.get(i).text().equals(receiver)
          && tokens.get(i + 1).text().equals(".")
          && tokens.get(i + 3).text().equals("=")) {
        assigned.add(tokens.get(i + 2).text());
      }
    }
    boolean after = false;
    for (String p : scope.parameters()) {
      if (after && !assigned.contains(p)) {
        return p;
      }
      after |= p.equals(last);
    }
    return null;
  }

  /**
   * The names the function declares from {@code start} (its declaration) to the end of {@code
   * tokens}: its locals, loop variables and {@code as} names (Python: the first word of a line
   * before {@code =} or {@code ,}, after {@code for} or {@code as}; brace languages: a name after a
   * type and before {@code =}, {@code ;}, {@code :} or {@code ,}).
   */
  static Set<String> locals(Language language, List<Token> tokens, int start) {
    if (start < 0) {
      return Set.of();
    }
    Set<String> names = new HashSet<>();
    for (int i = start + 1; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != TokenKind.IDENTIFIER) {
        continue;
      }
      Token prev = tokens.get(i - 1);
      String next = i + 1 < tokens.size() ? tokens.get(i + 1).text() : "";
      if (prev.text().equals("for") || prev.text().equals("as")) {
        names.add(t.text());
      } else if (language.indentationBlocks()) {
        if (prev.line() != t.line() && (next.equals("=") || next.equals(","))) {
          names.add(t.text());
        }
      } else if (WordRanking.endsType(prev)
          && (next.equals("=") || next.equals(";") || next.equals(":") || next.equals(","))) {
        names.add(t.text());
      }
    }
    return Set.copyOf(names);
  }

  /** The leading blanks of the line at {@code lineStart} (all of it when it holds nothing else). */
  static int indentation(String text, int lineStart) {
    int i = lineStart;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i - lineStart;
  }

  /** Names at the top level of {@code def f(…)}'s list: after {@code (}, {@code ,}, * or **. */
  private static Set<String> pythonParameters(List<Token> tokens, int def) {
    Set<String> names = new LinkedHashSet<>();
    int depth = 0;
    for (int i = def + 1; i < tokens.size(); i++) {
      String s = tokens.get(i).text();
      if (s.equals("(") || s.equals("[") || s.equals("{")) {
        depth++;
      } else if (s.equals(")") || s.equals("]") || s.equals("}")) {
        if (--depth <= 0) {
          break;
        }
      } else if (depth == 1 && tokens.get(i).kind() == TokenKind.IDENTIFIER) {
        String prev = tokens.get(i - 1).text();
        if (prev.equals("(") || prev.equals(",") || prev.equals("*") || prev.equals("**")) {
          names.add(s);
        }
      } else if (depth == 0 && s.equals(":")) {
        break;
      }
    }
    return Collections.unmodifiableSet(names);
  }

  private static FunctionScope braces(List<Token> tokens) {
    int depth = 0;
    for (int i = tokens.size() - 1; i >= 0; i--) {
      String s = tokens.get(i).text();
      if (s.equals("}")) {
        depth++;
      } else if (s.equals("{")) {
        if (depth > 0) {
          depth--;
          continue;
        }
        int open = parameterListBefore(tokens, i);
        if (open > 0) {
          Token name = tokens.get(open - 1);
          String before = open > 1 ? tokens.get(open - 2).text() : "";
          if (name.kind() == TokenKind.IDENTIFIER
              && !NOT_A_METHOD.contains(name.text())
              && !NOT_A_METHOD.contains(before)
              && !before.equals(".")) {
            return new FunctionScope(open - 1, braceParameters(tokens, open, i), name.text());
          }
        }
      }
    }
    return NONE;
  }

  /**
   * The index of the {@code (} whose {@code )} comes right before the {@code {} at {@code brace}
   * (or before a {@code throws} clause there), or -1.
   */
  private static int parameterListBefore(List<Token> tokens, int brace) {
    int i = brace - 1;
    // a throws clause: names, dots and commas back to `throws`
    int j = i;
    while (j >= 0
        && (tokens.get(j).kind() == TokenKind.IDENTIFIER
            || tokens.get(j).text().equals(".")
            || tokens.get(j).text().equals(","))) {
      j--;
    }
    if (j >= 0 && j < i && tokens.get(j).text().equals("throws")) {
      i = j - 1;
    }
    if (i < 0 || !tokens.get(i).text().equals(")")) {
      return -1;
    }
    int depth = 0;
    for (; i >= 0; i--) {
      String s = tokens.get(i).text();
      if (s.equals(")")) {
        depth++;
      } else if (s.equals("(") && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The names before {@code ,} or {@code )} at the top level of the list, outside {@code <…>}. */
  private static Set<String> braceParameters(List<Token> tokens, int open, int brace) {
    Set<String> names = new LinkedHashSet<>();
    int depth = 0;
    int angles = 0;
    for (int i = open; i < brace; i++) {
      String s = tokens.get(i).text();
      switch (s) {
        case "(" -> depth++;
        case ")" -> depth--;
        case "<" -> angles++;
        case ">" -> angles--;
        case ">>" -> angles -= 2;
        case ">>>" -> angles -= 3;
        default -> {
          String next = i + 1 < brace ? tokens.get(i + 1).text() : "";
          if (depth == 1
              && angles <= 0
              && tokens.get(i).kind() == TokenKind.IDENTIFIER
              && (next.equals(",") || next.equals(")"))) {
            names.add(s);
          }
        }
      }
      if (depth == 0 && i > open) {
        break;
      }
    }
    return Collections.unmodifiableSet(names);
  }
}
