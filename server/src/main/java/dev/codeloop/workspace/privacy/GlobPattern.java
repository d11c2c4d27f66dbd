package dev.codeloop.workspace.privacy;

import java.util.regex.Pattern;

/**
 * One gitignore-style glob, compiled to a regular expression over {@code /}-separated relative
 * paths. {@code *} matches within a segment, {@code **} across segments, {@code ?} one character,
 * {@code [..]} a class. A pattern without a slash (other than a trailing one) matches at any depth;
 * a leading slash anchors it to the root.
 */
record GlobPattern(String source, Pattern regex, boolean negated, boolean directoryOnly) {

  static GlobPattern compile(String raw) {
    String p = raw;
    boolean negated = p.startsWith("!");
    if (negated) {
      p = p.substring(1);
    }
    if (p.startsWith("\\!") || p.startsWith("\\#")) {
      p = p.substring(1);
    }
    boolean dirOnly = p.endsWith("/");
    if (dirOnly) {
      p = p.substring(0, p.length() - 1);
    }
    boolean anchored = p.startsWith("/") || p.contains("/");
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    StringBuilder re = new StringBuilder();
    if (!anchored && !p.startsWith("**")) {
      re.append("(?:.*/)?");
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*') {
        if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
          boolean slashAfter = i + 2 < p.length() && p.charAt(i + 2) == '/';
          re.append(slashAfter ? "(?:.*/)?" : ".*");
          i += slashAfter ? 2 : 1;
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else if (c == '[') {
        int end = p.indexOf(']', i + 1);
        if (end < 0) {
          re.append("\\[");
        } else {
          String cls = p.substring(i + 1, end).replace("\\", "\\\\");
          if (cls.startsWith("!")) {
            cls = "^" + cls.substring(1);
          }
          re.append('[').append(cls).append(']');
          i = end;
        }
      } else if ("\\.^$+{}()|".indexOf(c) >= 0) {
        re.append('\\').append(c);
      } else {
        re.append(c);
      }
    }
    // A pattern matching a directory also matches everything below it.
    re.append("(?:/.*)?");
    return new GlobPattern(raw, Pattern.compile(re.toString()), negated, dirOnly);
  }

  /**
   * Whether the pattern matches {@code relativePath} (no leading slash). A directory-only pattern
   * matches only below a directory of that name, since callers test files.
   */
  boolean matches(String relativePath) {
    if (directoryOnly) {
      int slash = relativePath.lastIndexOf('/');
      return slash > 0 && regex.matcher(relativePath.substring(0, slash)).matches();
    }
    return regex.matcher(relativePath).matches();
  }
}
