package dev.codeloop.document;

import java.util.ArrayList;
import java.util.List;

/** Naive String-based model of the documented DocumentText semantics, the oracle for the tests. */
final class ReferenceText {
  private final String text;
  private final List<Integer> lineStarts = new ArrayList<>();

  ReferenceText(String text) {
    this.text = text;
    lineStarts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        continue;
      }
      if (c == '\r' || c == '\n') {
        lineStarts.add(i + 1);
      }
    }
  }

  String text() {
    return text;
  }

  int lineCount() {
    return lineStarts.size();
  }

  int lineStart(int line) {
    if (line < 0) {
      return 0;
    }
    return line >= lineCount() ? text.length() : lineStarts.get(line);
  }

  int lineEnd(int line) {
    if (line < 0) {
      return 0;
    }
    if (line >= lineCount()) {
      return text.length();
    }
    int end = line + 1 < lineCount() ? lineStarts.get(line + 1) : text.length();
    while (end > lineStarts.get(line) && isBreakChar(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  int lineOf(int offset) {
    int o = clamp(offset);
    int line = 0;
    while (line + 1 < lineCount() && lineStarts.get(line + 1) <= o) {
      line++;
    }
    return line;
  }

  int offsetAt(TextPosition p, PositionEncoding enc) {
    if (p.line() < 0) {
      return 0;
    }
    if (p.line() >= lineCount()) {
      return text.length();
    }
    int start = lineStart(p.line());
    int end = lineEnd(p.line());
    if (p.character() <= 0) {
      return start;
    }
    if (enc == PositionEncoding.UTF16) {
      return (int) Math.min((long) start + p.character(), end);
    }
    int offset = start;
    int left = p.character();
    while (offset < end) {
      int cp = text.codePointAt(offset);
      int units = unitsOf(cp, enc);
      if (units > left || offset + Character.charCount(cp) > end) {
        break;
      }
      left -= units;
      offset += Character.charCount(cp);
    }
    return offset;
  }

  TextPosition positionAt(int offset, PositionEncoding enc) {
    int o = clamp(offset);
    int line = lineOf(o);
    int start = lineStart(line);
    if (enc == PositionEncoding.UTF16) {
      return new TextPosition(line, o - start);
    }
    int character = 0;
    int i = start;
    while (i < o) {
      int cp = text.codePointAt(i);
      if (i + Character.charCount(cp) > o) {
        break;
      }
      character += unitsOf(cp, enc);
      i += Character.charCount(cp);
    }
    return new TextPosition(line, character);
  }

  ReferenceText replace(int start, int end, String replacement) {
    return new ReferenceText(text.substring(0, start) + replacement + text.substring(end));
  }

  ReferenceText apply(List<TextChange> changes, PositionEncoding enc) {
    ReferenceText current = this;
    for (TextChange change : changes) {
      if (change.isFull()) {
        current = new ReferenceText(change.text());
      } else {
        int s = current.offsetAt(change.start().get(), enc);
        int e = current.offsetAt(change.end().get(), enc);
        current = current.replace(Math.min(s, e), Math.max(s, e), change.text());
      }
    }
    return current;
  }

  private int clamp(int offset) {
    return Math.max(0, Math.min(offset, text.length()));
  }

  private static boolean isBreakChar(char c) {
    return c == '\r' || c == '\n';
  }

  private static int unitsOf(int cp, PositionEncoding enc) {
    return switch (enc) {
      case UTF16 -> cp >= 0x10000 ? 2 : 1;
      case UTF32 -> 1;
      case UTF8 -> cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    };
  }
}
