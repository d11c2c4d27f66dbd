package dev.codeloop.model;

import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's model router: what its user decided — the model settings (models, routes,
 * deadlines, budgets, hedging, breaker limits), the model selected per task and its own statistics
 * — over the shared {@link ModelRouter} backend. Another session's settings or selections never
 * change where this session's requests go. Made by {@link ModelRouter#session}.
 */
public final class SessionRouter implements ModelGateway {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRouter.class);

  private final ModelRouter backend;
  private final String name;
  private final Supplier<ModelSettings> settings;
  private final Egress.Sink egress;
  private final Map<Task, String> selections = new ConcurrentHashMap<>();
  private final StatsRecorder stats = new StatsRecorder();

  SessionRouter(
      ModelRouter backend, String name, Supplier<ModelSettings> settings, Egress.Sink egress) {
    this.backend = backend;
    this.name = name;
    this.settings = settings;
    this.egress = egress;
  }

  String name() {
    return name;
  }

  Egress.Sink egress() {
    return egress;
  }

  ModelSettings settings() {
    return settings.get();
  }

  StatsRecorder recorder() {
    return stats;
  }

  @Override
  public CompletableFuture<ModelReply> completeAsync(ModelRequest request, CancelChecker cancel) {
    return backend.run(this, request, cancel, null);
  }

  @Override
  public CompletableFuture<ModelReply> streamAsync(
      ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    return backend.run(this, request, cancel, java.util.Objects.requireNonNull(onPartial));
  }

  /** The models a request for {@code task} would try now, without a per-request override. */
  private RoutePlanner.Plan standingPlan(Task task) {
    return backend
        .planner(settings.get())
        .plan(task, task == Task.COMPLETION, Optional.empty(), selection(task));
  }

  @Override
  public boolean usesWorkspaceContext(Task task) {
    RoutePlanner.Plan plan;
    try {
      plan = standingPlan(task);
    } catch (ModelException e) {
      return true; // the request will fail with the same reason; nothing to save
    }
    for (ModelSpec m : plan.models()) {
      if (m.provider() != ProviderKind.EMBEDDED) {
        return true;
      }
    }
    return false;
  }

  @Override
  public RouteStatus status(Task task) {
    backend.startProbe();
    RoutePlanner.Plan plan;
    try {
      plan = standingPlan(task);
    } catch (ModelException e) {
      return RouteStatus.unusable(e.getMessage());
    }
    if (plan.models().isEmpty()) {
      return RouteStatus.unusable(plan.whyEmpty());
    }
    Map<String, String> env = backend.env();
    for (ModelSpec m : plan.models()) {
      if (!m.missingRequiredKey(env)) {
        return RouteStatus.ok();
      }
    }
    ModelSpec first = plan.models().get(0);
    return RouteStatus.unusable(
        "Model '"
            + first.name()
            + "' for '"
            + task.id()
            + "' has no API key: set the environment variable "
            + first.apiKeyEnv().orElse("named by models." + first.name() + ".apiKeyEnv")
            + " and restart the editor.");
  }

  /**
   * Uses {@code model} first for {@code task} (and its sub-tasks) for the rest of this session;
   * {@code null} clears the selection. Other sessions are not affected.
   *
   * @throws ModelException {@code NOT_CONFIGURED} when no model has that name
   */
  public void selectModel(Task task, @Nullable String model) {
    if (model == null) {
      selections.remove(task);
      return;
    }
    RoutePlanner planner = backend.planner(settings.get());
    if (planner.model(model).isEmpty()) {
      throw new ModelException(
          ModelException.Kind.NOT_CONFIGURED,
          null,
          "unknown model '"
              + model
              + "' (configured: "
              + String.join(", ", planner.models().keySet())
              + ")");
    }
    selections.put(task, model);
    LOG.info("{} now uses model {} first", task.id(), model);
  }

  /** This session's selections, task id to model name. */
  public Map<String, String> selectedModels() {
    Map<String, String> out = new TreeMap<>();
    selections.forEach((t, m) -> out.put(t.id(), m));
    return out;
  }

  /** The model names usable in this session's routes right now (configured, detected, embedded). */
  public List<String> modelNames() {
    return List.copyOf(backend.planner(settings.get()).models().keySet());
  }

  /** The models tried for the task, in order, without override. */
  public List<String> route(Task task) {
    return standingPlan(task).models().stream().map(ModelSpec::name).toList();
  }

  Optional<String> selection(Task task) {
    for (Task t = task; t != null; t = t.parent().orElse(null)) {
      String m = selections.get(t);
      if (m != null) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * This session's accounting since it started, by the names its settings give the models, with
   * each model's shared circuit-breaker state.
   */
  public RouterStats stats() {
    Map<String, ModelSpec> models = backend.planner(settings.get()).models();
    return stats.snapshot(
        name -> {
          ModelSpec spec = models.get(name);
          return spec == null ? CircuitBreaker.State.CLOSED.name() : backend.breakerState(spec);
        });
  }

  /** The backend's accounting: every session's calls, by endpoint and model. */
  public RouterStats backendStats() {
    return backend.stats();
  }

  /**
   * Checks every model of this session (settings, key, a tiny request with its latency) and returns
   * a Markdown report. Blocks up to a few seconds per model; call it off the dispatch thread.
   */
  public String doctor(CancelChecker cancel) {
    return backend.doctor(settings.get(), selections::get, cancel);
  }

  /**
   * Warms, on {@code executor}, what the first request of {@code task} will need (its models'
   * clients and their local code) without sending anything to a model; returns at once.
   */
  public java.util.concurrent.CompletableFuture<Void> warmUpAsync(
      Task task, java.util.concurrent.Executor executor) {
    return java.util.concurrent.CompletableFuture.runAsync(
        () -> {
          try {
            backend.warmUp(settings.get(), task, selection(task));
          } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SessionRouter.class)
                .debug("warm-up of {} skipped: {}", task, e.toString());
          }
        },
        executor);
  }

  /** Starts the backend's Ollama probe now instead of on the first request (optional). */
  public void startProbe() {
    backend.startProbe();
  }
}
