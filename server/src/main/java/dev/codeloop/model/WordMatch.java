package dev.codeloop.model;

/**
 * How a word matches what was typed of it: its start (case-sensitive, then ignoring case), or its
 * humps: the typed characters taken in order from the starts of its camel-case or snake-case parts,
 * each part matched by a run of its first characters ({@code gSV} and {@code getsv} match {@code
 * getSomeValue}, {@code fin} and {@code ifi} match {@code is_finished}).
 */
public final class WordMatch {
  public static final int PREFIX = 0;
  public static final int PREFIX_IGNORING_CASE = 1;
  public static final int HUMPS = 2;
  public static final int NONE = -1;
  private static final int MAX_TYPED = 40;

  private WordMatch() {}

  /** {@link #PREFIX}, {@link #PREFIX_IGNORING_CASE}, {@link #HUMPS} or {@link #NONE}. */
  public static int of(String typed, String word) {
    if (typed.isEmpty() || word.startsWith(typed)) {
      return PREFIX;
    }
    if (word.regionMatches(true, 0, typed, 0, typed.length())) {
      return PREFIX_IGNORING_CASE;
    }
    if (typed.length() > MAX_TYPED || typed.length() > word.length()) {
      return NONE;
    }
    for (int k = 0; k < word.length(); k++) {
      if (humpStart(word, k)
          && same(word.charAt(k), typed.charAt(0))
          && rest(typed, 1, word, k + 1)) {
        return HUMPS;
      }
    }
    return NONE;
  }

  /** Matches {@code typed[i..]} against {@code word[j..]}, continuing the hump at {@code j}. */
  private static boolean rest(String typed, int i, String word, int j) {
    if (i == typed.length()) {
      return true;
    }
    char c = typed.charAt(i);
    if (j < word.length() && same(word.charAt(j), c) && rest(typed, i + 1, word, j + 1)) {
      return true;
    }
    for (int k = j + 1; k < word.length(); k++) {
      if (humpStart(word, k) && same(word.charAt(k), c) && rest(typed, i + 1, word, k + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a hump of {@code word} (or the word) starts at {@code k}. */
  public static boolean humpStart(String word, int k) {
    char c = word.charAt(k);
    if (c == '_' || c == '$') {
      return false;
    }
    if (k == 0) {
      return true;
    }
    char p = word.charAt(k - 1);
    if (p == '_' || p == '$') {
      return true;
    }
    if (Character.isUpperCase(c)) {
      return !Character.isUpperCase(p)
          || (k + 1 < word.length() && Character.isLowerCase(word.charAt(k + 1)));
    }
    return Character.isDigit(c) && !Character.isDigit(p);
  }

  private static boolean same(char a, char b) {
    return a == b || Character.toLowerCase(a) == Character.toLowerCase(b);
  }
}
