package dev.codeloop.model.embedded.lm;

import dev.codeloop.model.embedded.lex.Language;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Which names follow each dotted prefix in import statements, learned from code: {@code import
 * java.util.List;} counts {@code java} after the empty prefix, {@code util} after {@code java.} and
 * {@code List} after {@code java.util.}; a Java file's {@code package p.q;} counts its top-level
 * types after {@code p.q.}; Python's {@code from email.mime import text, base} counts {@code text}
 * and {@code base} after {@code email.mime.} (a relative {@code from .x import y}: {@code y} after
 * {@code .x.}). The completion menu asks it what may follow the prefix typed in an import
 * statement: the n-gram model knows the few tokens before the cursor, not the whole path. Java and
 * Python only (other languages import strings or use {@code ::}). Immutable.
 */
public final class ImportNames {
  /** Receives the pairs found by {@link #scan}. */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param leaf whether {@code name} is what the statement imports (the last name of {@code
     *     import a.b.C}, each name after Python's {@code from a import}), not a step on its path
     */
    void pair(String prefix, String name, boolean leaf);
  }

  /** Knows nothing. */
  public static final ImportNames EMPTY = new ImportNames(Map.of(), 0);

  private static final Set<String> CLASS_WORDS = Set.of("class", "interface", "enum", "record");

  /** Prefix (with its trailing dot, or empty) to the names that followed it and how often. */
  private final Map<String, Map<String, Integer>> next;

  private final int pairs;

  private ImportNames(Map<String, Map<String, Integer>> next, int pairs) {
    this.next = next;
    this.pairs = pairs;
  }

  /** Learns from every document of {@code language} (encoded tokens, {@link TokenCodec}). */
  public static ImportNames learn(
      Language language, Vocabulary vocabulary, Iterable<int[]> documents) {
    if (language != Language.JAVA && language != Language.PYTHON) {
      return EMPTY;
    }
    Map<String, Map<String, Integer>> next = new HashMap<>();
    int[] pairs = {0};
    Sink sink =
        (prefix, name, leaf) -> {
          if (next.computeIfAbsent(prefix, p -> new HashMap<>()).merge(name, 1, Integer::sum)
              == 1) {
            pairs[0]++;
          }
        };
    for (int[] doc : documents) {
      scan(language, doc.length, i -> vocabulary.word(TokenCodec.word(doc[i])), sink);
    }
    Map<String, Map<String, Integer>> frozen = new HashMap<>(next.size() * 2);
    next.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
    return new ImportNames(Map.copyOf(frozen), pairs[0]);
  }

  /** The names that followed {@code prefix} (with its trailing dot, or empty) and how often. */
  public Map<String, Integer> after(String prefix) {
    return next.getOrDefault(prefix, Map.of());
  }

  /**
   * The prefix after which {@code name} came most often (with its trailing dot), or null: where the
   * workspace imports a type of that name from ({@code java.util.} for {@code List}). Scans every
   * prefix: for the rare requests inside an import statement.
   */
  public @Nullable String mostCommonPrefixOf(String name) {
    String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Map<String, Integer>> e : next.entrySet()) {
      Integer n = e.getValue().get(name);
      if (n != null
          && !e.getKey().isEmpty()
          && (n > bestCount || n == bestCount && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        bestCount = n;
      }
    }
    return best;
  }

  /** The number of (prefix, name) pairs known. */
  public int size() {
    return pairs;
  }

  public long retainedBytes() {
    // a map entry, a boxed count and the name's share of the prefix's map
    return 96L * pairs + 128L * next.size();
  }

  /**
   * Passes each (prefix, name) pair of the import statements (and Java's package declaration with
   * the top-level types after it) among the tokens {@code at(0..n-1)} to {@code sink}.
   */
  public static void scan(Language language, int n, IntFunction<String> at, Sink sink) {
    if (language == Language.JAVA) {
      scanJava(language, n, at, sink);
    } else if (language == Language.PYTHON) {
      scanPython(language, n, at, sink);
    }
  }

  private static void scanJava(Language language, int n, IntFunction<String> at, Sink sink) {
    int depth = 0;
    String pkg = null;
    int i = 0;
    while (i < n) {
      String t = at.apply(i);
      if (t.equals("{")) {
        depth++;
      } else if (t.equals("}")) {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && (t.equals("import") || t.equals("package"))) {
        int j = i + 1;
        if (j < n && at.apply(j).equals("static")) {
          j++;
        }
        StringBuilder key = new StringBuilder();
        j = chain(language, n, at, j, key, t.equals("import"), sink);
        if (t.equals("package") && key.length() > 0) {
          pkg = key.toString();
        }
        i = Math.max(j, i + 1);
        continue;
      } else if (depth == 0
          && pkg != null
          && CLASS_WORDS.contains(t)
          && i + 1 < n
          && isName(language, at.apply(i + 1))) {
        sink.pair(pkg, at.apply(i + 1), false);
      }
      i++;
    }
  }

  /**
   * Reads {@code name (. name)*} from {@code j}, passing (prefix, name) for each name; on return
   * {@code key} holds the prefix of the chain's last name's successor: every name read, each with
   * its dot ({@code java.util.}, for {@code package java.util;} too). Returns the index after the
   * chain.
   */
  private static int chain(
      Language language,
      int n,
      IntFunction<String> at,
      int j,
      StringBuilder key,
      boolean leafAtEnd,
      Sink sink) {
    while (j < n && isName(language, at.apply(j))) {
      String name = at.apply(j);
      String prefix = key.toString();
      key.append(name).append('.');
      j++;
      boolean more = j < n && at.apply(j).equals("."); // a name or * follows
      sink.pair(prefix, name, leafAtEnd && !more);
      if (j < n && at.apply(j).equals(".")) {
        j++;
      } else {
        break;
      }
    }
    return j;
  }

  private static void scanPython(Language language, int n, IntFunction<String> at, Sink sink) {
    int i = 0;
    while (i < n) {
      String t = at.apply(i);
      if (t.equals("import")) {
        // import a.b.c [as x] (, d.e [as y])*
        int j =
            aliasedList(
                n, at, i + 1, k -> chain(language, n, at, k, new StringBuilder(), true, sink));
        i = Math.max(j, i + 1);
        continue;
      }
      if (t.equals("from")) {
        // from [.]*a.b import [(] c [as x] (, d [as y])* [)]
        StringBuilder key = new StringBuilder();
        int j = leadingDots(n, at, i + 1, key);
        j = chain(language, n, at, j, key, false, sink);
        if (j < n && at.apply(j).equals("import")) {
          String prefix = key.toString();
          j++;
          if (j < n && at.apply(j).equals("(")) {
            j++;
          }
          j =
              aliasedList(
                  n,
                  at,
                  j,
                  k -> {
                    if (k >= n || !isName(language, at.apply(k))) {
                      return k;
                    }
                    sink.pair(prefix, at.apply(k), true);
                    return k + 1;
                  });
        }
        i = Math.max(j, i + 1);
        continue;
      }
      i++;
    }
  }

  /**
   * Reads {@code item [as alias] (, item [as alias])*} from {@code j}: {@code item} reads one item
   * at the index it is given and returns the index after it (that index itself when there is none
   * there, which ends the list). Returns the index after the list.
   */
  private static int aliasedList(int n, IntFunction<String> at, int j, IntUnaryOperator item) {
    while (true) {
      int after = item.applyAsInt(j);
      if (after == j) {
        return j;
      }
      j = skipAlias(n, at, after);
      if (j < n && at.apply(j).equals(",")) {
        j++;
      } else {
        return j;
      }
    }
  }

  /** Appends the dots of a relative import from {@code j} to {@code key}; the index after them. */
  private static int leadingDots(int n, IntFunction<String> at, int j, StringBuilder key) {
    while (j < n && (at.apply(j).equals(".") || at.apply(j).equals("..."))) {
      key.append(at.apply(j));
      j++;
    }
    return j;
  }

  private static int skipAlias(int n, IntFunction<String> at, int j) {
    return j + 1 < n && at.apply(j).equals("as") ? j + 2 : j;
  }

  private static boolean isName(Language language, String t) {
    return language.isIdentifier(t); // a word never starts with a digit
  }

  /**
   * Where the cursor is in an import statement.
   *
   * @param prefix the prefix whose names may come next (with its trailing dot, or empty)
   * @param imports whether the statement imports the next name, so that one the file imports
   *     already after {@code prefix} is not what comes ({@link #imported}); not in Java's {@code
   *     package} or Python's {@code from a.b} before its {@code import}, a path that may come again
   */
  public record Site(String prefix, boolean imports) {
    static Site of(String prefix, boolean imports) {
      return prefix == null ? null : new Site(prefix, imports);
    }
  }

  /**
   * Where the cursor is when its line, up to the word being typed, is an import statement ({@code
   * lineTokens}, the texts of its tokens before the typed word): {@code import java.util.} gives
   * {@code java.util.}, {@code import j} the empty prefix, Python's {@code from email.mime import }
   * and {@code from email.mime import text, } give {@code email.mime.}. Null anywhere else (and for
   * other languages).
   */
  public static Site site(Language language, List<String> lineTokens) {
    int n = lineTokens.size();
    if (n == 0) {
      return null;
    }
    String first = lineTokens.get(0);
    if (language == Language.JAVA && (first.equals("import") || first.equals("package"))) {
      int j = 1;
      if (first.equals("import") && j < n && lineTokens.get(j).equals("static")) {
        j++;
      }
      return Site.of(dotted(language, lineTokens, j, ""), first.equals("import"));
    }
    if (language != Language.PYTHON) {
      return null;
    }
    if (first.equals("import")) {
      int j = lineTokens.lastIndexOf(",") + 1;
      return Site.of(dotted(language, lineTokens, Math.max(1, j), ""), true);
    }
    if (!first.equals("from")) {
      return null;
    }
    StringBuilder key = new StringBuilder();
    int j = leadingDots(n, lineTokens::get, 1, key);
    int imp = lineTokens.indexOf("import");
    if (imp < 0) {
      return Site.of(dotted(language, lineTokens, j, key.toString()), false); // from a.b.|
    }
    String prefix = names(language, lineTokens, j, imp, key.toString());
    if (prefix == null || prefix.isEmpty()) {
      return null;
    }
    // from a.b import [(] c [as x], |
    int k = imp + 1;
    if (k < n && lineTokens.get(k).equals("(")) {
      k++;
    }
    while (k < n) {
      if (!isName(language, lineTokens.get(k))) {
        return null;
      }
      k = skipAlias(n, lineTokens::get, k + 1);
      if (k < n && !lineTokens.get(k).equals(",")) {
        return null;
      }
      k++;
    }
    return new Site(prefix, true);
  }

  /**
   * {@code base} followed by the texts of {@code tokens[j, end)} and a dot when they are {@code
   * name (. name)*} ({@code base} alone when there are none), else null.
   */
  private static String names(Language language, List<String> tokens, int j, int end, String base) {
    if (j == end) {
      return base;
    }
    StringBuilder key = new StringBuilder(base);
    for (int k = j; k < end; k += 2) {
      if (!isName(language, tokens.get(k)) || (k + 1 < end && !tokens.get(k + 1).equals("."))) {
        return null;
      }
      key.append(tokens.get(k)).append('.');
    }
    return (end - j) % 2 == 1 ? key.toString() : null;
  }

  /**
   * {@code base} followed by the texts from {@code j} when they are {@code (name .)*} to the end,
   * else null.
   */
  private static String dotted(Language language, List<String> tokens, int j, String base) {
    int end = tokens.size();
    if (j >= end) {
      return base;
    }
    // name (. name)* and the dot after the last name
    if (end - 1 == j || !tokens.get(end - 1).equals(".")) {
      return null;
    }
    return names(language, tokens, j, end - 1, base);
  }

  /**
   * The names already imported after {@code prefix} among the tokens {@code at(0..n-1)} (a file's
   * window): an import statement does not import them again (steps on a longer path, {@code util}
   * of {@code java.util.List}, may well come again).
   */
  public static Set<String> imported(
      Language language, String prefix, int n, IntFunction<String> at) {
    Set<String> out = new HashSet<>();
    scan(
        language,
        n,
        at,
        (p, name, leaf) -> {
          if (leaf && p.equals(prefix)) {
            out.add(name);
          }
        });
    return out;
  }
}
