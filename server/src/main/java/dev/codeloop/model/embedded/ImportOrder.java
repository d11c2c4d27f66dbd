package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a Java file keeps its import statements sorted, the statements on the lines just above and
 * just below the one being typed bound its path: after {@code import java.io.ObjectInput;} and
 * before {@code import java.io.OutputStream;}, {@code import java.io.} goes on with {@code
 * ObjectInputStream} or {@code ObjectOutput}, never {@code IOException} or {@code PrintStream}.
 * Formatters and IDEs sort each block of imports by the full name (static ones in a block of their
 * own); a blank line between two statements may separate groups that are not sorted against each
 * other, so only a statement on the next line bounds, and the file's own adjacent statements must
 * all be in order.
 *
 * @param prefix the path typed before the word ({@code java.io.}, with its trailing dot)
 * @param after the path of the statement on the line above (the word's path sorts after it), or
 *     null
 * @param before the path of the statement on the line below (the word's path sorts before it), or
 *     null
 */
record ImportOrder(String prefix, @Nullable String after, @Nullable String before) {

  /** A Java import statement on one line: its line, whether it is static, its dotted path. */
  private record Statement(int line, boolean isStatic, String path) {}

  /**
   * The bounds of the import statement being typed on the cursor's line, or null when the file's
   * imports are not sorted, or no statement on the line above or below bounds it.
   *
   * @param tokens the window's tokens before the typed word; those from {@code lineFrom} are the
   *     cursor's line ({@code import java.io.})
   * @param prefix the path typed so far, with its trailing dot ({@link
   *     dev.codeloop.model.embedded.lm.ImportNames.Site#prefix})
   * @param suffixTokens the tokens after the cursor, lexed from the cursor on: line 0 is the rest
   *     of the cursor's line
   */
  static @Nullable ImportOrder of(
      Language language,
      List<Token> tokens,
      int lineFrom,
      String prefix,
      List<Token> suffixTokens) {
    if (language != Language.JAVA
        || lineFrom >= tokens.size()
        || !tokens.get(lineFrom).text().equals("import")) {
      return null;
    }
    int line = tokens.get(lineFrom).line();
    boolean isStatic =
        lineFrom + 1 < tokens.size() && tokens.get(lineFrom + 1).text().equals("static");
    List<Statement> above = statements(tokens.subList(0, lineFrom));
    List<Statement> below = statements(suffixTokens);
    Statement previous = above.isEmpty() ? null : above.get(above.size() - 1);
    if (previous != null && (previous.line() != line - 1 || previous.isStatic() != isStatic)) {
      previous = null;
    }
    Statement next = below.isEmpty() ? null : below.get(0);
    if (next != null && (next.line() != 1 || next.isStatic() != isStatic)) {
      next = null;
    }
    if (previous == null && next == null) {
      return null;
    }
    int ordered = 0;
    List<List<Statement>> runs = new ArrayList<>(List.of(above, below));
    if (previous != null && next != null) {
      runs.add(List.of(previous, new Statement(previous.line() + 1, isStatic, next.path())));
    }
    for (List<Statement> run : runs) {
      for (int i = 1; i < run.size(); i++) {
        Statement a = run.get(i - 1);
        Statement b = run.get(i);
        if (b.line() != a.line() + 1 || a.isStatic() != b.isStatic()) {
          continue; // a blank line, a comment or another kind between them: maybe another group
        }
        if (a.path().compareTo(b.path()) >= 0) {
          return null; // not sorted
        }
        ordered++;
      }
    }
    if (ordered == 0) {
      return null; // nothing says the file sorts its imports
    }
    return new ImportOrder(
        prefix, previous == null ? null : previous.path(), next == null ? null : next.path());
  }

  /**
   * Whether the path {@link #prefix} + {@code word} (a name to import, or a step on a longer path)
   * can stand between the bounds.
   */
  boolean admits(String word) {
    String path = prefix + word;
    return (after == null || path.compareTo(after) > 0 || after.startsWith(path + "."))
        && (before == null || path.compareTo(before) < 0 || before.startsWith(path + "."));
  }

  /** The one-line import statements among {@code tokens}, in order. */
  private static List<Statement> statements(List<Token> tokens) {
    List<Statement> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (!t.text().equals("import")) {
        continue;
      }
      int j = i + 1;
      boolean isStatic = j < tokens.size() && tokens.get(j).text().equals("static");
      if (isStatic) {
        j++;
      }
      StringBuilder path = new StringBuilder();
      while (j < tokens.size() && !tokens.get(j).text().equals(";")) {
        String s = tokens.get(j).text();
        if (tokens.get(j).line() != t.line()
            || !(s.equals(".") || s.equals("*") || Language.JAVA.isIdentifier(s))) {
          break;
        }
        path.append(s);
        j++;
      }
      if (j < tokens.size()
          && tokens.get(j).text().equals(";")
          && tokens.get(j).line() == t.line()
          && path.length() > 0) {
        out.add(new Statement(t.line(), isStatic, path.toString()));
      }
      i = j;
    }
    return out;
  }
}
