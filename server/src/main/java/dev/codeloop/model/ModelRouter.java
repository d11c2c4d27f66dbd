package dev.codeloop.model;

import dev.codeloop.model.config.BreakerSettings;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model router: picks the models for each request from the settings (or zero-config defaults),
 * falls back, hedges completions, enforces deadlines, keeps circuit breakers and accounts.
 * Construct it with {@link #builder()}; nothing is contacted until the first request.
 */
public final class ModelRouter implements ModelGateway, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRouter.class);

  static final Map<Task, Duration> DEFAULT_DEADLINES =
      Map.of(
          Task.COMPLETION, Duration.ofMillis(2500),
          Task.CODE_ACTION, Duration.ofSeconds(60),
          Task.CHAT, Duration.ofSeconds(120),
          Task.PLAN, Duration.ofSeconds(300),
          Task.IMPLEMENT, Duration.ofSeconds(300),
          Task.FIX_TESTS, Duration.ofSeconds(300));

  private final Supplier<ModelSettings> settings;
  private final ClientRegistry clients;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Map<String, String> env;
  private final OllamaProbe ollamaProbe;
  private final String ollamaBaseUrl;
  private final boolean embeddedAvailable;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<Task, String> selections = new ConcurrentHashMap<>();
  private final StatsRecorder stats = new StatsRecorder();
  private final FallbackRunner runner;
  private final AtomicBoolean probeStarted = new AtomicBoolean();
  private final AtomicReference<Optional<List<String>>> ollamaModels =
      new AtomicReference<>(Optional.empty());
  private final ExecutorService modelExecutor;

  private ModelRouter(Builder b) {
    this.settings = Objects.requireNonNull(b.settings, "settings");
    this.modelExecutor = Objects.requireNonNull(b.modelExecutor, "modelExecutor");
    this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
    this.clock = b.clock;
    this.env = Map.copyOf(b.env);
    this.ollamaProbe = b.ollamaProbe;
    this.ollamaBaseUrl = b.ollamaBaseUrl;
    this.embeddedAvailable = b.embedded != null;
    this.clients =
        new ClientRegistry(
            Objects.requireNonNull(b.clientFactory, "clientFactory"), b.embedded, env);
    CredentialRedactor redactor =
        new CredentialRedactor(
            env.entrySet().stream()
                .filter(e -> e.getKey().matches("(?i).*(KEY|TOKEN|SECRET|PASSWORD).*"))
                .map(Map.Entry::getValue)
                .toList());
    this.runner =
        new FallbackRunner(
            modelExecutor, b.ticker, clients::client, this::breaker, stats, redactor);
  }

  /**
   * The composition root's constructor.
   *
   * @param settings the current model settings (called per request; cache in the supplier)
   * @param clientFactory creates provider clients, normally {@code new LangChain4jClientFactory()}
   * @param modelExecutor bounded pool on which model calls block
   * @param scheduler for background work (the Ollama probe)
   * @param embedded the in-process completion model, or {@code null} when there is none
   * @param env the process environment ({@code System.getenv()})
   *     <p>Zero-config Ollama detection probes {@code 127.0.0.1:11434} in the background on first
   *     use; use {@link #builder()} to change or disable it.
   */
  public ModelRouter(
      Supplier<ModelSettings> settings,
      ModelClientFactory clientFactory,
      ExecutorService modelExecutor,
      ScheduledExecutorService scheduler,
      Clock clock,
      @Nullable LocalCompletionModel embedded,
      Map<String, String> env) {
    this(
        builder()
            .settings(settings)
            .clientFactory(clientFactory)
            .modelExecutor(modelExecutor)
            .scheduler(scheduler)
            .clock(clock)
            .embedded(embedded)
            .env(env)
            .ollamaProbe(HttpOllamaProbe.localDefault(), HttpOllamaProbe.DEFAULT_BASE_URL));
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ModelReply complete(ModelRequest request, CancelChecker cancel) {
    return run(request, cancel, null);
  }

  @Override
  public ModelReply stream(ModelRequest request, CancelChecker cancel, Consumer<String> onPartial) {
    return run(request, cancel, Objects.requireNonNull(onPartial, "onPartial"));
  }

  private ModelReply run(
      ModelRequest request, CancelChecker cancel, @Nullable Consumer<String> onPartial) {
    startProbe();
    ModelSettings s = settings.get();
    RoutePlanner planner = planner(s);
    Task task = request.task();
    boolean fim = request.fim().isPresent() && request.messages().isEmpty();
    long start = System.nanoTime();
    RoutePlanner.Plan plan;
    try {
      plan = planner.plan(task, fim, request.modelOverride(), selection(task));
    } catch (ModelException e) {
      stats.taskDone(task, 0, false, 0, ModelReply.TokenUsage.UNKNOWN, 0);
      throw e;
    }
    if (plan.models().isEmpty()) {
      stats.taskDone(task, 0, false, 0, ModelReply.TokenUsage.UNKNOWN, 0);
      throw new ModelException(ModelException.Kind.NOT_CONFIGURED, null, plan.whyEmpty());
    }
    Duration deadline =
        request.deadline().or(() -> s.deadlineFor(task)).orElseGet(() -> defaultDeadline(task));
    FallbackRunner.Job job =
        new FallbackRunner.Job(
            task,
            plan.models(),
            spec -> prepare(request, spec, s),
            deadline,
            s.hedging(),
            onPartial);
    try {
      ModelReply reply = runner.run(job, cancel);
      ModelSpec spec = planner.models().get(reply.model());
      stats.taskDone(
          task,
          reply.latency().toMillis(),
          true,
          reply.attempts(),
          reply.usage(),
          StatsRecorder.cost(spec, reply.usage()));
      return reply;
    } catch (ModelException e) {
      stats.taskDone(
          task,
          (System.nanoTime() - start) / 1_000_000,
          false,
          0,
          ModelReply.TokenUsage.UNKNOWN,
          0);
      throw e;
    }
  }

  static Duration defaultDeadline(Task task) {
    for (Task t = task; t != null; t = t.parent().orElse(null)) {
      Duration d = DEFAULT_DEADLINES.get(t);
      if (d != null) {
        return d;
      }
    }
    return Duration.ofSeconds(60);
  }

  /**
   * The request as sent to {@code spec}: payload chosen, output limit set, fitted to its window.
   */
  static ModelCall prepare(ModelRequest request, ModelSpec spec, ModelSettings s) {
    boolean fim = request.fim().isPresent() && request.messages().isEmpty();
    int max = request.maxOutputTokens();
    if (max <= 0) {
      max = s.budgetFor(request.task()).orElse(0);
    }
    if (max <= 0) {
      max = fim ? (request.fim().get().multiline() ? 256 : 64) : spec.maxTokens();
    }
    max = Math.min(max, spec.maxTokens());
    ModelCall call =
        fim
            ? ModelCall.fim(request.fim().get(), max, request.candidates())
            : new ModelCall(request.messages(), Optional.empty(), max, request.candidates());
    return PromptFitter.fit(call, spec.contextWindow(), spec.name());
  }

  /** The models a request for {@code task} would try now, without a per-request override. */
  private RoutePlanner.Plan standingPlan(Task task) {
    return planner(settings.get())
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
    startProbe();
    RoutePlanner.Plan plan;
    try {
      plan = standingPlan(task);
    } catch (ModelException e) {
      return RouteStatus.unusable(e.getMessage());
    }
    if (plan.models().isEmpty()) {
      return RouteStatus.unusable(plan.whyEmpty());
    }
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
   * Uses {@code model} first for {@code task} (and its sub-tasks) for the rest of the session;
   * {@code null} clears the selection.
   *
   * @throws ModelException {@code NOT_CONFIGURED} when no model has that name
   */
  public void selectModel(Task task, @Nullable String model) {
    if (model == null) {
      selections.remove(task);
      return;
    }
    RoutePlanner planner = planner(settings.get());
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

  /** The session's selections, task id to model name. */
  public Map<String, String> selectedModels() {
    Map<String, String> out = new java.util.TreeMap<>();
    selections.forEach((t, m) -> out.put(t.id(), m));
    return out;
  }

  /** The model names usable in routes right now (configured, auto-detected, embedded). */
  public List<String> modelNames() {
    return List.copyOf(planner(settings.get()).models().keySet());
  }

  /** The models tried for the task, in order, without override. */
  public List<String> route(Task task) {
    return standingPlan(task).models().stream().map(ModelSpec::name).toList();
  }

  private Optional<String> selection(Task task) {
    for (Task t = task; t != null; t = t.parent().orElse(null)) {
      String m = selections.get(t);
      if (m != null) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Accounting since start; serializes to JSON with Jackson. */
  public RouterStats stats() {
    return stats.snapshot(
        name -> {
          CircuitBreaker b = breakers.get(name);
          return b == null ? CircuitBreaker.State.CLOSED.name() : b.state().name();
        });
  }

  /**
   * Checks every model (settings, key, a tiny request with its latency) and returns a Markdown
   * report. Blocks up to a few seconds per model; call it off the dispatch thread.
   */
  public String doctor(CancelChecker cancel) {
    startProbe();
    ModelSettings s = settings.get();
    return new Doctor(planner(s), s, env, clients::client, modelExecutor, selections::get)
        .report(cancel);
  }

  /** Starts the background Ollama probe now instead of on the first request (optional). */
  public void startProbe() {
    if (ollamaProbe == OllamaProbe.NONE || !probeStarted.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.execute(
          () -> {
            Optional<List<String>> found = ollamaProbe.installedModels();
            ollamaModels.set(found);
            found.ifPresent(
                m -> LOG.info("Ollama answers at {} with {} models", ollamaBaseUrl, m.size()));
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Ollama probe not scheduled: {}", e.toString());
    }
  }

  private RoutePlanner planner(ModelSettings s) {
    ZeroConfig.Defaults defaults = ZeroConfig.detect(env, ollamaModels.get(), ollamaBaseUrl);
    BreakerSettings bs = s.breaker();
    breakers.values().forEach(b -> b.update(bs));
    return new RoutePlanner(s, defaults, embeddedAvailable);
  }

  private CircuitBreaker breaker(String model) {
    return breakers.computeIfAbsent(
        model, m -> new CircuitBreaker(clock, settings.get().breaker()));
  }

  /** Closes the provider clients (not the executors, which the composition root owns). */
  @Override
  public void close() {
    clients.closeAll();
  }

  /**
   * Explicit construction; every dependency but the settings and factory has a test-friendly
   * default.
   */
  public static final class Builder {
    private Supplier<ModelSettings> settings = () -> ModelSettings.EMPTY;
    private ModelClientFactory clientFactory;
    private ExecutorService modelExecutor;
    private ScheduledExecutorService scheduler;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.SYSTEM;
    private @Nullable LocalCompletionModel embedded;
    private Map<String, String> env = Map.of();
    private OllamaProbe ollamaProbe = OllamaProbe.NONE;
    private String ollamaBaseUrl = HttpOllamaProbe.DEFAULT_BASE_URL;

    private Builder() {}

    public Builder settings(Supplier<ModelSettings> v) {
      settings = v;
      return this;
    }

    public Builder clientFactory(ModelClientFactory v) {
      clientFactory = v;
      return this;
    }

    public Builder modelExecutor(ExecutorService v) {
      modelExecutor = v;
      return this;
    }

    public Builder scheduler(ScheduledExecutorService v) {
      scheduler = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    public Builder ticker(Ticker v) {
      ticker = v;
      return this;
    }

    public Builder embedded(@Nullable LocalCompletionModel v) {
      embedded = v;
      return this;
    }

    public Builder env(Map<String, String> v) {
      env = v;
      return this;
    }

    /** Zero-config Ollama detection; {@link HttpOllamaProbe#localDefault()} in production. */
    public Builder ollamaProbe(OllamaProbe probe, String baseUrl) {
      ollamaProbe = probe;
      ollamaBaseUrl = baseUrl;
      return this;
    }

    public ModelRouter build() {
      return new ModelRouter(this);
    }
  }
}
