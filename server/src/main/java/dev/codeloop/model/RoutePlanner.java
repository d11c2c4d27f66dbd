package dev.codeloop.model;

import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decides, for one request, which models to try in which order: the per-request override, the
 * session's selection for the task, then the configured route (own, parent's, {@code default}),
 * else the zero-configuration defaults. Pure: no I/O, no clock.
 */
final class RoutePlanner {
  static final String EMBEDDED = "embedded";

  private final ModelSettings settings;
  private final ZeroConfig.Defaults defaults;
  private final boolean embeddedAvailable;
  private final Map<String, ModelSpec> models;

  /** {@link #plan} without override and selection, by task and FIM, once planned. */
  private final AtomicReferenceArray<Plan> standing =
      new AtomicReferenceArray<>(Task.values().length * 2);

  /** The ordered candidates and, when empty, why. */
  record Plan(List<ModelSpec> models, String whyEmpty) {}

  RoutePlanner(ModelSettings settings, ZeroConfig.Defaults defaults, boolean embeddedAvailable) {
    this.settings = settings;
    this.defaults = defaults;
    this.embeddedAvailable = embeddedAvailable;
    Map<String, ModelSpec> all = new LinkedHashMap<>(settings.models());
    defaults.models().forEach(all::putIfAbsent);
    if (embeddedAvailable) {
      all.putIfAbsent(EMBEDDED, ZeroConfig.embeddedSpec());
    }
    this.models = all;
  }

  /** Every model a route may use: configured, auto-detected and the embedded one. */
  Map<String, ModelSpec> models() {
    return models;
  }

  Optional<ModelSpec> model(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** The route of the task before override/selection: configured or zero-config defaults. */
  List<String> baseRoute(Task task) {
    return settings
        .routeFor(task)
        .orElseGet(
            () -> task == Task.COMPLETION ? defaults.completionRoute() : defaults.chatRoute());
  }

  /**
   * The models to try for a request.
   *
   * @param selected the session's model selection for the task (or its parent), if any
   * @throws ModelException {@code NOT_CONFIGURED} for an unknown override
   */
  Plan plan(Task task, boolean fim, Optional<String> override, Optional<String> selected) {
    if (override.isPresent() || selected.isPresent()) {
      return planFresh(task, fim, override, selected);
    }
    // the standing plan of a task (no override, no selection) is asked for by every request and
    // every proposal of a code action: planned once per planner (which is immutable)
    int slot = task.ordinal() * 2 + (fim ? 1 : 0);
    Plan plan = standing.get(slot);
    if (plan == null) {
      plan = planFresh(task, fim, override, selected);
      standing.set(slot, plan);
    }
    return plan;
  }

  private Plan planFresh(
      Task task, boolean fim, Optional<String> override, Optional<String> selected) {
    List<String> names = new ArrayList<>();
    if (override.isPresent()) {
      if (!models.containsKey(override.get())) {
        throw new ModelException(
            ModelException.Kind.NOT_CONFIGURED,
            null,
            "unknown model '"
                + override.get()
                + "' (configured: "
                + String.join(", ", models.keySet())
                + ")");
      }
      names.add(override.get());
    }
    selected.filter(models::containsKey).ifPresent(names::add);
    names.addAll(baseRoute(task));
    List<ModelSpec> out = new ArrayList<>();
    List<String> unable = new ArrayList<>();
    for (String n : names) {
      ModelSpec spec = models.get(n);
      if (spec == null || out.contains(spec)) {
        continue;
      }
      if (spec.provider() == ProviderKind.EMBEDDED && !embeddedAvailable) {
        continue;
      }
      boolean can =
          fim
              ? spec.capabilities().chat() || spec.capabilities().fim()
              : spec.capabilities().chat();
      if (can) {
        out.add(spec);
      } else {
        unable.add(n);
      }
    }
    if (!out.isEmpty()) {
      return new Plan(List.copyOf(out), "");
    }
    return new Plan(List.of(), whyEmpty(task, unable));
  }

  private static String whyEmpty(Task task, List<String> unable) {
    String how =
        "Configure a model: set ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, start Ollama on"
            + " 127.0.0.1:11434, or add 'models' and 'routes."
            + task.id()
            + "' to the Codeloop settings (see docs/CONFIGURATION.md).";
    if (unable.isEmpty()) {
      return "No model is configured for '" + task.id() + "'. " + how;
    }
    return "The models routed for '"
        + task.id()
        + "' ("
        + String.join(", ", unable)
        + ") cannot serve it (the embedded model only completes code). "
        + how;
  }
}
