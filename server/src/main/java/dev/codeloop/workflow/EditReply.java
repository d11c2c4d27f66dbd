package dev.codeloop.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the file edits out of a model's reply, in the shapes models really write (pure: the current
 * text of a file comes from the caller):
 *
 * <ul>
 *   <li>SEARCH/REPLACE blocks: a path line, then {@code <<<<<<< SEARCH} … {@code =======} … {@code
 *       >>>>>>> REPLACE} (an empty SEARCH creates the file);
 *   <li>a unified diff ({@code --- a/x}, {@code +++ b/x}, {@code @@} hunks), applied with its
 *       context checked (at the stated line, else at the one place the context matches);
 *   <li>fenced code blocks holding whole files, the path in the info string ({@code ```java
 *       src/A.java}, {@code ```java:src/A.java}) or on the line before the fence ({@code
 *       src/A.java}, {@code **src/A.java**}, {@code File: src/A.java}).
 * </ul>
 *
 * Either every edit applies or the result is an error and nothing is applied.
 */
public final class EditReply {
  private EditReply() {}

  /** One file's new full text; {@code path} as the reply names it (relative to a root). */
  public record Change(String path, String text) {}

  /** The changes, or why there are none. */
  public record Result(List<Change> changes, String error) {
    public Result {
      changes = List.copyOf(changes);
    }

    public boolean ok() {
      return error == null;
    }

    static Result error(String why) {
      return new Result(List.of(), "the reply held no edit in a shape I can apply: " + why);
    }
  }

  private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})(.*)$");
  private static final Pattern HUNK =
      Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*$");

  /**
   * @param current the current text of a file by its path as named in the reply (empty when it does
   *     not exist)
   */
  public static Result parse(String reply, Function<String, Optional<String>> current) {
    List<String> lines = reply.lines().toList();
    try {
      if (reply.contains("<<<<<<< SEARCH")) {
        return searchReplace(lines, current);
      }
      if (isDiff(lines)) {
        return diff(lines, current);
      }
      return fenced(lines);
    } catch (Unusable e) {
      return Result.error(e.getMessage());
    }
  }

  private static final class Unusable extends RuntimeException {
    Unusable(String message) {
      super(message, null, false, false);
    }
  }

  // --- SEARCH/REPLACE ---

  private static Result searchReplace(List<String> lines, Function<String, Optional<String>> cur) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("<<<<<<< SEARCH")) {
        continue;
      }
      String path = pathBefore(lines, i, true);
      if (path == null) {
        throw new Unusable("a SEARCH/REPLACE block at line " + (i + 1) + " names no file");
      }
      int sep = indexOf(lines, i + 1, "=======");
      int end = indexOf(lines, sep + 1, ">>>>>>> REPLACE");
      if (sep < 0 || end < 0) {
        throw new Unusable("the SEARCH/REPLACE block for " + path + " is not closed");
      }
      String search = join(lines.subList(i + 1, sep));
      String replace = join(lines.subList(sep + 1, end));
      String text = texts.containsKey(path) ? texts.get(path) : cur.apply(path).orElse(null);
      if (search.isEmpty()) {
        text = (text == null ? "" : text) + replace;
      } else {
        if (text == null) {
          throw new Unusable(path + " does not exist, so its SEARCH text cannot match");
        }
        int at = text.indexOf(search);
        if (at < 0) {
          throw new Unusable("the SEARCH text does not match " + path + " (nothing was applied)");
        }
        text = text.substring(0, at) + replace + text.substring(at + search.length());
      }
      texts.put(path, text);
      i = end;
    }
    return result(texts, "no complete SEARCH/REPLACE block");
  }

  private static int indexOf(List<String> lines, int from, String marker) {
    if (from <= 0) {
      return -1;
    }
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    return -1;
  }

  // --- unified diff ---

  private static boolean isDiff(List<String> lines) {
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("--- ") && lines.get(i + 1).startsWith("+++ ")) {
        return true;
      }
    }
    return false;
  }

  private static Result diff(List<String> lines, Function<String, Optional<String>> cur) {
    Map<String, String> texts = new LinkedHashMap<>();
    int i = 0;
    while (i < lines.size()) {
      if (!(lines.get(i).startsWith("--- ")
          && i + 1 < lines.size()
          && lines.get(i + 1).startsWith("+++ "))) {
        i++;
        continue;
      }
      String oldPath = diffPath(lines.get(i).substring(4));
      String path = diffPath(lines.get(i + 1).substring(4));
      if (path.equals("/dev/null")) {
        throw new Unusable("the diff deletes " + oldPath + ", which I do not do");
      }
      i += 2;
      String base =
          texts.containsKey(path)
              ? texts.get(path)
              : oldPath.equals("/dev/null") ? "" : cur.apply(path).orElse(null);
      if (base == null) {
        throw new Unusable("the diff changes " + path + ", which does not exist");
      }
      List<String> file = new ArrayList<>(base.lines().toList());
      int shift = 0;
      int hunks = 0;
      while (i < lines.size() && !lines.get(i).startsWith("--- ")) {
        Matcher m = HUNK.matcher(lines.get(i));
        if (!m.matches()) {
          i++;
          continue;
        }
        hunks++;
        int stated = Math.max(0, Integer.parseInt(m.group(1)) - 1) + shift;
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        i++;
        while (i < lines.size()) {
          String l = lines.get(i);
          if (l.startsWith("@@") || l.startsWith("--- ") || l.startsWith("```")) {
            break;
          }
          if (l.startsWith("\\")) {
            i++;
            continue; // "\ No newline at end of file"
          }
          char c = l.isEmpty() ? ' ' : l.charAt(0);
          String body = l.isEmpty() ? "" : l.substring(1);
          if (c == ' ') {
            before.add(body);
            after.add(body);
          } else if (c == '-') {
            before.add(body);
          } else if (c == '+') {
            after.add(body);
          } else {
            break;
          }
          i++;
        }
        int at = locate(file, before, stated);
        if (at < 0) {
          throw new Unusable(
              "the diff's context does not match "
                  + path
                  + " near line "
                  + (stated + 1)
                  + " (nothing was applied)");
        }
        for (int k = 0; k < before.size(); k++) {
          file.remove(at);
        }
        file.addAll(at, after);
        shift += after.size() - before.size();
      }
      if (hunks == 0) {
        throw new Unusable("the diff for " + path + " has no @@ hunk");
      }
      texts.put(path, file.isEmpty() ? "" : String.join("\n", file) + "\n");
    }
    return result(texts, "no complete diff");
  }

  private static String diffPath(String header) {
    String p = header.split("\t")[0].strip();
    if (p.startsWith("a/") || p.startsWith("b/")) {
      p = p.substring(2);
    }
    return p;
  }

  /** Where {@code block} sits in {@code file}: at {@code stated}, else its only other place. */
  private static int locate(List<String> file, List<String> block, int stated) {
    if (matchesAt(file, block, stated)) {
      return stated;
    }
    int found = -1;
    for (int at = 0; at + block.size() <= file.size(); at++) {
      if (matchesAt(file, block, at)) {
        if (found >= 0) {
          return -1; // ambiguous
        }
        found = at;
      }
    }
    return found;
  }

  private static boolean matchesAt(List<String> file, List<String> block, int at) {
    if (at < 0 || at + block.size() > file.size()) {
      return false;
    }
    for (int k = 0; k < block.size(); k++) {
      if (!file.get(at + k).stripTrailing().equals(block.get(k).stripTrailing())) {
        return false;
      }
    }
    return true;
  }

  // --- fenced whole files ---

  private static Result fenced(List<String> lines) {
    Map<String, String> texts = new LinkedHashMap<>();
    int blocks = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      String fence = open.group(1);
      int close = -1;
      for (int k = i + 1; k < lines.size(); k++) {
        if (lines.get(k).strip().equals(fence)) {
          close = k;
          break;
        }
      }
      if (close < 0) {
        throw new Unusable("a code block opened at line " + (i + 1) + " is not closed");
      }
      blocks++;
      String path = pathInInfo(open.group(2).strip());
      if (path == null) {
        path = pathBefore(lines, i, false);
      }
      if (path != null) {
        texts.put(path, join(lines.subList(i + 1, close)));
      }
      i = close;
    }
    if (texts.isEmpty()) {
      return Result.error(
          blocks == 0
              ? "no code block, diff or SEARCH/REPLACE block"
              : "no code block names its file (put the path on the line before the block)");
    }
    return result(texts, "");
  }

  /** {@code java src/A.java}, {@code java:src/A.java}, {@code src/A.java}: the path, or null. */
  private static String pathInInfo(String info) {
    if (info.isEmpty()) {
      return null;
    }
    String[] words = info.split("[\\s:]+");
    for (int w = words.length - 1; w >= 0; w--) {
      String p = cleanPath(words[w]);
      if (p != null && (words.length > 1 || p.contains("/") || p.contains("."))) {
        return p;
      }
    }
    return null;
  }

  /** The path on the nearest non-blank line before {@code index} (skipping fences), or null. */
  private static String pathBefore(List<String> lines, int index, boolean skipFences) {
    for (int k = index - 1; k >= 0; k--) {
      String l = lines.get(k).strip();
      if (l.isEmpty()) {
        continue;
      }
      if (skipFences && FENCE.matcher(l).matches()) {
        String p = pathInInfo(l.replaceFirst("^(`{3,}|~{3,})", "").strip());
        if (p != null) {
          return p;
        }
        continue;
      }
      l = l.replaceFirst("^#+\\s*", "").replace("**", "").replace("`", "").strip();
      l = l.replaceFirst("(?i)^(file|path|filename)\\s*:\\s*", "");
      if (l.endsWith(":")) {
        l = l.substring(0, l.length() - 1).strip();
      }
      return cleanPath(l);
    }
    return null;
  }

  private static String cleanPath(String word) {
    String p = word.strip();
    if (p.isEmpty() || p.contains(" ") || !(p.contains(".") || p.contains("/"))) {
      return null;
    }
    if (!p.matches("[\\w./\\\\@+\\-]+")) {
      return null;
    }
    return p.startsWith("./") ? p.substring(2) : p;
  }

  private static String join(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  private static Result result(Map<String, String> texts, String none) {
    if (texts.isEmpty()) {
      return Result.error(none);
    }
    List<Change> changes = new ArrayList<>();
    texts.forEach((p, t) -> changes.add(new Change(p, t)));
    return new Result(changes, null);
  }
}
