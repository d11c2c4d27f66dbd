package dev.codeloop.model.embedded;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * The parts of an identifier a programmer reuses across names: {@code setConcurrency} is {@code
 * set} and {@code concurrency}, {@code max_buf_size} is {@code max}, {@code buf} and {@code size},
 * {@code HTTPServer} is {@code http} and {@code server}; lower-cased, digits and {@code _}/{@code
 * $} split. Parts of one character are left out.
 */
final class Subwords {
  private Subwords() {}

  /** Adds the parts of {@code word} to {@code out}. */
  static void addTo(String word, Set<String> out) {
    int start = 0;
    int n = word.length();
    for (int i = 1; i <= n; i++) {
      if (i == n || boundary(word, i)) {
        add(word, start, i, out);
        start = i;
      }
    }
  }

  /**
   * The share of {@code word}'s parts found in {@code parts} (lower-case parts, as {@link #addTo}
   * makes them), 0 when it has none. Allocates nothing: it runs for every candidate of a menu.
   */
  static double shareFoundIn(String word, Collection<String> parts) {
    int all = 0;
    int found = 0;
    int start = 0;
    int n = word.length();
    for (int i = 1; i <= n; i++) {
      if (i == n || boundary(word, i)) {
        if (isPart(word, start, i)) {
          all++;
          for (String p : parts) {
            if (p.length() == i - start && word.regionMatches(true, start, p, 0, p.length())) {
              found++;
              break;
            }
          }
        }
        start = i;
      }
    }
    return all == 0 ? 0 : (double) found / all;
  }

  /** Whether a part ends before index {@code i} of {@code w} (0 < i < length). */
  private static boolean boundary(String w, int i) {
    char a = w.charAt(i - 1);
    char b = w.charAt(i);
    if (isSeparator(a) != isSeparator(b)) {
      return true;
    }
    if (Character.isDigit(a) != Character.isDigit(b)) {
      return true;
    }
    if (Character.isLowerCase(a) && Character.isUpperCase(b)) {
      return true; // camelCase
    }
    // HTTPServer: the last capital of a run starts the next part
    return Character.isUpperCase(a)
        && Character.isUpperCase(b)
        && i + 1 < w.length()
        && Character.isLowerCase(w.charAt(i + 1));
  }

  private static boolean isSeparator(char c) {
    return c == '_' || c == '$';
  }

  private static void add(String w, int from, int to, Set<String> out) {
    String part = part(w, from, to);
    if (part != null) {
      out.add(part);
    }
  }

  private static String part(String w, int from, int to) {
    return isPart(w, from, to) ? w.substring(from, to).toLowerCase(Locale.ROOT) : null;
  }

  private static boolean isPart(String w, int from, int to) {
    return to - from >= 2 && !isSeparator(w.charAt(from)) && !Character.isDigit(w.charAt(from));
  }
}
