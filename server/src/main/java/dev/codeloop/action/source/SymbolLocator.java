package dev.codeloop.action.source;

import dev.codeloop.action.TextRange;
import dev.codeloop.document.DocumentSnapshot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the code an action is about without a parser: the selection widened to whole lines, or for
 * a bare cursor the enclosing declaration (a brace block that is not a control statement, or an
 * indented Python {@code def}/{@code class}). Heuristic by design: good enough to frame a prompt.
 */
public final class SymbolLocator {
  private static final Set<String> CONTROL =
      Set.of(
          "if",
          "else",
          "for",
          "while",
          "do",
          "switch",
          "try",
          "catch",
          "finally",
          "synchronized",
          "match",
          "loop",
          "select",
          "case",
          "default",
          "unsafe",
          "return");
  private static final Pattern DECLARED =
      Pattern.compile(
          "\\b(?:class|interface|enum|record|struct|trait|impl|fn|func|function|def|object|mod|type)"
              + "\\s+(?:\\([^)]*\\)\\s*)?([A-Za-z_$][\\w$]*)");
  private static final Pattern CALLED =
      Pattern.compile("([A-Za-z_$][\\w$]*)\\s*(?:<[^>]*>)?\\s*\\(");
  private static final Pattern PY_DEF =
      Pattern.compile("^(\\s*)(?:async\\s+)?(?:def|class)\\s+([A-Za-z_]\\w*)");

  private SymbolLocator() {}

  public static CodeRegion locate(DocumentSnapshot snapshot, TextRange range) {
    int from = snapshot.offsetAt(range.start());
    int to = snapshot.offsetAt(range.end());
    if (from != to) {
      int startLine = range.start().line();
      int endLine = range.end().line();
      if (endLine > startLine && range.end().character() == 0) {
        endLine--;
      }
      return lines(snapshot, startLine, endLine, enclosingName(snapshot, from));
    }
    if ("python".equals(snapshot.languageId())) {
      return python(snapshot, range.start().line());
    }
    return braces(snapshot, from);
  }

  private static String enclosingName(DocumentSnapshot snapshot, int offset) {
    if ("python".equals(snapshot.languageId())) {
      return python(snapshot, snapshot.positionAt(offset).line()).symbol();
    }
    return braces(snapshot, offset).symbol();
  }

  private static CodeRegion lines(DocumentSnapshot s, int startLine, int endLine, String symbol) {
    var text = s.text();
    int start = text.lineStartOffset(startLine);
    int end = text.lineEndOffset(endLine);
    return new CodeRegion(start, end, text.slice(start, end), symbol);
  }

  private static CodeRegion braces(DocumentSnapshot s, int cursor) {
    String t = s.content();
    var text = s.text();
    for (int[] block : blocksContaining(t, cursor)) {
      int headerLine = text.lineOfOffset(block[0]);
      String header = headerText(s, headerLine);
      if (isControl(header)) {
        continue;
      }
      if (s.lineText(headerLine).strip().equals("{") && headerLine > 0) {
        headerLine--;
        header = s.lineText(headerLine);
      }
      int first = headerLine;
      while (first > 0 && s.lineText(first - 1).strip().startsWith("@")) {
        first--;
      }
      return lines(s, first, text.lineOfOffset(block[1]), nameOf(header));
    }
    int line = text.lineOfOffset(cursor);
    return lines(s, line, line, "");
  }

  private static String headerText(DocumentSnapshot s, int line) {
    String h = s.lineText(line);
    if (h.strip().equals("{") && line > 0) {
      return s.lineText(line - 1);
    }
    return h;
  }

  private static boolean isControl(String header) {
    String h = header.strip();
    while (h.startsWith("}")) {
      h = h.substring(1).strip();
    }
    Matcher m = Pattern.compile("^([A-Za-z_]+)").matcher(h);
    if (!m.find()) {
      return h.startsWith("{") || h.isEmpty();
    }
    if (CONTROL.contains(m.group(1))) {
      return true;
    }
    // an initializer or a lambda body is not a declaration
    return !DECLARED.matcher(h).find() && !CALLED.matcher(h).find();
  }

  private static String nameOf(String header) {
    Matcher d = DECLARED.matcher(header);
    if (d.find()) {
      return d.group(1);
    }
    String last = "";
    Matcher c = CALLED.matcher(header);
    while (c.find()) {
      if (!CONTROL.contains(c.group(1)) && !"new".equals(c.group(1))) {
        last = c.group(1);
        break;
      }
    }
    return last;
  }

  /** Brace blocks containing {@code cursor}, innermost first, as {open, close} offsets. */
  private static List<int[]> blocksContaining(String t, int cursor) {
    List<int[]> out = new ArrayList<>();
    Deque<Integer> open = new ArrayDeque<>();
    int i = 0;
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (c == '/' && i + 1 < n && t.charAt(i + 1) == '/') {
        while (i < n && t.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '/' && i + 1 < n && t.charAt(i + 1) == '*') {
        int end = t.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (c == '"' || c == '\'' || c == '`') {
        i++;
        while (i < n && t.charAt(i) != c && (c == '`' || t.charAt(i) != '\n')) {
          i += t.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        continue;
      }
      if (c == '{') {
        open.push(i);
      } else if (c == '}' && !open.isEmpty()) {
        int o = open.pop();
        if (o < cursor && cursor <= i) {
          out.add(new int[] {o, i});
        }
      }
      i++;
    }
    out.sort((a, b) -> Integer.compare(b[0], a[0]));
    return out;
  }

  private static CodeRegion python(DocumentSnapshot s, int line) {
    int lineCount = s.lineCount();
    int current = s.lineText(line).isBlank() ? Integer.MAX_VALUE : indent(s.lineText(line));
    for (int i = Math.min(line, lineCount - 1); i >= 0; i--) {
      String l = s.lineText(i);
      if (l.isBlank()) {
        continue;
      }
      Matcher m = PY_DEF.matcher(l);
      int ind = indent(l);
      if (m.find() && (i == line || ind < current)) {
        int last = i;
        for (int j = i + 1; j < lineCount; j++) {
          String lj = s.lineText(j);
          if (lj.isBlank()) {
            continue;
          }
          if (indent(lj) <= ind) {
            break;
          }
          last = j;
        }
        int first = i;
        while (first > 0 && s.lineText(first - 1).strip().startsWith("@")) {
          first--;
        }
        return lines(s, first, last, m.group(2));
      }
      current = Math.min(current, ind);
    }
    return lines(s, line, line, "");
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
      n++;
    }
    return n;
  }
}
