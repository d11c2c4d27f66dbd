package dev.codeloop.lsp.convert;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.TextRange;
import dev.codeloop.errors.CodeloopException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The single place where {@link ActionData} meets JSON ({@code CodeAction.data} and the argument of
 * the action commands). Schema ({@code docs/LSP-EXTENSIONS.md}):
 *
 * <pre>{@code
 * { "schemaVersion": 1, "provider": "refactor", "action": "refactor", "uri": "file:///…",
 *   "version": 7, "range": { "start": {"line":0,"character":0}, "end": {…} },
 *   "args": { "instruction": "…" } }
 * }</pre>
 */
public final class ActionDataCodec {

  public JsonElement encode(ActionData data) {
    return encode(data, encode(data.range()));
  }

  /**
   * {@link #encode(ActionData)} with the range already encoded (the actions of one request share
   * theirs; a tree is only written out, never changed, so it may hang under several).
   */
  public JsonElement encode(ActionData data, JsonElement range) {
    JsonObject o = new JsonObject();
    o.addProperty("schemaVersion", data.schemaVersion());
    o.addProperty("provider", data.providerId());
    o.addProperty("action", data.actionId());
    o.addProperty("uri", data.uri());
    o.addProperty("version", data.version());
    o.add("range", range);
    JsonObject args = new JsonObject();
    Map<String, String> given = data.args();
    if (given.size() == 1) {
      given.forEach(args::addProperty);
    } else if (!given.isEmpty()) {
      new TreeMap<>(given).forEach(args::addProperty);
    }
    o.add("args", args);
    return o;
  }

  public JsonObject encode(TextRange range) {
    JsonObject r = new JsonObject();
    r.add("start", position(range.start().line(), range.start().character()));
    r.add("end", position(range.end().line(), range.end().character()));
    return r;
  }

  private static JsonObject position(int line, int character) {
    JsonObject p = new JsonObject();
    p.addProperty("line", line);
    p.addProperty("character", character);
    return p;
  }

  /**
   * Decodes what came back from the client (a Gson tree, or a JSON string some clients send).
   *
   * @throws CodeloopException InvalidParams naming the bad field
   */
  public ActionData decode(Object value) {
    JsonElement e =
        value instanceof JsonElement j ? j : value instanceof String s ? parse(s) : null;
    if (e == null || !e.isJsonObject()) {
      throw CodeloopException.invalidParams("code action data: expected an object");
    }
    JsonObject o = e.getAsJsonObject();
    int schema = integer(o, "schemaVersion");
    if (schema != ActionData.SCHEMA_VERSION) {
      throw CodeloopException.invalidParams(
          "code action data: schemaVersion "
              + schema
              + " is not supported (expected "
              + ActionData.SCHEMA_VERSION
              + "); ask for code actions again");
    }
    Map<String, String> args = new LinkedHashMap<>();
    if (o.has("args") && !o.get("args").isJsonNull()) {
      if (!o.get("args").isJsonObject()) {
        throw CodeloopException.invalidParams("code action data: args must be an object");
      }
      for (var entry : o.getAsJsonObject("args").entrySet()) {
        if (!entry.getValue().isJsonPrimitive()) {
          throw CodeloopException.invalidParams(
              "code action data: args." + entry.getKey() + " must be a string");
        }
        args.put(entry.getKey(), entry.getValue().getAsString());
      }
    }
    return new ActionData(
        schema,
        string(o, "provider"),
        string(o, "action"),
        string(o, "uri"),
        integer(o, "version"),
        range(o.get("range"), "code action data: range"),
        args);
  }

  /**
   * Whether a value looks like encoded action data (commands accept it or positional arguments).
   */
  public boolean isActionData(Object value) {
    return value instanceof JsonElement j
        && j.isJsonObject()
        && j.getAsJsonObject().has("schemaVersion");
  }

  /** Decodes an LSP range object. */
  public TextRange range(JsonElement e, String what) {
    try {
      JsonObject r = e.getAsJsonObject();
      JsonObject s = r.getAsJsonObject("start");
      JsonObject en = r.getAsJsonObject("end");
      return TextRange.of(
          s.get("line").getAsInt(),
          s.get("character").getAsInt(),
          en.get("line").getAsInt(),
          en.get("character").getAsInt());
    } catch (RuntimeException ex) {
      throw CodeloopException.invalidParams(
          what + ": expected {start:{line,character}, end:{line,character}}");
    }
  }

  private static JsonElement parse(String s) {
    try {
      return JsonParser.parseString(s);
    } catch (RuntimeException ex) {
      return null;
    }
  }

  private static String string(JsonObject o, String field) {
    JsonElement v = o.get(field);
    if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
      throw CodeloopException.invalidParams("code action data: " + field + " must be a string");
    }
    return v.getAsString();
  }

  private static int integer(JsonObject o, String field) {
    JsonElement v = o.get(field);
    if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      throw CodeloopException.invalidParams("code action data: " + field + " must be a number");
    }
    return v.getAsInt();
  }
}
