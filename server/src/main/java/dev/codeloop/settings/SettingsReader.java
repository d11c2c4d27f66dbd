package dev.codeloop.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.errors.SettingsProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads typed values out of a merged settings tree. A value of the wrong type or out of range is
 * reported as a problem naming its path, and the fallback (the last good value) is used instead.
 */
public final class SettingsReader {
  private final JsonNode root;
  private final List<SettingsProblem> problems;
  private final java.util.Set<String> pathsRead = new java.util.LinkedHashSet<>();

  public SettingsReader(JsonNode root, List<SettingsProblem> problems) {
    this.root = root;
    this.problems = problems;
  }

  public JsonNode node(String path) {
    pathsRead.add(path);
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(part);
    }
    return n == null || n.isNull() ? null : n;
  }

  /**
   * Notes a setting read without {@link #node} (e.g. a field of a list entry, as {@code
   * codeActions.custom[].title}).
   */
  public void noteRead(String path) {
    pathsRead.add(path);
  }

  /** Every setting path this reader was asked for: what the code reads, for the schema test. */
  public java.util.Set<String> pathsRead() {
    return java.util.Collections.unmodifiableSet(pathsRead);
  }

  public void problem(String path, String reason) {
    problems.add(SettingsProblem.error(path, reason));
  }

  public void warning(String path, String reason) {
    problems.add(SettingsProblem.warning(path, reason));
  }

  public boolean bool(String path, boolean fallback) {
    JsonNode n = node(path);
    if (n == null) {
      return fallback;
    }
    if (!n.isBoolean()) {
      problem(path, "expected true or false, got " + describe(n));
      return fallback;
    }
    return n.booleanValue();
  }

  public int integer(String path, int min, int max, int fallback) {
    JsonNode n = node(path);
    if (n == null) {
      return fallback;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      problem(path, "expected an integer, got " + describe(n));
      return fallback;
    }
    int v = n.intValue();
    if (v < min || v > max) {
      problem(path, "must be between " + min + " and " + max + ", got " + v);
      return fallback;
    }
    return v;
  }

  public String string(String path, String fallback) {
    JsonNode n = node(path);
    if (n == null) {
      return fallback;
    }
    if (!n.isTextual()) {
      problem(path, "expected a string, got " + describe(n));
      return fallback;
    }
    return n.textValue();
  }

  public <E extends Enum<E>> E enumValue(String path, Class<E> type, E fallback) {
    JsonNode n = node(path);
    if (n == null) {
      return fallback;
    }
    String expected =
        String.join(
            ", ", Arrays.stream(type.getEnumConstants()).map(SettingsReader::settingName).toList());
    if (!n.isTextual()) {
      problem(path, "expected one of " + expected + ", got " + describe(n));
      return fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (settingName(e).equalsIgnoreCase(n.textValue())) {
        return e;
      }
    }
    problem(path, "unknown value '" + n.textValue() + "' (expected one of " + expected + ")");
    return fallback;
  }

  public List<String> stringList(String path, List<String> fallback) {
    JsonNode n = node(path);
    if (n == null) {
      return fallback;
    }
    if (!n.isArray()) {
      problem(path, "expected an array of strings, got " + describe(n));
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        problem(path + "[" + i + "]", "expected a string, got " + describe(n.get(i)));
        return fallback;
      }
      out.add(n.get(i).textValue());
    }
    return List.copyOf(out);
  }

  public static String settingName(Enum<?> e) {
    String[] parts = e.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder sb = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return sb.toString();
  }

  static String describe(JsonNode n) {
    if (n.isTextual()) {
      return "the string \""
          + (n.textValue().length() > 40 ? n.textValue().substring(0, 37) + "..." : n.textValue())
          + "\"";
    }
    if (n.isNumber()) {
      return "the number " + n.asText();
    }
    if (n.isBoolean()) {
      return n.asText();
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isObject()) {
      return "an object";
    }
    return n.getNodeType().toString().toLowerCase(Locale.ROOT);
  }
}
