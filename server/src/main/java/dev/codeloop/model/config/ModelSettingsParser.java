package dev.codeloop.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.errors.SettingsProblem;
import dev.codeloop.model.Task;
import dev.codeloop.model.fim.FimTemplate;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads the model settings from a JSON tree, collecting a problem for each bad entry. */
final class ModelSettingsParser {
  /** Model names that are always resolvable (the embedded model and the auto-detected ones). */
  static final Set<String> BUILT_IN_NAMES =
      Set.of("embedded", "openai", "anthropic", "gemini", "ollama");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The keys of one {@code models.<name>} entry. */
  private static final Set<String> MODEL_KEYS =
      Set.of(
          "provider",
          "model",
          "baseUrl",
          "apiKeyEnv",
          "apiKey",
          "timeoutMs",
          "maxTokens",
          "temperature",
          "contextWindow",
          "pricePer1kInput",
          "pricePer1kOutput",
          "fimTemplate",
          "capabilities",
          "maxReplyBytes");

  /**
   * Every setting path this parser reads ({@code *}: any model or task name). Unknown keys are not
   * reported here but by the settings schema, which a test keeps in step with this list.
   */
  static final List<String> PATHS_READ =
      java.util.stream.Stream.concat(
              MODEL_KEYS.stream().sorted().map(k -> "models.*." + k),
              java.util.stream.Stream.of(
                  "routes.*",
                  "deadlines.*",
                  "budgets.*",
                  "hedging",
                  "hedging.enabled",
                  "hedging.delayMs",
                  "breaker.failureThreshold",
                  "breaker.coolDownMs"))
          .toList();

  private final SettingsSource source;
  private final Map<String, String> env;
  private final List<SettingsProblem> problems = new ArrayList<>();
  private final Set<String> dropped = new java.util.HashSet<>();

  ModelSettingsParser(SettingsSource source, Map<String, String> env) {
    this.source = source;
    this.env = env;
  }

  ModelSettings parse(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      return ModelSettings.EMPTY;
    }
    if (!root.isObject()) {
      problems.add(SettingsProblem.error("", "settings must be a JSON object"));
      return withProblems(ModelSettings.EMPTY);
    }
    Map<String, ModelSpec> models = parseModels(root.path("models"));
    Map<String, List<String>> routes = parseRoutes(root.path("routes"), models);
    Map<String, Duration> deadlines = new LinkedHashMap<>();
    parseTaskInts(root.path("deadlines"), "deadlines", 1, 3_600_000)
        .forEach((k, v) -> deadlines.put(k, Duration.ofMillis(v)));
    Map<String, Integer> budgets = parseTaskInts(root.path("budgets"), "budgets", 1, 1_000_000);
    HedgingSettings hedging = parseHedging(root.path("hedging"));
    BreakerSettings breaker = parseBreaker(root.path("breaker"));
    return new ModelSettings(models, routes, deadlines, budgets, hedging, breaker, problems);
  }

  private ModelSettings withProblems(ModelSettings s) {
    return new ModelSettings(
        s.models(), s.routes(), s.deadlines(), s.budgets(), s.hedging(), s.breaker(), problems);
  }

  private Map<String, ModelSpec> parseModels(JsonNode node) {
    Map<String, ModelSpec> models = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return models;
    }
    if (!node.isObject()) {
      problems.add(SettingsProblem.error("models", "must be an object of name -> model"));
      return models;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Optional<ModelSpec> spec = parseModel(e.getKey(), e.getValue());
      if (spec.isPresent()) {
        models.put(e.getKey(), spec.get());
      } else {
        dropped.add(e.getKey());
      }
    }
    return models;
  }

  private Optional<ModelSpec> parseModel(String name, JsonNode node) {
    String path = "models." + name;
    if (!node.isObject()) {
      return fail(path, "must be an object with at least 'provider'");
    }
    // Unknown keys are reported by the settings schema (settings.SettingsSchema).
    JsonNode providerNode = node.path("provider");
    if (!providerNode.isTextual()) {
      return fail(path + ".provider", "missing (expected one of " + ProviderKind.expected() + ")");
    }
    Optional<ProviderKind> provider = ProviderKind.fromId(providerNode.asText());
    if (provider.isEmpty()) {
      return fail(
          path + ".provider",
          "unknown provider '"
              + providerNode.asText()
              + "' (expected one of "
              + ProviderKind.expected()
              + ")");
    }
    ProviderKind kind = provider.get();
    String modelId = node.path("model").asText("");
    if (modelId.isBlank() && kind != ProviderKind.EMBEDDED) {
      return fail(path + ".model", "missing: the provider's model id, e.g. 'qwen2.5-coder-7b'");
    }
    ModelSpec.Builder b = ModelSpec.builder(name, kind, modelId);

    Optional<String> baseUrl = text(node, path, "baseUrl");
    if (baseUrl.isPresent()) {
      if (!validUrl(baseUrl.get())) {
        return fail(path + ".baseUrl", "not an http(s) URL: '" + baseUrl.get() + "'");
      }
      b.baseUrl(baseUrl.get());
    } else if (kind == ProviderKind.OPENAI_COMPATIBLE) {
      return fail(
          path + ".baseUrl", "required for openai-compatible, e.g. http://127.0.0.1:8000/v1");
    }

    Optional<String> keyEnv = text(node, path, "apiKeyEnv");
    if (node.path("apiKeyEnv").isNull()) {
      // explicitly no key (also how a model defined by a workspace file is sent none)
      b.apiKeyEnv(null);
    } else if (keyEnv.isPresent()) {
      if (!ENV_NAME.matcher(keyEnv.get()).matches()) {
        return fail(
            path + ".apiKeyEnv",
            "must be the NAME of an environment variable (e.g. ANTHROPIC_API_KEY), not a key");
      }
      b.apiKeyEnv(keyEnv.get());
      if (!env.containsKey(keyEnv.get())) {
        problems.add(
            SettingsProblem.warning(
                path + ".apiKeyEnv", "environment variable " + keyEnv.get() + " is not set"));
      }
    }
    if (node.has("apiKey")) {
      if (source.trusted()) {
        b.apiKey(node.path("apiKey").asText());
        problems.add(
            SettingsProblem.warning(
                path + ".apiKey",
                "a literal API key in a settings file; prefer apiKeyEnv with an environment"
                    + " variable"));
      } else {
        problems.add(
            SettingsProblem.error(
                path + ".apiKey",
                "ignored: API keys are never read from workspace settings; use apiKeyEnv"));
      }
    }
    Optional<Integer> timeout = intIn(node, path, "timeoutMs", 1, 3_600_000);
    timeout.ifPresent(t -> b.timeout(Duration.ofMillis(t)));
    intIn(node, path, "maxTokens", 1, 1_000_000).ifPresent(b::maxTokens);
    intIn(node, path, "contextWindow", 256, 10_000_000).ifPresent(b::contextWindow);
    intIn(node, path, "maxReplyBytes", 1024, Integer.MAX_VALUE).ifPresent(b::maxReplyBytes);
    Optional<Double> temperature = doubleIn(node, path, "temperature", 0, 2);
    temperature.ifPresent(b::temperature);
    double in = doubleIn(node, path, "pricePer1kInput", 0, 1000).orElse(0.0);
    double out = doubleIn(node, path, "pricePer1kOutput", 0, 1000).orElse(0.0);
    b.prices(in, out);
    Optional<String> fim = text(node, path, "fimTemplate");
    if (fim.isPresent()) {
      String f = fim.get();
      if (!Set.of("auto", "suffix", "none").contains(f) && FimTemplate.fromFamily(f).isEmpty()) {
        problems.add(
            SettingsProblem.error(
                path + ".fimTemplate",
                "unknown template '"
                    + f
                    + "' (expected auto, suffix, none or one of "
                    + FimTemplate.expected()
                    + "); using auto"));
      } else {
        b.fimTemplate(f);
      }
    }
    JsonNode caps = node.path("capabilities");
    if (!caps.isMissingNode()) {
      parseCapabilities(caps, path + ".capabilities", kind).ifPresent(b::capabilities);
    }
    return Optional.of(b.build());
  }

  private Optional<Capabilities> parseCapabilities(JsonNode caps, String path, ProviderKind kind) {
    Set<String> known = Set.of("chat", "fim", "streaming");
    List<String> names = new ArrayList<>();
    if (caps.isArray()) {
      caps.forEach(c -> names.add(c.asText()));
    } else if (caps.isObject()) {
      caps.properties()
          .forEach(
              e -> {
                if (e.getValue().asBoolean(false)) {
                  names.add(e.getKey());
                }
              });
    } else {
      problems.add(SettingsProblem.error(path, "expected a list such as [\"chat\", \"fim\"]"));
      return Optional.empty();
    }
    for (String n : names) {
      if (!known.contains(n)) {
        problems.add(
            SettingsProblem.error(
                path, "unknown capability '" + n + "' (expected chat, fim, streaming)"));
      }
    }
    boolean chat = names.contains("chat") && kind != ProviderKind.EMBEDDED;
    return Optional.of(new Capabilities(chat, names.contains("fim"), names.contains("streaming")));
  }

  private Map<String, List<String>> parseRoutes(JsonNode node, Map<String, ModelSpec> models) {
    Map<String, List<String>> routes = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return routes;
    }
    if (!node.isObject()) {
      problems.add(SettingsProblem.error("routes", "must be an object of task -> [model, ...]"));
      return routes;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String task = e.getKey();
      String path = "routes." + task;
      if (!task.equals(ModelSettings.DEFAULT_ROUTE) && Task.fromId(task).isEmpty()) {
        problems.add(
            SettingsProblem.error(
                path, "unknown task '" + task + "' (expected one of " + taskIds() + ")"));
        continue;
      }
      JsonNode list = e.getValue();
      List<String> names = new ArrayList<>();
      if (list.isTextual()) {
        names.add(list.asText());
      } else if (list.isArray()) {
        list.forEach(n -> names.add(n.asText()));
      } else {
        problems.add(SettingsProblem.error(path, "expected a list of model names"));
        continue;
      }
      List<String> valid = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        String n = names.get(i);
        if (models.containsKey(n) || BUILT_IN_NAMES.contains(n)) {
          if (!valid.contains(n)) {
            valid.add(n);
          }
        } else if (dropped.contains(n)) {
          problems.add(
              SettingsProblem.error(
                  path + "[" + i + "]",
                  "model '" + n + "' is invalid (see models." + n + "); left out of the route"));
        } else {
          problems.add(
              SettingsProblem.error(
                  path + "[" + i + "]",
                  "unknown model '"
                      + n
                      + "' (define it under models, or use one of "
                      + knownNames(models)
                      + ")"));
        }
      }
      if (!valid.isEmpty()) {
        routes.put(task, valid);
      }
    }
    return routes;
  }

  private Map<String, Integer> parseTaskInts(JsonNode node, String name, int min, int max) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      problems.add(SettingsProblem.error(name, "must be an object of task -> number"));
      return out;
    }
    node.properties()
        .forEach(
            e -> {
              String path = name + "." + e.getKey();
              if (Task.fromId(e.getKey()).isEmpty()) {
                problems.add(
                    SettingsProblem.error(
                        path,
                        "unknown task '" + e.getKey() + "' (expected one of " + taskIds() + ")"));
              } else if (!e.getValue().canConvertToInt()
                  || !e.getValue().isIntegralNumber()
                  || e.getValue().asInt() < min
                  || e.getValue().asInt() > max) {
                problems.add(
                    SettingsProblem.error(
                        path, "expected a whole number between " + min + " and " + max));
              } else {
                out.put(e.getKey(), e.getValue().asInt());
              }
            });
    return out;
  }

  private HedgingSettings parseHedging(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return HedgingSettings.OFF;
    }
    if (node.isBoolean()) {
      return new HedgingSettings(node.asBoolean(), HedgingSettings.OFF.delay());
    }
    if (!node.isObject()) {
      problems.add(
          SettingsProblem.error("hedging", "expected {\"enabled\": true, \"delayMs\": 300}"));
      return HedgingSettings.OFF;
    }
    boolean enabled = node.path("enabled").asBoolean(true);
    int delay = intIn(node, "hedging", "delayMs", 1, 60_000).orElse(300);
    return new HedgingSettings(enabled, Duration.ofMillis(delay));
  }

  private BreakerSettings parseBreaker(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return BreakerSettings.DEFAULT;
    }
    int threshold =
        intIn(node, "breaker", "failureThreshold", 1, 1000)
            .orElse(BreakerSettings.DEFAULT.failureThreshold());
    int coolDown =
        intIn(node, "breaker", "coolDownMs", 1, 3_600_000)
            .orElse((int) BreakerSettings.DEFAULT.coolDown().toMillis());
    return new BreakerSettings(threshold, Duration.ofMillis(coolDown));
  }

  private Optional<String> text(JsonNode node, String path, String key) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      problems.add(
          SettingsProblem.error(path + "." + key, "expected a non-empty string (ignored)"));
      return Optional.empty();
    }
    return Optional.of(v.asText().strip());
  }

  private Optional<Integer> intIn(JsonNode node, String path, String key, int min, int max) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      problems.add(
          SettingsProblem.error(
              path + "." + key,
              "expected a whole number between " + min + " and " + max + " (ignored)"));
      return Optional.empty();
    }
    return Optional.of(v.asInt());
  }

  private Optional<Double> doubleIn(
      JsonNode node, String path, String key, double min, double max) {
    JsonNode v = node.path(key);
    if (v.isMissingNode() || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
      problems.add(
          SettingsProblem.error(
              path + "." + key, "expected a number between " + min + " and " + max + " (ignored)"));
      return Optional.empty();
    }
    return Optional.of(v.asDouble());
  }

  private <T> Optional<T> fail(String path, String message) {
    problems.add(SettingsProblem.error(path, message + "; model dropped"));
    return Optional.empty();
  }

  private static boolean validUrl(String url) {
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String taskIds() {
    return Arrays.stream(Task.values()).map(Task::id).collect(Collectors.joining(", "))
        + ", "
        + ModelSettings.DEFAULT_ROUTE;
  }

  private static String knownNames(Map<String, ModelSpec> models) {
    List<String> names = new ArrayList<>(models.keySet());
    names.addAll(BUILT_IN_NAMES.stream().sorted().toList());
    return String.join(", ", names);
  }
}
