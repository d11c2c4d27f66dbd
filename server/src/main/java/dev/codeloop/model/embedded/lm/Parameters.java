package dev.codeloop.model.embedded.lm;

import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The parameter names of the functions, methods and constructors declared in code, by position,
 * learned from code: Python's {@code def find_user_password(self, realm, authuri)} gives {@code
 * find_user_password} the parameters {@code realm} and {@code authuri} ({@code self} and {@code
 * cls} dropped: a method is called on its receiver), a class's {@code __init__} gives the class its
 * constructor's; Java's {@code void put(String key, List<V> values)} gives {@code put} {@code key}
 * and {@code values}, a constructor or a record its class's. An argument is often named like the
 * parameter it binds ({@code find_user_password(realm, …)}, {@code header_encode(string, codec)}):
 * the completion menu asks, where an argument begins ({@link #argument}), which parameter it binds.
 * Functions are known by name only (no receiver types, no overloads: the name most declarations
 * give a position wins). Java and Python only. Immutable.
 */
public final class Parameters {
  /** Knows nothing. */
  public static final Parameters EMPTY = new Parameters(new Vocabulary(), new LongIntMap(16));

  /** The last position a declaration's parameter is counted at (later ones are rare). */
  static final int MAX_POSITION = 15;

  /** How far back from the cursor the call's opening parenthesis is looked for, in tokens. */
  private static final int CALL_REACH = 300;

  /** How far a declaration's parameter list is read, in tokens. */
  private static final int LIST_REACH = 200;

  private static final Set<String> OPENING = Set.of("(", "[", "{");
  private static final Set<String> CLOSING = Set.of(")", "]", "}");
  private static final Set<String> PRIMITIVES =
      Set.of("int", "long", "short", "byte", "char", "boolean", "float", "double");
  private static final Set<String> CONSTRUCTOR_MODIFIERS = Set.of("public", "private", "protected");

  private final Vocabulary vocabulary;
  private final LongIntMap names; // function id << 32 | position -> the parameter's id

  private Parameters(Vocabulary vocabulary, LongIntMap names) {
    this.vocabulary = vocabulary;
    this.names = names;
  }

  /** Receives each parameter of each declaration found by {@link #scan}. */
  @FunctionalInterface
  public interface Sink {
    /** {@code function}'s parameter at {@code position} (from 0) is named {@code name}. */
    void parameter(String function, int position, String name);
  }

  /**
   * Where an argument begins: the function called, the argument's position and, for Python's {@code
   * f(name=…)}, the keyword (then the parameter is known without a declaration).
   */
  public record Argument(String function, int position, String keyword) {}

  /**
   * Learns from every document of {@code language} (encoded tokens, {@link TokenCodec}) with {@code
   * vocabulary}'s words: for each function and position, the name most declarations give it.
   */
  public static Parameters learn(
      Language language, Vocabulary vocabulary, Iterable<int[]> documents) {
    if (language != Language.JAVA && language != Language.PYTHON) {
      return EMPTY;
    }
    Map<Long, Map<Integer, Integer>> counts = new HashMap<>();
    Sink sink =
        (function, position, name) -> {
          int f = vocabulary.lookup(function);
          int p = vocabulary.lookup(name);
          if (f > Vocabulary.BOS && p > Vocabulary.BOS && position <= MAX_POSITION) {
            counts
                .computeIfAbsent(((long) f << 32) | position, k -> new HashMap<>(4))
                .merge(p, 1, Integer::sum);
          }
        };
    for (int[] doc : documents) {
      scan(language, doc.length, i -> vocabulary.word(TokenCodec.word(doc[i])), sink);
    }
    LongIntMap names = new LongIntMap(Math.max(16, counts.size()));
    counts.forEach(
        (key, byName) -> {
          int best = 0;
          int bestCount = 0;
          for (Map.Entry<Integer, Integer> e : byName.entrySet()) {
            // the most frequent name; on a tie the smaller id (the earlier word), for determinism
            if (e.getValue() > bestCount || e.getValue() == bestCount && e.getKey() < best) {
              best = e.getKey();
              bestCount = e.getValue();
            }
          }
          names.put(key, best);
        });
    return new Parameters(vocabulary, names);
  }

  /** The name of {@code function}'s parameter at {@code position} (from 0), or null. */
  public String parameter(String function, int position) {
    int f = vocabulary.lookup(function);
    if (f <= Vocabulary.BOS || position < 0 || position > MAX_POSITION) {
      return null;
    }
    int p = names.get(((long) f << 32) | position, 0);
    return p > Vocabulary.BOS ? vocabulary.word(p) : null;
  }

  /** The number of (function, position) pairs known. */
  public int size() {
    return names.size();
  }

  public long retainedBytes() {
    return names.retainedBytes();
  }

  /**
   * Passes each parameter of the declarations among the tokens {@code at(0..n-1)} to {@code sink},
   * in order.
   */
  public static void scan(Language language, int n, IntFunction<String> at, Sink sink) {
    if (language == Language.PYTHON) {
      scanPython(language, n, at, sink);
    } else if (language == Language.JAVA) {
      scanJava(language, n, at, sink);
    }
  }

  private static void scanPython(Language language, int n, IntFunction<String> at, Sink sink) {
    String currentClass = null;
    for (int i = 0; i + 2 < n; i++) {
      String t = at.apply(i);
      if (t.equals("class") && isName(language, at.apply(i + 1))) {
        currentClass = at.apply(i + 1);
      } else if (t.equals("def")
          && isName(language, at.apply(i + 1))
          && at.apply(i + 2).equals("(")) {
        String function = at.apply(i + 1);
        List<String> params = pythonParameters(language, n, at, i + 2);
        int from = !params.isEmpty() && TypeMembers.isSelf(params.get(0)) ? 1 : 0;
        for (int k = from; k < params.size(); k++) {
          sink.parameter(function, k - from, params.get(k));
          if (function.equals("__init__") && currentClass != null && from == 1) {
            sink.parameter(currentClass, k - from, params.get(k));
          }
        }
      }
    }
  }

  /** The names of a {@code def}'s parameters, the list opening at {@code open}. */
  private static List<String> pythonParameters(
      Language language, int n, IntFunction<String> at, int open) {
    List<String> names = new java.util.ArrayList<>();
    int depth = 0;
    String prev = "(";
    String beforePrev = "";
    for (int j = open + 1; j < n && j < open + LIST_REACH; j++) {
      String t = at.apply(j);
      if (OPENING.contains(t)) {
        depth++;
      } else if (CLOSING.contains(t)) {
        if (depth == 0) {
          break;
        }
        depth--;
      } else if (depth == 0 && isName(language, t)) {
        boolean starts =
            prev.equals("(")
                || prev.equals(",")
                || (prev.equals("*") || prev.equals("**"))
                    && (beforePrev.equals("(") || beforePrev.equals(","));
        String next = j + 1 < n ? at.apply(j + 1) : "";
        if (starts
            && (next.equals(",") || next.equals(")") || next.equals("=") || next.equals(":"))) {
          names.add(t);
        }
      }
      beforePrev = prev;
      prev = t;
    }
    return names;
  }

  private static void scanJava(Language language, int n, IntFunction<String> at, Sink sink) {
    for (int i = 1; i + 1 < n; i++) {
      if (!at.apply(i).equals("(")) {
        continue;
      }
      String function = at.apply(i - 1);
      if (!isName(language, function)) {
        continue;
      }
      String before = i >= 2 ? at.apply(i - 2) : "";
      boolean afterType =
          isName(language, before)
              || PRIMITIVES.contains(before)
              || before.equals("void")
              || before.equals(">")
              || before.equals("]");
      boolean constructor =
          Character.isUpperCase(function.charAt(0))
              && (CONSTRUCTOR_MODIFIERS.contains(before)
                  || before.equals("record")
                  || before.equals(";")
                  || before.equals("{")
                  || before.equals("}"));
      if (!afterType && !constructor) {
        continue;
      }
      List<String> params = javaParameters(language, n, at, i);
      for (int k = 0; k < params.size(); k++) {
        sink.parameter(function, k, params.get(k));
      }
    }
  }

  /**
   * The names of a Java declaration's parameters, the list opening at {@code open}: each part
   * between commas ends in a name after a type ({@code final Map<K, V> m}, {@code int... xs},
   * {@code @Nullable String s}); none if a part does not (a call, not a declaration).
   */
  private static List<String> javaParameters(
      Language language, int n, IntFunction<String> at, int open) {
    List<String> names = new java.util.ArrayList<>();
    int depth = 0;
    int angles = 0;
    String prev = "(";
    String beforePrev = "";
    for (int j = open + 1; j < n && j < open + LIST_REACH; j++) {
      String t = at.apply(j);
      if (depth == 0 && angles == 0 && (t.equals(",") || t.equals(")"))) {
        boolean typed =
            isName(language, beforePrev)
                || PRIMITIVES.contains(beforePrev)
                || beforePrev.equals(">")
                || beforePrev.equals(">>")
                || beforePrev.equals(">>>")
                || beforePrev.equals("]")
                || beforePrev.equals("...");
        if (t.equals(")") && prev.equals("(")) {
          return names; // ()
        }
        if (!isName(language, prev) || !typed) {
          return List.of();
        }
        names.add(prev);
        if (t.equals(")")) {
          return names;
        }
      } else if (OPENING.contains(t)) {
        depth++;
      } else if (CLOSING.contains(t)) {
        if (depth == 0) {
          return List.of();
        }
        depth--;
      } else if (t.equals("<")) {
        angles++;
      } else if (t.equals(">") || t.equals(">>") || t.equals(">>>")) {
        angles = Math.max(0, angles - t.length());
      } else if (t.equals(";") || t.equals("=")) {
        return List.of();
      }
      beforePrev = prev;
      prev = t;
    }
    return List.of();
  }

  /**
   * Where the text before the cursor ({@code tokens}, the typed word excluded) ends at the start of
   * an argument — after {@code f(}, {@code f(a, }, {@code f(self.}/{@code f(this.} or Python's
   * {@code f(name=} — the call and the argument's position; null elsewhere (and in a declaration's
   * own parameter list, a Python base-class list, a condition's parentheses).
   */
  public static Argument argument(Language language, List<Token> tokens) {
    int i = tokens.size() - 1;
    if (i < 1 || (language != Language.JAVA && language != Language.PYTHON)) {
      return null;
    }
    String keyword = null;
    String last = tokens.get(i).text();
    if (language == Language.PYTHON
        && last.equals("=")
        && i >= 2
        && isName(language, tokens.get(i - 1).text())
        && isArgumentStart(tokens.get(i - 2).text())) {
      keyword = tokens.get(i - 1).text();
      i -= 2;
    } else if (TypeMembers.isAccess(last)
        && i >= 2
        && TypeMembers.isSelf(tokens.get(i - 1).text())
        && isArgumentStart(tokens.get(i - 2).text())) {
      i -= 2;
    }
    if (!isArgumentStart(tokens.get(i).text())) {
      return null;
    }
    int depth = 0;
    int position = 0;
    for (int j = i; j >= 1 && j > i - CALL_REACH; j--) {
      String t = tokens.get(j).text();
      if (CLOSING.contains(t)) {
        depth++;
      } else if (OPENING.contains(t)) {
        if (depth > 0) {
          depth--;
          continue;
        }
        if (!t.equals("(")) {
          return null; // a list, a dictionary, a block
        }
        return call(language, tokens, j, position, keyword);
      } else if (depth == 0) {
        if (t.equals(";")) {
          return null;
        }
        if (t.equals(",")) {
          position++;
        }
      }
    }
    return null;
  }

  /**
   * Passes to {@code sink} the name each call of {@code argument}'s function among the tokens
   * {@code at(0..n-1)} passes where {@code argument} is (at its position, or Python's same
   * keyword): the argument's first name ({@code self.}/{@code this.} skipped), when it begins with
   * one. A Python keyword argument does not count at a position.
   */
  public static void arguments(
      Language language, int n, IntFunction<String> at, Argument argument, Consumer<String> sink) {
    String function = argument.function();
    for (int i = 1; i + 1 < n; i++) {
      if (!at.apply(i).equals("(") || !at.apply(i - 1).equals(function)) {
        continue;
      }
      String before = i >= 2 ? at.apply(i - 2) : "";
      if (before.equals("def") || language == Language.JAVA && isName(language, before)) {
        continue; // its declaration
      }
      int depth = 0;
      int k = 0;
      int start = i + 1;
      for (int j = i + 1; j < n && j < i + LIST_REACH; j++) {
        String t = at.apply(j);
        boolean end = false;
        if (OPENING.contains(t)) {
          depth++;
        } else if (CLOSING.contains(t)) {
          end = depth-- == 0;
        } else if (depth == 0 && t.equals(",")) {
          end = true;
        }
        if (end) {
          // the argument at(start..j-1)
          boolean keyword = start + 1 < j && at.apply(start + 1).equals("=");
          if (argument.keyword() != null
              ? keyword && at.apply(start).equals(argument.keyword())
              : !keyword && k == argument.position()) {
            int first = keyword ? start + 2 : start;
            if (first + 2 < j
                && TypeMembers.isSelf(at.apply(first))
                && TypeMembers.isAccess(at.apply(first + 1))) {
              first += 2;
            }
            if (first < j && isName(language, at.apply(first))) {
              sink.accept(at.apply(first));
            }
          }
          if (depth < 0) {
            break;
          }
          k++;
          start = j + 1;
        }
      }
    }
  }

  private static Argument call(
      Language language, List<Token> tokens, int open, int position, String keyword) {
    String function = tokens.get(open - 1).text();
    if (!isName(language, function)) {
      return null; // if (, for (, a tuple, a cast
    }
    String before = open >= 2 ? tokens.get(open - 2).text() : "";
    if (before.equals("def") || before.equals("class")) {
      return null; // a declaration's parameters, a Python class's bases
    }
    if (language == Language.JAVA
        && (isName(language, before)
            || PRIMITIVES.contains(before)
            || before.equals("void")
            || before.equals(">")
            || before.equals("]")
            || before.equals("record"))) {
      return null; // a method's or a record's parameters
    }
    return new Argument(function, position, keyword);
  }

  private static boolean isArgumentStart(String t) {
    return t.equals("(") || t.equals(",");
  }

  private static boolean isName(Language language, String w) {
    return Token.isWord(w) && !language.isKeyword(w);
  }
}
