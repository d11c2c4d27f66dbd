package dev.codeloop.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** Parsing (comments and trailing commas allowed) and deep merging of settings JSON. */
public final class SettingsJson {
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .build();

  public ObjectMapper mapper() {
    return mapper;
  }

  /** The built-in defaults, {@code /codeloop/default-settings.json} in the jar. */
  public ObjectNode builtInDefaults() {
    try (InputStream in =
        SettingsJson.class.getResourceAsStream("/codeloop/default-settings.json")) {
      if (in == null) {
        throw new IllegalStateException("default settings missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-settings.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a settings document; throws with a readable message (line, column) when it is not JSON.
   */
  public ObjectNode parse(String text, String origin) {
    try {
      JsonNode node = mapper.readTree(text);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!node.isObject()) {
        throw new IllegalArgumentException(origin + ": settings must be a JSON object");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() != null
              ? " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
              : "";
      throw new IllegalArgumentException(
          origin + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Returns a new tree: {@code over} merged into {@code base}; objects merge, everything else
   * replaces.
   */
  public static ObjectNode merge(ObjectNode base, JsonNode over) {
    ObjectNode result = base.deepCopy();
    if (over == null || !over.isObject()) {
      return result;
    }
    mergeInto(result, (ObjectNode) over);
    return result;
  }

  private static void mergeInto(ObjectNode target, ObjectNode over) {
    Iterator<Map.Entry<String, JsonNode>> it = over.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = target.get(e.getKey());
      if (existing != null && existing.isObject() && e.getValue().isObject()) {
        mergeInto((ObjectNode) existing, (ObjectNode) e.getValue());
      } else {
        target.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }
}
