package dev.codeloop.ignore;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An ordered list of gitignore-style patterns — the lines of one directory's {@code .gitignore} /
 * {@code .codeloopignore}, or the {@code privacy.excludeGlobs} setting — matched against {@code
 * /}-separated paths relative to the directory the rules belong to. Supports comments, blank lines,
 * {@code !} negation (the last matching pattern wins), trailing {@code /} (directories only),
 * anchoring (a leading or inner {@code /}), {@code *}, {@code ?}, {@code [...]} and {@code **}.
 * Immutable and thread-safe.
 */
public final class IgnoreRules {
  public static final IgnoreRules NONE = new IgnoreRules(List.of());

  private record Rule(Pattern pattern, boolean negated, boolean directoryOnly) {}

  private final List<Rule> rules;

  private IgnoreRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Parses the content of an ignore file: one pattern a line, {@code #} comments. */
  public static IgnoreRules parse(String content) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : content.split("\r?\n")) {
      String line = stripTrailingSpaces(raw);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Rule rule = compile(line);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return new IgnoreRules(rules);
  }

  /** Patterns given one by one (the {@code privacy.excludeGlobs} setting); blanks are skipped. */
  public static IgnoreRules of(List<String> globs) {
    List<Rule> rules = new ArrayList<>();
    for (String g : globs) {
      Rule rule = g == null || g.isBlank() ? null : compile(g.strip());
      if (rule != null) {
        rules.add(rule);
      }
    }
    return new IgnoreRules(rules);
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  private static Rule compile(String pattern) {
    String line = pattern;
    boolean negated = false;
    if (line.startsWith("!")) {
      negated = true;
      line = line.substring(1);
    } else if (line.startsWith("\\!") || line.startsWith("\\#")) {
      line = line.substring(1);
    }
    boolean dirOnly = line.endsWith("/");
    if (dirOnly) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty()) {
      return null;
    }
    boolean anchored = line.indexOf('/') >= 0;
    if (line.startsWith("/")) {
      line = line.substring(1);
    }
    String regex = (anchored ? "" : "(?:.*/)?") + globToRegex(line) + "(?:/.*)?";
    return new Rule(Pattern.compile(regex), negated, dirOnly);
  }

  /**
   * Whether the rules decide about {@code relativePath} ({@code /}-separated).
   *
   * @return {@code TRUE} ignored, {@code FALSE} explicitly re-included, {@code null} no rule
   *     matched
   */
  public Boolean match(String relativePath, boolean directory) {
    Boolean result = null;
    for (Rule r : rules) {
      if (r.directoryOnly && !directory) {
        // a directory-only rule still matches files below a matching directory
        if (!matchesParentDirectory(r.pattern, relativePath)) {
          continue;
        }
      } else if (!r.pattern.matcher(relativePath).matches()) {
        continue;
      }
      result = !r.negated;
    }
    return result;
  }

  private static boolean matchesParentDirectory(Pattern p, String path) {
    int slash = path.lastIndexOf('/');
    while (slash > 0) {
      String dir = path.substring(0, slash);
      if (p.matcher(dir).matches()) {
        return true;
      }
      slash = dir.lastIndexOf('/');
    }
    return false;
  }

  private static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ' && !(end > 1 && s.charAt(end - 2) == '\\')) {
      end--;
    }
    return s.substring(0, end);
  }

  static String globToRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    int n = glob.length();
    for (int i = 0; i < n; i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        boolean doubleStar = i + 1 < n && glob.charAt(i + 1) == '*';
        if (doubleStar) {
          boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
          boolean slashAfter = i + 2 < n && glob.charAt(i + 2) == '/';
          if (atStart && slashAfter) {
            sb.append("(?:.*/)?");
            i += 2;
          } else if (atStart && i + 2 == n) {
            sb.append(".*");
            i += 1;
          } else {
            sb.append("[^/]*");
            i += 1;
          }
        } else {
          sb.append("[^/]*");
        }
      } else if (c == '?') {
        sb.append("[^/]");
      } else if (c == '[') {
        int close = glob.indexOf(']', i + 1);
        if (close < 0) {
          sb.append("\\[");
        } else {
          String body = glob.substring(i + 1, close);
          if (body.startsWith("!")) {
            body = "^" + body.substring(1);
          }
          sb.append('[').append(body.replace("\\", "\\\\")).append(']');
          i = close;
        }
      } else if (c == '\\' && i + 1 < n) {
        sb.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}
