package dev.codeloop.workspace.tool.parse;

import dev.codeloop.workspace.tool.Finding.Severity;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Hand-written scanners shared by the parsers. No regular expressions: every scan is a single pass
 * over the line, so adversarial output cannot cause backtracking.
 */
final class Text {

  /** Lines and columns above this are not positions but noise. */
  private static final int MAX_DIGITS = 9;

  private Text() {}

  /** {@code path:line[:col[:endLine:endCol]]: rest}, the prefix compilers and linters print. */
  record ColonLocation(String path, List<Integer> numbers, String rest) {
    int number(int index) {
      return index < numbers.size() ? numbers.get(index) : 0;
    }
  }

  /**
   * Finds the first {@code :digits(:digits)*:} after a non-blank path. A drive letter ({@code C:})
   * is part of the path.
   */
  static @Nullable ColonLocation colonLocation(String line) {
    int start = line.length() > 2 && line.charAt(1) == ':' && isLetter(line.charAt(0)) ? 2 : 0;
    for (int colon = line.indexOf(':', start); colon > 0; colon = line.indexOf(':', colon + 1)) {
      int[] numbers = new int[4];
      int count = 0;
      int at = colon;
      while (count < numbers.length && at < line.length() && line.charAt(at) == ':') {
        int end = digitsEnd(line, at + 1);
        if (end == at + 1 || end - at - 1 > MAX_DIGITS) {
          break;
        }
        numbers[count++] = Integer.parseInt(line, at + 1, end, 10);
        at = end;
      }
      if (count > 0 && at < line.length() && line.charAt(at) == ':') {
        String path = line.substring(0, colon);
        if (path.isBlank() || Character.isWhitespace(path.charAt(0))) {
          return null;
        }
        List<Integer> found = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          found.add(numbers[i]);
        }
        return new ColonLocation(path, List.copyOf(found), line.substring(at + 1).strip());
      }
    }
    return null;
  }

  /** The index after the run of ASCII digits starting at {@code from}. */
  static int digitsEnd(String text, int from) {
    int at = from;
    while (at < text.length() && isDigit(text.charAt(at))) {
      at++;
    }
    return at;
  }

  /** Parses a short run of ASCII digits, or returns {@code -1}. */
  static int number(String text) {
    String digits = text.strip();
    if (digits.isEmpty()
        || digits.length() > MAX_DIGITS
        || digitsEnd(digits, 0) != digits.length()) {
      return -1;
    }
    return Integer.parseInt(digits);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * Resolves a path as a tool printed it (relative, absolute or a {@code file:} URL) against the
   * working directory; {@code null} when it is not a path.
   */
  static @Nullable Path resolve(Path workingDirectory, String printed) {
    String text = printed.strip();
    if (text.isEmpty()) {
      return null;
    }
    try {
      if (text.startsWith("file:")) {
        return Path.of(URI.create(text)).normalize();
      }
      return workingDirectory.toAbsolutePath().resolve(text).normalize();
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      return null;
    }
  }

  /** The word a compiler puts before the message: {@code error}, {@code warning}, {@code note}. */
  static @Nullable Severity severity(String word) {
    return switch (word.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "error", "fatal error", "fatal", "failure" -> Severity.ERROR;
      case "warning", "warn" -> Severity.WARNING;
      case "note", "info", "information", "hint", "help" -> Severity.INFO;
      default -> null;
    };
  }

  /** A severity word and the message after it: {@code "error: cannot find symbol"}. */
  record Labeled(Severity severity, String message) {}

  static @Nullable Labeled labeled(String rest) {
    int colon = rest.indexOf(": ");
    if (colon <= 0 || colon > "fatal error".length()) {
      return null;
    }
    Severity severity = severity(rest.substring(0, colon));
    return severity == null ? null : new Labeled(severity, rest.substring(colon + 2).strip());
  }

  /** The first line of a possibly multi-line text, stripped. */
  static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return (newline < 0 ? stripped : stripped.substring(0, newline)).strip();
  }
}
