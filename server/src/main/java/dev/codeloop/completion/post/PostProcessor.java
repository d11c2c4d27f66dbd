package dev.codeloop.completion.post;

import dev.codeloop.completion.context.CursorContext;
import dev.codeloop.completion.context.CursorContext.Block;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a raw model answer into what is inserted at the cursor. Pure and stateless: removes an
 * echoed line prefix, keeps one line where one is wanted, re-indents blocks to the cursor, stops at
 * the end of the block, balances brackets against the text after the cursor, removes the overlap
 * with that text, truncates to a number of lines and drops empty or repetitive answers.
 */
public final class PostProcessor {
  private static final String OPENERS = "([{";
  private static final String CLOSERS = ")]}";

  /** Processes the candidates of one answer, dropping unusable ones and duplicates, order kept. */
  public List<String> processAll(List<String> raw, CursorContext ctx, int maxLines) {
    Set<String> out = new LinkedHashSet<>();
    for (String r : raw) {
      process(r, ctx, maxLines).ifPresent(out::add);
    }
    return new ArrayList<>(out);
  }

  /** The text to insert, or empty when the answer is unusable. */
  public Optional<String> process(String raw, CursorContext ctx, int maxLines) {
    String t = raw.replace("\r\n", "\n").replace('\r', '\n');
    t = removeEcho(t, ctx);
    if (!ctx.multiline()) {
      int nl = t.indexOf('\n');
      t = nl >= 0 ? t.substring(0, nl) : t;
    } else {
      t = reindent(t, ctx);
      t = stopAtBlockEnd(t, ctx);
    }
    t = balance(t, ctx);
    t = removeSuffixOverlap(t, ctx);
    t = truncate(t, maxLines);
    t = stripTrailingWhitespace(t);
    if (t.isBlank() || isRepetitive(t, ctx)) {
      return Optional.empty();
    }
    return Optional.of(t);
  }

  /** The model repeated the line before the cursor: drop the repetition. */
  static String removeEcho(String t, CursorContext ctx) {
    String line = ctx.linePrefix().stripLeading();
    if (line.strip().length() < 3) {
      return t;
    }
    String lead = CursorContext.leadingWhitespace(t);
    if (t.startsWith(line, lead.length())) {
      return t.substring(lead.length() + line.length());
    }
    String trimmed = line.stripTrailing();
    if (t.startsWith(trimmed, lead.length())) {
      // The line ends with whitespace the model did not repeat exactly.
      return t.substring(lead.length() + trimmed.length()).stripLeading();
    }
    return t;
  }

  /**
   * Indents the lines after the first at the block's body when the model wrote them from column 0
   * (chat models often do); answers already indented absolutely are left alone.
   */
  static String reindent(String t, CursorContext ctx) {
    String[] lines = t.split("\n", -1);
    if (ctx.block() == Block.EMPTY_BODY) {
      // The cursor already stands at the body's indentation.
      lines[0] = lines[0].stripLeading();
    }
    String body = ctx.bodyIndent();
    boolean fromColumnZero = false;
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank() && !CursorContext.isOnlyClosers(lines[i].strip())) {
        fromColumnZero = CursorContext.leadingWhitespace(lines[i]).isEmpty();
        break;
      }
    }
    StringBuilder sb = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      sb.append('\n');
      if (fromColumnZero && !body.isEmpty() && !lines[i].isBlank()) {
        sb.append(body);
      }
      sb.append(lines[i]);
    }
    return sb.toString();
  }

  /**
   * Cuts before the first line (after the first) that leaves the block: indented no deeper than the
   * opening line, or less than the cursor on an empty line of a body.
   */
  static String stopAtBlockEnd(String t, CursorContext ctx) {
    int minWidth =
        ctx.block() == Block.OPENER_AT_LINE_END
            ? CursorContext.width(ctx.lineIndent()) + 1
            : CursorContext.width(ctx.bodyIndent());
    int pos = t.indexOf('\n');
    while (pos >= 0) {
      int next = t.indexOf('\n', pos + 1);
      String line = t.substring(pos + 1, next < 0 ? t.length() : next);
      if (!line.isBlank()
          && CursorContext.width(CursorContext.leadingWhitespace(line)) < minWidth) {
        return t.substring(0, pos);
      }
      pos = next;
    }
    return t;
  }

  /**
   * Scans brackets outside strings and line comments. A closer without an opener in the suggestion
   * closes something opened before the cursor: when the text after the cursor already closes it,
   * the suggestion is cut there (the editor's text provides it); when it starts a line of a block,
   * the block ends there; otherwise (the suffix does not close it) it is kept.
   */
  static String balance(String t, CursorContext ctx) {
    Deque<Character> open = new ArrayDeque<>();
    String pendingClosers = leadingClosers(ctx.lineSuffix());
    int consumed = 0;
    char quote = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote || c == '\n') {
          quote = 0;
        }
        continue;
      }
      if (c == '"' || c == '`' || (c == '\'' && isCharLiteral(t, i))) {
        quote = c;
      } else if (c == '/' && i + 1 < t.length() && t.charAt(i + 1) == '/') {
        int nl = t.indexOf('\n', i);
        if (nl < 0) {
          break;
        }
        i = nl;
      } else if (OPENERS.indexOf(c) >= 0) {
        open.push(c);
      } else if (CLOSERS.indexOf(c) >= 0) {
        if (!open.isEmpty() && OPENERS.indexOf(open.peek()) == CLOSERS.indexOf(c)) {
          open.pop();
          continue;
        }
        if (!open.isEmpty()) {
          // Mismatched closer inside the suggestion: the model went astray, keep what came before.
          return t.substring(0, i);
        }
        if (consumed < pendingClosers.length() && pendingClosers.charAt(consumed) == c) {
          return t.substring(0, i);
        }
        if (ctx.multiline() && startsLine(t, i)) {
          int lineStart = t.lastIndexOf('\n', i);
          return lineStart < 0 ? "" : t.substring(0, lineStart);
        }
        consumed = pendingClosers.length(); // closes something the suffix leaves open: keep it
      }
    }
    return t;
  }

  private static boolean isCharLiteral(String t, int i) {
    int close = t.indexOf('\'', i + 1);
    return close > i && close - i <= 3;
  }

  private static boolean startsLine(String t, int i) {
    for (int j = i - 1; j >= 0; j--) {
      char c = t.charAt(j);
      if (c == '\n') {
        return true;
      }
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String leadingClosers(String suffix) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < suffix.length(); i++) {
      char c = suffix.charAt(i);
      if (CLOSERS.indexOf(c) >= 0) {
        sb.append(c);
      } else if (c != ' ' && c != '\t') {
        break;
      }
    }
    return sb.toString();
  }

  /**
   * Removes the end of the suggestion that repeats the start of the rest of the line, e.g. {@code
   * "a, b)"} before {@code ")"}. Only the last line of the suggestion is compared.
   */
  static String removeSuffixOverlap(String t, CursorContext ctx) {
    String suffix = ctx.lineSuffix().stripTrailing();
    if (suffix.isBlank() || t.isEmpty()) {
      return t;
    }
    int lastLine = t.lastIndexOf('\n') + 1;
    String last = t.substring(lastLine);
    if (last.endsWith(suffix)) {
      return t.substring(0, t.length() - suffix.length());
    }
    for (int k = Math.min(suffix.length(), last.length()); k > 0; k--) {
      if (last.endsWith(suffix.substring(0, k))
          && (k >= 2 || !CursorContext.isIdentifierPart(suffix.charAt(0)))) {
        return t.substring(0, t.length() - k);
      }
    }
    return t;
  }

  static String truncate(String t, int maxLines) {
    int pos = -1;
    for (int i = 0; i < maxLines; i++) {
      pos = t.indexOf('\n', pos + 1);
      if (pos < 0) {
        return t;
      }
    }
    return t.substring(0, pos);
  }

  private static String stripTrailingWhitespace(String t) {
    String[] lines = t.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(i == 0 ? stripTrailingKeepLeading(lines[0]) : lines[i].stripTrailing());
    }
    return sb.toString().stripTrailing();
  }

  private static String stripTrailingKeepLeading(String s) {
    return s.isBlank() ? "" : s.stripTrailing();
  }

  /**
   * Degenerate answers: the same line over and over, or a single line that just repeats the line
   * above.
   */
  static boolean isRepetitive(String t, CursorContext ctx) {
    List<String> lines = new ArrayList<>();
    for (String l : t.split("\n")) {
      if (!l.isBlank()) {
        lines.add(l.strip());
      }
    }
    if (lines.size() >= 2 && lines.stream().distinct().count() == 1) {
      return true;
    }
    int run = 1;
    for (int i = 1; i < lines.size(); i++) {
      run = lines.get(i).equals(lines.get(i - 1)) ? run + 1 : 1;
      if (run >= 3) {
        return true;
      }
    }
    String previous = ctx.previousLine().strip();
    return lines.size() == 1
        && ctx.linePrefix().isBlank()
        && previous.length() >= 8
        && lines.get(0).equals(previous);
  }
}
