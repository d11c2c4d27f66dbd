package dev.codeloop.lsp.jsonrpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;

/**
 * Finds positions and ranges in a message's params that LSP forbids: a {@code line} or {@code
 * character} that is negative or not an integer, and a range whose start lies after its end. Such
 * params are invalid (-32602 for a request; a sync notification carrying one cannot be applied).
 * Reading LSP4J's beans would only show the damage later, as a clamped edit or an internal error.
 */
final class RangeCheck {
  private RangeCheck() {}

  /** The first problem found, as a sentence naming its JSON path, or null. */
  static String firstProblem(JsonElement params) {
    return params == null ? null : visit(params, "$.params");
  }

  private static String visit(JsonElement e, String path) {
    if (e.isJsonArray()) {
      int i = 0;
      for (JsonElement item : e.getAsJsonArray()) {
        String p = visit(item, path + "[" + i++ + "]");
        if (p != null) {
          return p;
        }
      }
      return null;
    }
    if (!e.isJsonObject()) {
      return null;
    }
    JsonObject o = e.getAsJsonObject();
    long[] start = position(o.get("start"));
    long[] end = position(o.get("end"));
    if (start != null && end != null && compare(start, end) > 0) {
      return "the range at "
          + path
          + " starts ("
          + start[0]
          + ":"
          + start[1]
          + ") after it ends ("
          + end[0]
          + ":"
          + end[1]
          + ")";
    }
    if (o.has("line") && o.has("character")) {
      String bad = coordinate(o, "line");
      if (bad == null) {
        bad = coordinate(o, "character");
      }
      if (bad != null) {
        return path + "." + bad;
      }
    }
    for (Map.Entry<String, JsonElement> entry : o.entrySet()) {
      JsonElement v = entry.getValue();
      if (v.isJsonObject() || v.isJsonArray()) {
        String p = visit(v, path + "." + entry.getKey());
        if (p != null) {
          return p;
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
    double d = p.getAsDouble();
    if (d < 0 || d != Math.rint(d) || d > Integer.MAX_VALUE) {
      return name + " is " + p.getAsString() + ", not an unsigned integer";
    }
    return null;
  }

  /** {line, character} when {@code e} is a well-formed position object, else null. */
  private static long[] position(JsonElement e) {
    if (!(e instanceof JsonObject o)) {
      return null;
    }
    JsonElement l = o.get("line");
    JsonElement c = o.get("character");
    if (!(l instanceof JsonPrimitive lp && lp.isNumber())
        || !(c instanceof JsonPrimitive cp && cp.isNumber())) {
      return null;
    }
    return new long[] {(long) lp.getAsDouble(), (long) cp.getAsDouble()};
  }

  private static int compare(long[] a, long[] b) {
    return a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]);
  }
}
