package dev.codeloop.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.codeloop.errors.SettingsProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Validates one settings layer against the JSON Schema {@code docs/settings.schema.json} (copied
 * into the jar as {@value #RESOURCE} by the build; there is no second copy). An unknown or
 * misspelled key is a warning naming its path and, when one is close, the key that was probably
 * meant ({@code completion.debounceMS: unknown setting in the workspace .codeloop.json; did you
 * mean completion.debounceMs?}); a wrong type or value is an error (the readers keep the last good
 * value). The schema is compiled on the first validation, so start-up does not pay for it.
 * Thread-safe.
 */
public final class SettingsSchema {
  /** Where the build puts {@code docs/settings.schema.json} in the jar. */
  public static final String RESOURCE = "/codeloop/settings.schema.json";

  private record Loaded(Schema schema, JsonNode tree) {}

  private final Supplier<String> source;
  private final Object lock = new Object();
  private volatile Loaded loaded;

  /**
   * @param source the schema text, read on the first validation
   */
  public SettingsSchema(Supplier<String> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** The schema in the jar. */
  public static SettingsSchema bundled() {
    return new SettingsSchema(SettingsSchema::readResource);
  }

  /** The schema as a Jackson tree (for tests and tools). */
  public JsonNode tree() {
    return load().tree();
  }

  /**
   * The problems of one layer (a settings object as the user wrote it).
   *
   * @param where the layer, named in every problem (e.g. {@code user settings file})
   */
  public List<SettingsProblem> validate(JsonNode layer, String where) {
    Loaded l = load();
    List<SettingsProblem> problems = new ArrayList<>();
    for (Error e : l.schema().validate(layer.toString(), InputFormat.JSON)) {
      String at = path(e.getInstanceLocation());
      String keyword = e.getKeyword();
      if ("additionalProperties".equals(keyword) && e.getProperty() != null) {
        String key = e.getProperty();
        String full = at.isEmpty() ? key : at + "." + key;
        String reason = "unknown setting in the " + where;
        String closest = closestKey(l.tree(), e.getInstanceLocation(), key);
        if (closest != null) {
          reason += "; did you mean " + (at.isEmpty() ? closest : at + "." + closest) + "?";
        }
        problems.add(SettingsProblem.warning(full, reason));
      } else if ("required".equals(keyword) && e.getProperty() != null) {
        String full = at.isEmpty() ? e.getProperty() : at + "." + e.getProperty();
        problems.add(SettingsProblem.error(full, "missing in the " + where));
      } else {
        problems.add(SettingsProblem.error(at, message(e) + " in the " + where));
      }
    }
    return problems;
  }

  private Loaded load() {
    Loaded l = loaded;
    if (l == null) {
      synchronized (lock) {
        l = loaded;
        if (l == null) {
          String text = source.get();
          SchemaRegistry registry =
              SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
          Schema schema = registry.getSchema(text, InputFormat.JSON);
          try {
            l = new Loaded(schema, new ObjectMapper().readTree(text));
          } catch (IOException e) {
            throw new UncheckedIOException("settings schema is not JSON", e);
          }
          loaded = l;
        }
      }
    }
    return l;
  }

  private static String readResource() {
    try (InputStream in = SettingsSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code completion.debounceMs}, {@code codeActions.custom[0].title}; empty for the root. */
  static String path(NodePath location) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        sb.append('[').append(index).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(element);
      }
    }
    return sb.toString();
  }

  /** The validator's message without the location it starts with. */
  private static String message(Error e) {
    String m = e.getMessage();
    if (m != null && m.startsWith("$")) {
      int colon = m.indexOf(": ");
      if (colon > 0) {
        m = m.substring(colon + 2);
      }
    }
    return m == null ? e.getKeyword() : m;
  }

  /** A known key at {@code location} that {@code key} is probably a misspelling of, or null. */
  private static String closestKey(JsonNode schema, NodePath location, String key) {
    JsonNode node = schema;
    for (int i = 0; i < location.getNameCount() && node != null; i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer) {
        node = node.get("items");
      } else {
        JsonNode property = node.path("properties").get(String.valueOf(element));
        node = property != null ? property : node.get("additionalProperties");
      }
    }
    if (node == null || !node.path("properties").isObject()) {
      return null;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Iterator<String> it = node.path("properties").fieldNames(); it.hasNext(); ) {
      String candidate = it.next();
      int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(1, Math.min(3, key.length() / 4)) ? best : null;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
