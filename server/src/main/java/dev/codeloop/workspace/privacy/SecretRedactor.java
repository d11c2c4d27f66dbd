package dev.codeloop.workspace.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secret-looking strings (API keys, tokens, private keys, passwords in assignments) in
 * text that is about to leave the machine. Thread-safe. Works line by line (private key blocks
 * aside): a line holding none of the words the line rules need ({@link #mayHoldSecret}) is returned
 * as it is, the others through a cache of recently seen lines, since successive prompts share
 * almost all their lines.
 *
 * <p>A text found clean (nothing to mask) is remembered, by identity, among the last few: the
 * completion path redacts its prefix when it builds the request and the redacting gateway redacts
 * the same string object again before it leaves, and that second pass is a lookup. Only the very
 * object that was checked is recognised (strings are immutable, so it still holds what was
 * checked), and only a clean one, so whatever this returns is what a full pass would return.
 *
 * <p>Not {@code model.CredentialRedactor}, which scrubs our own API keys from logs and error
 * reports: see there why the two stay apart.
 */
public final class SecretRedactor {
  /** What a redacted secret is replaced with. */
  public static final String MASK = "<redacted>";

  private record Rule(Pattern pattern, int group) {}

  private static final List<Rule> RULES =
      List.of(
          // PEM private key blocks (whole block).
          new Rule(
              Pattern.compile(
                  "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|\\z)"),
              0),
          // Provider tokens with recognisable prefixes.
          new Rule(Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), 0),
          new Rule(Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}\\b"), 0),
          new Rule(Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{40,}\\b"), 0),
          new Rule(Pattern.compile("\\bsk-(?:ant-|proj-)?[A-Za-z0-9_\\-]{20,}"), 0),
          new Rule(Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"), 0),
          new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_\\-]{35}\\b"), 0),
          new Rule(Pattern.compile("\\bglpat-[A-Za-z0-9_\\-]{20,}"), 0),
          new Rule(Pattern.compile("\\b(?:sk|rk|pk)_live_[A-Za-z0-9]{20,}"), 0),
          new Rule(Pattern.compile("\\bnpm_[A-Za-z0-9]{36}\\b"), 0),
          new Rule(Pattern.compile("\\bxox[a-z]-[A-Za-z0-9-]{10,}"), 0),
          // Bearer tokens and other Authorization header values, however opaque.
          new Rule(Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9._~+/\\-]{16,}=*)"), 1),
          new Rule(
              Pattern.compile(
                  "(?i)authorization[\"']?\\s*[:=]\\s*[\"']?(?:basic|token)\\s+([A-Za-z0-9._~+/\\-]{8,}=*)"),
              1),
          // A line that is only the base64 body of a key block (its BEGIN line may lie outside
          // the text we were given): PEM wraps at 64 characters, some tools at 76.
          new Rule(Pattern.compile("^\\s*([A-Za-z0-9+/]{60,76}={0,2})\\s*$"), 1),
          // JSON web tokens.
          new Rule(
              Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
              0),
          // Credentials in URLs: scheme://user:password@host.
          new Rule(Pattern.compile("(?<=://)[^/\\s:@]+:([^/\\s@]{3,})(?=@)"), 1),
          // Assignments to secret-named keys: api_key = "...", "password": "...", TOKEN=...
          new Rule(
              Pattern.compile(
                  "(?i)(?:api[_-]?key|apikey|secret|token|passw(?:or)?d|pwd|auth|credential|private[_-]?key)"
                      + "[A-Za-z0-9_\\-]*[\"']?\\s*[:=]\\s*[\"']?([^\\s\"',;]{8,})"),
              1));

  private static final int LINE_CACHE_SIZE = 8192;

  private final boolean enabled;

  /**
   * Redacted form of recently seen lines: prompts repeat most lines from one keystroke to the next.
   */
  private final Map<String, String> lineCache = new ConcurrentHashMap<>();

  private static final int CLEAN_REMEMBERED = 32;

  /** The last texts found clean, compared by identity; a ring written at {@link #cleanNext}. */
  private final AtomicReferenceArray<String> clean = new AtomicReferenceArray<>(CLEAN_REMEMBERED);

  private final AtomicInteger cleanNext = new AtomicInteger();

  public SecretRedactor(boolean enabled) {
    this.enabled = enabled;
  }

  /** The END line of a key block whose BEGIN line may be before the text. */
  private static final Pattern KEY_END = Pattern.compile("-----END [A-Z ]*PRIVATE KEY-----");

  /**
   * An AWS secret access key: 40 characters of base64 with upper, lower and digits. Only taken for
   * a secret when an access key id is in the same text (labelled ones are caught by name).
   */
  private static final Pattern AWS_SECRET =
      Pattern.compile(
          "(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[0-9])(?=[A-Za-z0-9/+]*[a-z])"
              + "(?=[A-Za-z0-9/+]*[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");

  private static final Pattern AWS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b");

  /** The text with every secret-looking string replaced by {@link #MASK}. */
  public String redact(String text) {
    if (!enabled || text.isEmpty()) {
      return text;
    }
    if (checkedClean(text)) {
      return text;
    }
    String out = redactAll(text);
    if (out.equals(text)) {
      clean.set(Math.floorMod(cleanNext.getAndIncrement(), CLEAN_REMEMBERED), text);
      return text;
    }
    return out;
  }

  /** Whether this very object (not merely an equal text) was recently found clean. */
  private boolean checkedClean(String text) {
    for (int i = 0; i < CLEAN_REMEMBERED; i++) {
      if (clean.get(i) == text) {
        return true;
      }
    }
    return false;
  }

  private String redactAll(String text) {
    String out = text;
    if (out.contains("PRIVATE KEY-----")) {
      out = maskLeadingKeyTail(out);
      out = apply(RULES.get(0), out);
    }
    if ((out.contains("AKIA") || out.contains("ASIA")) && AWS_KEY_ID.matcher(out).find()) {
      out = apply(new Rule(AWS_SECRET, 0), out);
    }
    StringBuilder sb = null;
    List<int[]> words = wordsFound(out);
    int[] firstWord = {0}; // the first of words (by start) that may lie in this line or a later one
    int start = 0;
    while (start <= out.length()) {
      int nl = out.indexOf('\n', start);
      int end = nl < 0 ? out.length() : nl;
      if (!mayHoldSecret(out, start, end, words, firstWord)) {
        // as redactLine would return it
        if (sb != null) {
          sb.append(out, start, end);
          if (nl >= 0) {
            sb.append('\n');
          }
        }
        if (nl < 0) {
          break;
        }
        start = nl + 1;
        continue;
      }
      String line = out.substring(start, end);
      String redacted = redactLine(line);
      if (sb == null && !redacted.equals(line)) {
        sb = new StringBuilder(out.length()).append(out, 0, start);
      }
      if (sb != null) {
        sb.append(redacted);
        if (nl >= 0) {
          sb.append('\n');
        }
      }
      if (nl < 0) {
        break;
      }
      start = nl + 1;
    }
    return sb == null ? out : sb.toString();
  }

  /**
   * A text that starts inside a key block (an END line with no BEGIN before it): the END line and
   * the run of base64 body lines just above it are masked.
   */
  private static String maskLeadingKeyTail(String text) {
    Matcher end = KEY_END.matcher(text);
    if (!end.find()) {
      return text;
    }
    int begin = text.indexOf("-----BEGIN ");
    if (begin >= 0 && begin < end.start()) {
      return text;
    }
    int from = text.lastIndexOf('\n', end.start() - 1) + 1; // start of the END line
    while (from > 0) {
      int prev = text.lastIndexOf('\n', from - 2) + 1;
      String line = text.substring(prev, from - 1).strip();
      if (!line.isEmpty() && !KEY_BODY_LINE.matcher(line).matches()) {
        break;
      }
      from = prev;
    }
    return text.substring(0, from) + MASK + text.substring(end.end());
  }

  private static final Pattern KEY_BODY_LINE = Pattern.compile("[A-Za-z0-9+/]{16,76}={0,2}");

  /**
   * What a line must contain, lower-cased, for a line rule to match in it: each rule's match starts
   * with or holds one of these (the case-sensitive ones lower-cased too, which only lets more lines
   * through). The base64-line rule needs no word but a line of base64 ({@link #mayBeBase64Line}).
   */
  private static final List<String> LINE_RULE_WORDS =
      List.of(
          "akia", // AKIA..., ASIA...
          "asia",
          "ghp_", // gh[pousr]_
          "gho_",
          "ghu_",
          "ghs_",
          "ghr_",
          "github_pat_",
          "sk-",
          "xox",
          "aiza",
          "glpat-",
          "_live_",
          "npm_",
          "bearer",
          "eyj",
          "://");

  /**
   * The words of the two rules that also need a {@code :} or {@code =} after them (authorization
   * headers and assignments to secret-named keys).
   */
  private static final List<String> ASSIGNMENT_WORDS =
      List.of(
          "auth", // authorization, auth...
          "api_key",
          "api-key",
          "apikey",
          "secret",
          "token",
          "passw", // password, passwd
          "pwd",
          "credential",
          "private_key",
          "private-key",
          "privatekey");

  private static final int BASE64_LINE_MIN = 60;

  /**
   * Whether any line rule could match in {@code line}: most lines of code hold none of the words
   * the rules need, and this check is a few {@code indexOf} calls instead of fifteen regular
   * expressions. A line for which this is false is returned as it is.
   */
  static boolean mayHoldSecret(String line) {
    if (line.length() >= BASE64_LINE_MIN && mayBeBase64Line(line)) {
      return true;
    }
    String lower = line.toLowerCase(Locale.ROOT);
    for (String word : LINE_RULE_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    if (line.indexOf('=') < 0 && line.indexOf(':') < 0) {
      return false;
    }
    for (String word : ASSIGNMENT_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the words of {@link #LINE_RULE_WORDS} and {@link #ASSIGNMENT_WORDS} occur in {@code
   * text}, ignoring case, as {start, end} pairs sorted by start. Found once for a whole text, so
   * that its lines holding none are passed without a copy and a lower-cased copy each ({@link
   * #mayHoldSecret(String, int, int, List)}). One pass over the text, without a lower-cased copy of
   * it: at a character whose lower case starts a word, the words starting so are compared in place
   * with {@link String#regionMatches(boolean, int, String, int, int)}, which matches wherever the
   * lower-cased text would (and, for a few non-ASCII letters, more often: a line is then checked in
   * full, never skipped).
   */
  private static List<int[]> wordsFound(String text) {
    List<int[]> found = new ArrayList<>();
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      String[] words;
      if (c < WORDS_BY_CHARACTER.length) {
        words = WORDS_BY_CHARACTER[c]; // ASCII: one look-up, no case mapping
      } else {
        char lower = Character.toLowerCase(c); // a few non-ASCII letters lower-case to ASCII
        words = lower < WORDS_BY_FIRST.length ? WORDS_BY_FIRST[lower] : null;
      }
      if (words == null) {
        continue;
      }
      // every word is ASCII and at least three characters long: an ASCII second or third
      // character that is not the word's (ignoring case) rules the word out before the full
      // comparison (in Python "self" would otherwise be compared with "secret" every time)
      char next = i + 1 < n ? text.charAt(i + 1) : 0;
      char nextLower = next >= 'A' && next <= 'Z' ? (char) (next + ('a' - 'A')) : next;
      char third = i + 2 < n ? text.charAt(i + 2) : 0;
      char thirdLower = third >= 'A' && third <= 'Z' ? (char) (third + ('a' - 'A')) : third;
      for (String word : words) {
        if (next < 128 && nextLower != word.charAt(1)
            || third < 128 && thirdLower != word.charAt(2)) {
          continue;
        }
        if (text.regionMatches(true, i, word, 0, word.length())) {
          found.add(new int[] {i, i + word.length()});
        }
      }
    }
    return found;
  }

  /** The words of both lists by their first character (ASCII: every word is). */
  private static final String[][] WORDS_BY_FIRST = wordsByFirst();

  /**
   * For each ASCII character, the words starting with its lower case: {@link #WORDS_BY_FIRST} at
   * {@link Character#toLowerCase(char)} of it, looked up without the case mapping (which was half
   * of a redaction's time).
   */
  private static final String[][] WORDS_BY_CHARACTER = wordsByCharacter();

  private static String[][] wordsByCharacter() {
    String[][] out = new String[WORDS_BY_FIRST.length][];
    for (char c = 0; c < out.length; c++) {
      out[c] = WORDS_BY_FIRST[Character.toLowerCase(c)];
    }
    return out;
  }

  private static String[][] wordsByFirst() {
    String[][] out = new String[128][];
    for (List<String> words : List.of(LINE_RULE_WORDS, ASSIGNMENT_WORDS)) {
      for (String word : words) {
        if (word.length() < 3) {
          throw new IllegalStateException("the word scan compares three characters: " + word);
        }
        char first = word.charAt(0);
        String[] had = out[first] == null ? new String[0] : out[first];
        String[] more = java.util.Arrays.copyOf(had, had.length + 1);
        more[had.length] = word;
        out[first] = more;
      }
    }
    return out;
  }

  /**
   * False only where {@link #redactLine} returns the line {@code text[start, end)} as it is: it is
   * shorter than 8 characters, or it is no base64 line and none of the {@code words} found in the
   * text ({@link #wordsFound}) lies within it, so that {@link #mayHoldSecret(String)} is false.
   * Lines are asked in order: {@code firstWord} holds the index of the first word not before this
   * line and moves on, so a text is scanned once however many words it holds.
   */
  private static boolean mayHoldSecret(
      String text, int start, int end, List<int[]> words, int[] firstWord) {
    // words is sorted by start and lines come in order: skip the words of earlier lines once
    while (firstWord[0] < words.size() && words.get(firstWord[0])[0] < start) {
      firstWord[0]++;
    }
    if (end - start < 8) {
      return false;
    }
    if (end - start >= BASE64_LINE_MIN && mayBeBase64Line(text, start, end)) {
      return true;
    }
    for (int i = firstWord[0]; i < words.size() && words.get(i)[0] < end; i++) {
      if (words.get(i)[1] <= end) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code line} could be a lone base64 body line: nothing in it but base64 characters,
   * {@code =} and the white space {@code \s} matches, and at least {@link #BASE64_LINE_MIN} of the
   * base64 characters.
   */
  private static boolean mayBeBase64Line(String line) {
    return mayBeBase64Line(line, 0, line.length());
  }

  /** {@link #mayBeBase64Line(String)} of {@code text[start, end)}. */
  private static boolean mayBeBase64Line(String text, int start, int end) {
    int base64 = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '+'
          || c == '/') {
        base64++;
      } else if (c != '=' && c != ' ' && c != '\t' && c != '\n' && c != 0x0B && c != '\f'
          && c != '\r') {
        return false;
      }
    }
    return base64 >= BASE64_LINE_MIN;
  }

  private String redactLine(String line) {
    if (line.length() < 8 || !mayHoldSecret(line)) {
      return line;
    }
    String cached = lineCache.get(line);
    if (cached != null) {
      return cached;
    }
    String out = applyLineRules(line);
    if (lineCache.size() >= LINE_CACHE_SIZE) {
      lineCache.clear();
    }
    lineCache.put(line, out);
    return out;
  }

  /**
   * Every line rule applied to {@code line}, without the cache or the {@link #mayHoldSecret} check.
   */
  static String applyLineRules(String line) {
    String out = line;
    for (int i = 1; i < RULES.size(); i++) {
      out = apply(RULES.get(i), out);
    }
    return out;
  }

  private static String apply(Rule rule, String text) {
    Matcher m = rule.pattern().matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    int last = 0;
    do {
      int start = m.start(rule.group());
      int end = m.end(rule.group());
      if (rule.group() > 0 && looksLikeCode(m.group(rule.group()))) {
        continue;
      }
      sb.append(text, last, start).append(MASK);
      last = end;
    } while (m.find());
    sb.append(text, last, text.length());
    return sb.toString();
  }

  /**
   * Values of secret-named assignments that are clearly code, not literals: references such as
   * {@code config.getToken()} or {@code System.getenv(...)}, or placeholders.
   */
  private static boolean looksLikeCode(String value) {
    return value.contains("(")
        || value.contains(".get")
        || value.startsWith("${")
        || value.startsWith("process.env")
        || value.startsWith("os.environ")
        || value.equals(MASK)
        || value.chars().allMatch(c -> Character.isLetter(c) || c == '_')
            && !hasDigitsOrMixed(value);
  }

  private static boolean hasDigitsOrMixed(String v) {
    boolean upper = v.chars().anyMatch(Character::isUpperCase);
    boolean lower = v.chars().anyMatch(Character::isLowerCase);
    return v.chars().anyMatch(Character::isDigit) || (upper && lower && v.length() >= 16);
  }
}
