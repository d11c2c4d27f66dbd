package dev.codeloop.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.errors.SettingsProblem;
import dev.codeloop.model.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed {@code models}, {@code routes}, {@code deadlines}, {@code budgets}, {@code hedging}
 * and {@code breaker} settings, plus what was wrong with them. Invalid entries were dropped; the
 * rest is usable.
 *
 * @param models configured models by name (insertion order kept)
 * @param routes task id (or {@code default}) to ordered model names: primary, then fallbacks
 * @param deadlines task id to overall time budget including fallbacks
 * @param budgets task id to the default maximum output tokens
 */
public record ModelSettings(
    Map<String, ModelSpec> models,
    Map<String, List<String>> routes,
    Map<String, Duration> deadlines,
    Map<String, Integer> budgets,
    HedgingSettings hedging,
    BreakerSettings breaker,
    List<SettingsProblem> problems) {

  /** The route key used for tasks without a route of their own or of a parent task. */
  public static final String DEFAULT_ROUTE = "default";

  public static final ModelSettings EMPTY =
      new ModelSettings(
          Map.of(),
          Map.of(),
          Map.of(),
          Map.of(),
          HedgingSettings.OFF,
          BreakerSettings.DEFAULT,
          List.of());

  public ModelSettings {
    models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
    routes = Map.copyOf(routes);
    deadlines = Map.copyOf(deadlines);
    budgets = Map.copyOf(budgets);
    problems = List.copyOf(problems);
  }

  /**
   * Parses the merged settings tree (the object holding {@code models}, {@code routes}, ...).
   *
   * @param source where the tree came from; literal {@code apiKey}s are refused from the workspace
   * @param env the process environment, used only to warn about unset {@code apiKeyEnv} variables
   */
  public static ModelSettings parse(JsonNode root, SettingsSource source, Map<String, String> env) {
    return new ModelSettingsParser(source, env).parse(root);
  }

  /** The configured route for the task: its own, else its parent's, else {@code default}. */
  public Optional<List<String>> routeFor(Task task) {
    return lookup(task, routes).or(() -> Optional.ofNullable(routes.get(DEFAULT_ROUTE)));
  }

  /** The task's own or inherited deadline, if configured. */
  public Optional<Duration> deadlineFor(Task task) {
    return lookup(task, deadlines);
  }

  /** The task's own or inherited output token budget, if configured. */
  public Optional<Integer> budgetFor(Task task) {
    return lookup(task, budgets);
  }

  private static <T> Optional<T> lookup(Task task, Map<String, T> map) {
    for (Task t = task; t != null; t = t.parent().orElse(null)) {
      T v = map.get(t.id());
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** Every setting path the model settings parser reads ({@code *}: any model or task name). */
  public static List<String> pathsRead() {
    return ModelSettingsParser.PATHS_READ;
  }
}
