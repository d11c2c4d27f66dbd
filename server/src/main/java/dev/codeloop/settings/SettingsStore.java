package dev.codeloop.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.errors.SettingsProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the settings layers of a session and the effective {@link ServerSettings}, swapped
 * atomically. Every layer but the built-in defaults is validated against the {@link SettingsSchema}
 * when it is set (unknown keys are warnings; wrong types errors). A bad layer or value never stops
 * the server: it is reported, and the last good value stays in force.
 */
public final class SettingsStore {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);

  /**
   * The result of a (re)computation: settings in force, what was wrong with the input, and the
   * workspace trust decision with what of the workspace file it made the server ignore.
   */
  public record Update(ServerSettings settings, List<SettingsProblem> problems, Trust trust) {
    public Update(ServerSettings settings, List<SettingsProblem> problems) {
      this(settings, problems, Trust.NONE);
    }
  }

  /**
   * @param trusted whether the user trusts every workspace root
   * @param ignored the paths of the workspace {@code .codeloop.json} that were not applied
   */
  public record Trust(boolean trusted, List<String> ignored) {
    static final Trust NONE = new Trust(false, List.of());
  }

  /** Told after every recomputation, with the problems found (empty when all is well). */
  public interface Listener {
    void settingsChanged(Update update);
  }

  /**
   * Sections parsed (and reported on) by the model router, not by {@link ServerSettings}: schema
   * errors there would repeat the router's own messages.
   */
  private static final List<String> MODEL_SECTIONS =
      List.of("models", "routes", "deadlines", "budgets", "hedging", "breaker");

  private final SettingsJson json;
  private final SettingsSchema schema;
  private final Map<SettingsLayer, ObjectNode> layers = new EnumMap<>(SettingsLayer.class);
  private final Map<SettingsLayer, List<SettingsProblem>> schemaProblems =
      new EnumMap<>(SettingsLayer.class);
  private final AtomicReference<ServerSettings> current;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private final AtomicReference<List<Path>> roots = new AtomicReference<>(List.of());
  private final AtomicReference<Trust> trust = new AtomicReference<>(Trust.NONE);

  /** A store validating against the schema in the jar. */
  public SettingsStore(SettingsJson json, ObjectNode defaults) {
    this(json, defaults, SettingsSchema.bundled());
  }

  /**
   * @param schema shared by the sessions of a backend (it is compiled once, on first use)
   */
  public SettingsStore(SettingsJson json, ObjectNode defaults, SettingsSchema schema) {
    this.json = json;
    this.schema = schema;
    layers.put(SettingsLayer.DEFAULTS, defaults);
    this.current = new AtomicReference<>(ServerSettings.defaults(defaults));
    recompute();
  }

  public ServerSettings current() {
    return current.get();
  }

  /** The workspace roots, which the trust decision is about. */
  public void setRoots(List<Path> workspaceRoots) {
    synchronized (lock) {
      roots.set(List.copyOf(workspaceRoots));
      recompute();
    }
  }

  /** The current trust decision and what it made the server ignore. */
  public Trust trust() {
    return trust.get();
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  /** Sets a layer from an already parsed tree (null clears it). Returns the problems found. */
  public List<SettingsProblem> setLayer(SettingsLayer layer, JsonNode tree) {
    List<SettingsProblem> problems = new ArrayList<>();
    synchronized (lock) {
      if (tree == null || tree.isNull() || tree.isMissingNode()) {
        layers.remove(layer);
        schemaProblems.remove(layer);
      } else if (!tree.isObject()) {
        problems.add(
            SettingsProblem.error(
                layer.description(), "settings must be a JSON object; layer ignored"));
      } else {
        layers.put(layer, (ObjectNode) tree.deepCopy());
        schemaProblems.put(layer, validate(layer, tree));
      }
      problems.addAll(recompute());
    }
    return problems;
  }

  /** Loads a layer from a file with comments allowed; a missing file clears the layer. */
  public List<SettingsProblem> loadFile(SettingsLayer layer, Path file) {
    if (!Files.isRegularFile(file)) {
      return setLayer(layer, null);
    }
    try {
      ObjectNode tree = json.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      return setLayer(layer, tree);
    } catch (IOException | IllegalArgumentException e) {
      List<SettingsProblem> problems = new ArrayList<>();
      problems.add(SettingsProblem.error(file.toString(), e.getMessage()));
      LOG.warn("Settings file {} ignored: {}", file, e.getMessage());
      notifyListeners(new Update(current.get(), problems));
      return problems;
    }
  }

  private List<SettingsProblem> recompute() {
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    List<SettingsProblem> problems = new ArrayList<>();
    // Only the user's own file and the client's initializationOptions may say which folders are
    // trusted; every other layer's list is dropped.
    List<Path> trustedFolders = new ArrayList<>();
    trustedFolders.addAll(WorkspaceTrust.trustedFolders(layers.get(SettingsLayer.USER_FILE)));
    trustedFolders.addAll(
        WorkspaceTrust.trustedFolders(layers.get(SettingsLayer.INITIALIZATION_OPTIONS)));
    boolean trusted = WorkspaceTrust.trusted(roots.get(), trustedFolders);
    List<String> ignored = List.of();
    for (SettingsLayer layer : SettingsLayer.values()) {
      ObjectNode tree = layers.get(layer);
      if (tree == null) {
        continue;
      }
      if (!layer.trusted()) {
        tree = tree.deepCopy();
        checkUntrusted(tree, layer, problems);
      }
      if (layer == SettingsLayer.WORKSPACE_FILE) {
        WorkspaceTrust.Filtered f = WorkspaceTrust.filter(tree, trusted, userModels());
        tree = f.tree();
        ignored = f.ignored();
      } else {
        tree = WorkspaceTrust.withoutKeysReservedFromIt(tree, layer);
      }
      merged = SettingsJson.merge(merged, tree);
    }
    trust.set(new Trust(trusted, ignored));
    ServerSettings next = ServerSettings.parse(merged, current.get(), problems);
    addSchemaProblems(problems);
    current.set(next);
    for (SettingsProblem p : problems) {
      LOG.warn("Setting {} ignored: {}", p.path(), p.reason());
    }
    notifyListeners(new Update(next, List.copyOf(problems), trust.get()));
    return problems;
  }

  /** The model names the user file and the defaults define (a workspace never redefines them). */
  private java.util.Set<String> userModels() {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (SettingsLayer layer : List.of(SettingsLayer.DEFAULTS, SettingsLayer.USER_FILE)) {
      ObjectNode tree = layers.get(layer);
      JsonNode models = tree == null ? null : tree.get("models");
      if (models != null && models.isObject()) {
        models.fieldNames().forEachRemaining(names::add);
      }
    }
    return names;
  }

  private List<SettingsProblem> validate(SettingsLayer layer, JsonNode tree) {
    if (layer == SettingsLayer.DEFAULTS) {
      return List.of(); // checked by a test, not at every start
    }
    try {
      return schema.validate(tree, layer.description());
    } catch (RuntimeException e) {
      LOG.warn("Cannot validate the {} against the settings schema", layer.description(), e);
      return List.of();
    }
  }

  /**
   * Adds the schema's findings for every layer, except errors the parsers already reported for the
   * same setting (their message says which value stays in force) and errors in the model router's
   * sections (the router reports those).
   */
  private void addSchemaProblems(List<SettingsProblem> problems) {
    java.util.Set<String> reported = new java.util.HashSet<>();
    problems.forEach(p -> reported.add(p.path()));
    for (List<SettingsProblem> layerProblems : schemaProblems.values()) {
      for (SettingsProblem p : layerProblems) {
        boolean duplicate =
            p.severity() == SettingsProblem.Severity.ERROR
                && (reported.contains(p.path()) || inModelSection(p.path()));
        if (!duplicate) {
          problems.add(p);
        }
      }
    }
  }

  private static boolean inModelSection(String path) {
    for (String section : MODEL_SECTIONS) {
      if (path.equals(section) || path.startsWith(section + ".")) {
        return true;
      }
    }
    return false;
  }

  /** Literal API keys in untrusted layers are dropped (they would end up in a repository). */
  private static void checkUntrusted(
      ObjectNode tree, SettingsLayer layer, List<SettingsProblem> problems) {
    JsonNode models = tree.get("models");
    if (models == null || !models.isObject()) {
      return;
    }
    models
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isObject() && e.getValue().has("apiKey")) {
                ((ObjectNode) e.getValue()).remove("apiKey");
                problems.add(
                    SettingsProblem.error(
                        "models." + e.getKey() + ".apiKey",
                        "a literal API key is not accepted from the "
                            + layer.description()
                            + "; set 'apiKeyEnv' to the name of an environment variable instead"));
              }
            });
  }

  private void notifyListeners(Update update) {
    for (Listener l : listeners) {
      try {
        l.settingsChanged(update);
      } catch (RuntimeException e) {
        LOG.warn("Settings listener failed", e);
      }
    }
  }

  public SettingsJson json() {
    return json;
  }
}
