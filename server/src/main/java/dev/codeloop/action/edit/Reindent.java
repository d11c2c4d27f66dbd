package dev.codeloop.action.edit;

/**
 * Models often return a method without its indentation. When the replacement's first non-blank line
 * is indented less than the original's, every non-blank line gets the missing indentation back.
 */
public final class Reindent {
  private Reindent() {}

  public static String like(String original, String replacement) {
    String want = firstIndent(original);
    String have = firstIndent(replacement);
    if (want.length() <= have.length() || !want.startsWith(have)) {
      return replacement;
    }
    String extra = want.substring(have.length());
    StringBuilder sb = new StringBuilder();
    String[] lines = replacement.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(lines[i].isBlank() ? lines[i] : extra + lines[i]);
    }
    return sb.toString();
  }

  private static String firstIndent(String text) {
    for (String line : text.split("\n", -1)) {
      if (!line.isBlank()) {
        int n = 0;
        while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
          n++;
        }
        return line.substring(0, n);
      }
    }
    return "";
  }
}
