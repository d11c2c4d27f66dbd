package dev.codeloop.lsp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * The single bridge between LSP4J's Gson trees and our Jackson trees. Only the LSP layer knows
 * Gson.
 */
public final class JsonConvert {
  private final ObjectMapper mapper;
  private final Gson gson = new Gson();

  public JsonConvert(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Converts what LSP4J hands over for an untyped {@code Object} (usually a JsonElement). */
  public JsonNode toJackson(Object value) {
    if (value == null) {
      return null;
    }
    String json = value instanceof JsonElement e ? e.toString() : gson.toJson(value);
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage(), ex);
    }
  }

  public JsonElement toGson(JsonNode node) {
    if (node == null) {
      return null;
    }
    return JsonParser.parseString(node.toString());
  }
}
