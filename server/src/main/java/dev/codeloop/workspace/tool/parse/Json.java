package dev.codeloop.workspace.tool.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** One line of JSON-lines output, or a missing node when the line is not a JSON object. */
final class Json {

  private Json() {}

  static JsonNode object(ObjectMapper json, String line) {
    String text = line.strip();
    if (!text.startsWith("{") || !text.endsWith("}")) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode node = json.readTree(text);
      return node != null && node.isObject() ? node : MissingNode.getInstance();
    } catch (JsonProcessingException | RuntimeException e) {
      return MissingNode.getInstance();
    }
  }
}
