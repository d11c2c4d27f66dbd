package dev.codeloop.completion.context;

/**
 * The syntax around the cursor that decides the shape of a suggestion, computed from the text near
 * the cursor only (cheap on large files).
 *
 * @param linePrefix the cursor line before the cursor
 * @param lineSuffix the cursor line after the cursor
 * @param previousLine the nearest non-blank line above the cursor line (empty when none)
 * @param followingText a few lines after the cursor line (for detecting what the suffix already
 *     closes)
 * @param block whether and how a multi-line suggestion is wanted
 * @param indentUnit one level of indentation in this file ({@code "\t"} or some spaces)
 */
public record CursorContext(
    String language,
    String linePrefix,
    String lineSuffix,
    String previousLine,
    String followingText,
    Block block,
    String indentUnit) {

  /** Where the cursor is with respect to blocks. */
  public enum Block {
    /** Mid-line or no empty block: only the rest of the line is wanted. */
    NONE,
    /** At the end of a line that opens an empty block: the block's body is wanted, on new lines. */
    OPENER_AT_LINE_END,
    /** On an empty line inside an empty body: the body is wanted from the cursor on. */
    EMPTY_BODY
  }

  public boolean multiline() {
    return block != Block.NONE;
  }

  /** The indentation of the cursor line. */
  public String lineIndent() {
    return leadingWhitespace(linePrefix);
  }

  /** The indentation a line of the suggested body should have. */
  public String bodyIndent() {
    return switch (block) {
      case OPENER_AT_LINE_END -> lineIndent() + indentUnit;
      case EMPTY_BODY -> linePrefix;
      case NONE -> lineIndent();
    };
  }

  /** The identifier characters right before the cursor (the word being typed). */
  public String wordPrefix() {
    int i = linePrefix.length();
    while (i > 0 && isIdentifierPart(linePrefix.charAt(i - 1))) {
      i--;
    }
    return linePrefix.substring(i);
  }

  public static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  public static String leadingWhitespace(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return s.substring(0, i);
  }

  /** Width of an indentation, a tab counting as four columns. */
  public static int width(String indent) {
    int w = 0;
    for (int i = 0; i < indent.length(); i++) {
      w += indent.charAt(i) == '\t' ? 4 : 1;
    }
    return w;
  }

  /** Lines before the cursor line that {@link #at} reads at most (the indentation guess). */
  public static final int LINES_BEFORE = 81;

  /** Lines after the cursor line that {@link #at} reads at most. */
  public static final int LINES_AFTER = 7;

  /** Computes the context at {@code offset} of {@code text}. */
  public static CursorContext at(CharSequence text, int offset, String language) {
    int lineStart = offset;
    while (lineStart > 0 && text.charAt(lineStart - 1) != '\n') {
      lineStart--;
    }
    int lineEnd = offset;
    while (lineEnd < text.length() && text.charAt(lineEnd) != '\n') {
      lineEnd++;
    }
    String linePrefix = text.subSequence(lineStart, offset).toString();
    String lineSuffix = stripCr(text.subSequence(offset, lineEnd).toString());
    String previous = previousNonBlankLine(text, lineStart);
    int followEnd = lineEnd;
    for (int lines = 0; followEnd < text.length() && lines < 6; followEnd++) {
      if (text.charAt(followEnd) == '\n') {
        lines++;
      }
    }
    String following =
        lineEnd < text.length()
            ? text.subSequence(lineEnd + 1, Math.max(lineEnd + 1, followEnd)).toString()
            : "";
    String nextLine = firstNonBlankLine(following);
    String unit = indentUnit(text, lineEnd, language);
    Block block = decide(language, linePrefix, lineSuffix, previous, nextLine);
    return new CursorContext(language, linePrefix, lineSuffix, previous, following, block, unit);
  }

  static Block decide(
      String language, String linePrefix, String lineSuffix, String previous, String nextLine) {
    String before = stripComment(linePrefix).strip();
    String after = lineSuffix.strip();
    boolean nextIsBody =
        !nextLine.isEmpty()
            && width(leadingWhitespace(nextLine)) > width(leadingWhitespace(linePrefix))
            && !isOnlyClosers(nextLine.strip());
    if (!before.isEmpty() && opensBlock(before, language) && isOnlyClosers(after) && !nextIsBody) {
      return Block.OPENER_AT_LINE_END;
    }
    if (linePrefix.isBlank() && after.isEmpty()) {
      String prev = stripComment(previous).strip();
      boolean afterOpener = !prev.isEmpty() && opensBlock(prev, language);
      boolean nextCloses =
          nextLine.isEmpty()
              || isOnlyClosers(nextLine.strip())
              || width(leadingWhitespace(nextLine)) < width(linePrefix);
      if (afterOpener && nextCloses) {
        return Block.EMPTY_BODY;
      }
    }
    return Block.NONE;
  }

  private static final java.util.regex.Pattern PYTHON_BLOCK =
      java.util.regex.Pattern.compile(
          "^(?:async\\s+)?(?:def|class|if|elif|else|for|while|try|except|finally|with|match|case)\\b.*:$");

  /** A line ending with {@code {}, or a Python compound statement's header. */
  private static boolean opensBlock(String trimmed, String language) {
    char last = trimmed.charAt(trimmed.length() - 1);
    if (last == '{') {
      return true;
    }
    return last == ':' && language.startsWith("python") && PYTHON_BLOCK.matcher(trimmed).matches();
  }

  public static boolean isOnlyClosers(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (")]};, \t".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String stripComment(String line) {
    int slashes = line.indexOf("//");
    return slashes >= 0 && !line.substring(0, slashes).contains("\"")
        ? line.substring(0, slashes)
        : line;
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static String previousNonBlankLine(CharSequence text, int lineStart) {
    int end = lineStart - 1;
    for (int guard = 0; end > 0 && guard < 50; guard++) {
      int start = end;
      while (start > 0 && text.charAt(start - 1) != '\n') {
        start--;
      }
      String line = stripCr(text.subSequence(start, end).toString());
      if (!line.isBlank()) {
        return line;
      }
      end = start - 1;
    }
    return "";
  }

  private static String firstNonBlankLine(String following) {
    for (String line : following.split("\n", -1)) {
      if (!line.isBlank()) {
        return stripCr(line);
      }
    }
    return "";
  }

  /** One level of indentation, guessed from up to 80 lines above the cursor. */
  private static String indentUnit(CharSequence text, int lineEnd, String language) {
    if (language.equals("go")) {
      return "\t";
    }
    int smallest = Integer.MAX_VALUE;
    int pos = lineEnd + 1;
    for (int lines = 0; pos > 0 && lines < 80; lines++) {
      int end = pos - 1;
      int start = end;
      while (start > 0 && text.charAt(start - 1) != '\n') {
        start--;
      }
      if (start < end && text.charAt(start) == '\t') {
        return "\t";
      }
      int spaces = 0;
      while (start + spaces < end && text.charAt(start + spaces) == ' ') {
        spaces++;
      }
      if (spaces > 0 && start + spaces < end && spaces < smallest) {
        smallest = spaces;
      }
      pos = start;
    }
    return smallest == Integer.MAX_VALUE || smallest > 8 ? "    " : " ".repeat(smallest);
  }
}
