package dev.codeloop.cli;

import java.util.List;

/**
 * The code around a cursor with a suggestion marked, for a person: a few numbered lines before and
 * after, the cursor line marked {@code →}, the inserted text between {@code «} and {@code »}
 * (continuation lines of a multi-line suggestion marked {@code +}).
 */
public final class CursorView {
  static final int CONTEXT = 3;

  private CursorView() {}

  /**
   * @param lines the file's lines
   * @param line 0-based cursor line
   * @param start 0-based column where the suggestion starts (the cursor, or its range's start)
   * @param end 0-based column where the replaced text ends (= start for a pure insertion)
   * @param insert the suggestion, or null to show the bare cursor ({@code ‸})
   */
  public static String render(List<String> lines, int line, int start, int end, String insert) {
    int first = Math.max(0, line - CONTEXT);
    int last = Math.min(lines.size() - 1, line + CONTEXT);
    int width = Math.max(3, Integer.toString(last + 1).length());
    StringBuilder sb = new StringBuilder();
    for (int i = first; i < line; i++) {
      row(sb, " ", Integer.toString(i + 1), width, lines.get(i));
    }
    String text = lines.get(line);
    String before = text.substring(0, Math.min(start, text.length()));
    String after = text.substring(Math.min(Math.max(end, start), text.length()));
    if (insert == null) {
      row(sb, "→", Integer.toString(line + 1), width, before + "‸" + after);
    } else {
      String[] parts = insert.split("\n", -1);
      if (parts.length == 1) {
        row(sb, "→", Integer.toString(line + 1), width, before + "«" + parts[0] + "»" + after);
      } else {
        row(sb, "→", Integer.toString(line + 1), width, before + "«" + parts[0]);
        for (int k = 1; k < parts.length - 1; k++) {
          row(sb, " ", "+", width, parts[k]);
        }
        row(sb, " ", "+", width, parts[parts.length - 1] + "»" + after);
      }
    }
    for (int i = line + 1; i <= last; i++) {
      row(sb, " ", Integer.toString(i + 1), width, lines.get(i));
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String mark, String number, int width, String text) {
    sb.append(mark)
        .append(' ')
        .append(" ".repeat(Math.max(0, width - number.length())))
        .append(number)
        .append(" | ")
        .append(text)
        .append('\n');
  }
}
