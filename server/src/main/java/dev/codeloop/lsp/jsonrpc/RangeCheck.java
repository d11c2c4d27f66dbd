package dev.codeloop.lsp.jsonrpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * Finds positions and ranges in a message's params that LSP forbids: a {@code line} or {@code
 * character} that is negative or not an integer, and a range whose start lies after its end. Such
 * params are invalid (-32602 for a request; a sync notification carrying one cannot be applied).
 * Reading LSP4J's beans would only show the damage later, as a clamped edit or an internal error.
 *
 * <p>Every request with a position passes here, so valid params cost no allocation: a coordinate
 * written as plain digits is read from its text (not through {@code Double.parseDouble}, which
 * copies it), and a problem's JSON path is put together only once a problem is found, on the way
 * back out.
 */
final class RangeCheck {
  /** Digits of the largest coordinate read without {@code Double.parseDouble}. */
  private static final int MAX_FAST_DIGITS = 15;

  private RangeCheck() {}

  /** The first problem found, as a sentence naming its JSON path, or null. */
  static String firstProblem(JsonElement params) {
    if (params == null) {
      return null;
    }
    Problem p = visit(params);
    return p == null ? null : p.sentence("$.params");
  }

  /**
   * A problem found below some element: the path from that element down ({@code .range}, {@code
   * [2]}, outermost first) and the sentence, which names the full path at {@code %s}.
   */
  private record Problem(String path, String template) {
    Problem under(String step) {
      return new Problem(step + path, template);
    }

    String sentence(String root) {
      return template.replace("%s", root + path);
    }
  }

  private static Problem visit(JsonElement e) {
    if (e instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        Problem p = visit(array.get(i));
        if (p != null) {
          return p.under("[" + i + "]");
        }
      }
      return null;
    }
    if (!(e instanceof JsonObject o)) {
      return null;
    }
    JsonElement startElement = o.get("start");
    JsonElement endElement = o.get("end");
    if (startElement instanceof JsonObject start
        && endElement instanceof JsonObject end
        && wellFormed(start)
        && wellFormed(end)) {
      long startLine = (long) value(start, "line");
      long startCharacter = (long) value(start, "character");
      long endLine = (long) value(end, "line");
      long endCharacter = (long) value(end, "character");
      if (startLine > endLine || (startLine == endLine && startCharacter > endCharacter)) {
        return new Problem(
            "",
            "the range at %s starts ("
                + startLine
                + ":"
                + startCharacter
                + ") after it ends ("
                + endLine
                + ":"
                + endCharacter
                + ")");
      }
    }
    if (o.has("line") && o.has("character")) {
      String bad = coordinate(o, "line");
      if (bad == null) {
        bad = coordinate(o, "character");
      }
      if (bad != null) {
        return new Problem("", "%s." + bad);
      }
    }
    for (Map.Entry<String, JsonElement> entry : o.entrySet()) {
      JsonElement v = entry.getValue();
      if (v.isJsonObject() || v.isJsonArray()) {
        Problem p = visit(v);
        if (p != null) {
          return p.under("." + entry.getKey());
        }
      }
    }
    return null;
  }

  private static String coordinate(JsonObject o, String name) {
    JsonElement v = o.get(name);
    if (!(v instanceof JsonPrimitive p) || !p.isNumber()) {
      return null; // a wrong type is LSP4J's to report
    }
    double d = value(p);
    if (d < 0 || d != Math.rint(d) || d > Integer.MAX_VALUE) {
      return name + " is " + p.getAsString() + ", not an unsigned integer";
    }
    return null;
  }

  /** Whether {@code o} has a number for both {@code line} and {@code character}. */
  private static boolean wellFormed(JsonObject o) {
    return o.get("line") instanceof JsonPrimitive l
        && l.isNumber()
        && o.get("character") instanceof JsonPrimitive c
        && c.isNumber();
  }

  private static double value(JsonObject o, String name) {
    return value((JsonPrimitive) o.get(name));
  }

  /**
   * The number's value as {@code getAsDouble()} gives it: read from its text when that is plain
   * digits (what every client sends), else parsed.
   */
  static double value(JsonPrimitive p) {
    Number n = p.getAsNumber();
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    String text = n.toString();
    int length = text.length();
    if (length == 0 || length > MAX_FAST_DIGITS) {
      return n.doubleValue();
    }
    long v = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return n.doubleValue();
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
