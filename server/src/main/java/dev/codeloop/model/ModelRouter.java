package dev.codeloop.model;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.ModelSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend half of the model router, shared by every session of the process: provider clients
 * (created lazily, keyed by the whole model entry), circuit breakers and backend statistics keyed
 * by {@link ModelIdentity} (two sessions that reach the same endpoint and model share a breaker),
 * the Ollama probe and the executors. It holds nothing a user decides: settings, routes and model
 * selections belong to a {@link SessionRouter}, made by {@link #session}, and travel with each
 * request. Nothing is contacted until the first request.
 */
public final class ModelRouter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRouter.class);

  static final Map<Task, Duration> DEFAULT_DEADLINES =
      Map.of(
          Task.COMPLETION, Duration.ofMillis(2500),
          Task.CODE_ACTION, Duration.ofSeconds(60),
          Task.CHAT, Duration.ofSeconds(120),
          Task.PLAN, Duration.ofSeconds(300),
          Task.IMPLEMENT, Duration.ofSeconds(300),
          Task.FIX_TESTS, Duration.ofSeconds(300));

  private final ClientRegistry clients;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Map<String, String> env;
  private final OllamaProbe ollamaProbe;
  private final String ollamaBaseUrl;
  private final boolean embeddedAvailable;
  private final Map<ModelIdentity, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final StatsRecorder stats = new StatsRecorder();
  private final FallbackRunner runner;
  private final AtomicBoolean probeStarted = new AtomicBoolean();
  private final AtomicReference<Optional<List<String>>> ollamaModels =
      new AtomicReference<>(Optional.empty());
  private final AtomicReference<@Nullable PlannerMemo> lastPlanner = new AtomicReference<>();
  private final ExecutorService modelExecutor;

  private ModelRouter(Builder b) {
    this.modelExecutor = Objects.requireNonNull(b.modelExecutor, "modelExecutor");
    this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
    this.clock = b.clock;
    this.env = Map.copyOf(b.env);
    this.ollamaProbe = b.ollamaProbe;
    this.ollamaBaseUrl = b.ollamaBaseUrl;
    this.embeddedAvailable = b.embedded != null;
    this.clients =
        new ClientRegistry(
            Objects.requireNonNull(b.clientFactory, "clientFactory"),
            b.embedded,
            env,
            b.embeddedExecutor != null ? b.embeddedExecutor : modelExecutor);
    CredentialRedactor redactor =
        new CredentialRedactor(
            env.entrySet().stream()
                .filter(e -> e.getKey().matches("(?i).*(KEY|TOKEN|SECRET|PASSWORD).*"))
                .map(Map.Entry::getValue)
                .toList());
    this.runner =
        new FallbackRunner(scheduler, b.ticker, clients::client, this::breaker, stats, redactor);
  }

  /**
   * The composition root's constructor.
   *
   * @param clientFactory creates provider clients, normally {@code new LangChain4jClientFactory()}
   * @param modelExecutor bounded pool for the blocking work of clients that cannot avoid it (the
   *     embedded model, unless {@link Builder#embeddedExecutor} says otherwise)
   * @param scheduler deadlines, hedging delays and cancellation ticks of model requests, and the
   *     Ollama probe
   * @param embedded the in-process completion model, or {@code null} when there is none
   * @param env the process environment ({@code System.getenv()})
   *     <p>Zero-config Ollama detection probes {@code 127.0.0.1:11434} in the background on first
   *     use; use {@link #builder()} to change or disable it.
   */
  public ModelRouter(
      ModelClientFactory clientFactory,
      ExecutorService modelExecutor,
      ScheduledExecutorService scheduler,
      Clock clock,
      @Nullable LocalCompletionModel embedded,
      Map<String, String> env) {
    this(
        builder()
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

  /**
   * A session's view of the router: its own settings (read per request), route selections and
   * statistics over this backend.
   *
   * @param settings the session's current model settings (called per request; cache in the
   *     supplier)
   */
  public SessionRouter session(Supplier<ModelSettings> settings) {
    return session("session", settings, Egress.Sink.NONE);
  }

  /**
   * @param name the session's name in the egress audit
   * @param egress where the session's outbound requests are recorded
   */
  public SessionRouter session(String name, Supplier<ModelSettings> settings, Egress.Sink egress) {
    return new SessionRouter(this, name, settings, egress);
  }

  /**
   * Runs one request for a session with that session's settings, selection and statistics: plans on
   * the caller's thread (cheap), then hands the route to the {@link FallbackRunner}; the returned
   * future completes when a model answered or every one failed. Nothing waits.
   */
  CompletableFuture<ModelReply> run(
      SessionRouter session,
      ModelRequest request,
      CancelChecker cancel,
      @Nullable Consumer<String> onPartial) {
    startProbe();
    ModelSettings s = session.settings();
    StatsRecorder sessionStats = session.recorder();
    RoutePlanner planner = planner(s);
    Task task = request.task();
    boolean fim = request.fim().isPresent() && request.messages().isEmpty();
    long start = System.nanoTime();
    RoutePlanner.Plan plan;
    try {
      plan = planner.plan(task, fim, request.modelOverride(), session.selection(task));
    } catch (ModelException e) {
      taskDone(sessionStats, task, 0, false, 0, ModelReply.TokenUsage.UNKNOWN, 0);
      return CompletableFuture.failedFuture(e);
    }
    if (plan.models().isEmpty()) {
      taskDone(sessionStats, task, 0, false, 0, ModelReply.TokenUsage.UNKNOWN, 0);
      return CompletableFuture.failedFuture(
          new ModelException(ModelException.Kind.NOT_CONFIGURED, null, plan.whyEmpty()));
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
            onPartial,
            s.breaker(),
            sessionStats,
            (spec, call) -> {
              Egress.Sink egress = session.egress();
              if (egress.enabled()) { // measuring the prompt costs a pass over it: only when asked
                egress.sent(
                    new Egress(
                        clock.instant(),
                        session.name(),
                        task,
                        spec.name(),
                        ModelIdentity.of(spec),
                        promptBytes(call),
                        request.audit().files(),
                        request.audit().redactions()));
              }
            });
    CompletableFuture<ModelReply> reply = runner.run(job, cancel);
    // accounted before the caller sees the reply; cancelling the caller's future stops the run
    CompletableFuture<ModelReply> accounted =
        reply.whenComplete(
            (r, t) -> {
              if (t == null) {
                ModelSpec spec = planner.models().get(r.model());
                taskDone(
                    sessionStats,
                    task,
                    r.latency().toMillis(),
                    true,
                    r.attempts(),
                    r.usage(),
                    StatsRecorder.cost(spec, r.usage()));
              } else if (Futures.unwrap(t) instanceof ModelException) {
                taskDone(
                    sessionStats,
                    task,
                    (System.nanoTime() - start) / 1_000_000,
                    false,
                    0,
                    ModelReply.TokenUsage.UNKNOWN,
                    0);
              }
            });
    return Futures.cancelling(accounted, reply);
  }

  /** The size in UTF-8 of the text a call sends. */
  static long promptBytes(ModelCall call) {
    long n = 0;
    for (ChatTurn t : call.messages()) {
      n += utf8(t.text());
    }
    if (call.fim().isPresent()) {
      FimRequest f = call.fim().get();
      n += utf8(f.prefix()) + utf8(f.suffix());
      for (FimRequest.ContextSnippet snippet : f.snippets()) {
        n += utf8(snippet.text());
      }
    }
    return n;
  }

  /** The UTF-8 length of {@code s} (as {@code getBytes(UTF_8).length}), without encoding it. */
  static long utf8(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n += 1; // a lone surrogate is encoded as '?'
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Accounts a finished request for the session and the backend. */
  private void taskDone(
      StatsRecorder sessionStats,
      Task task,
      long millis,
      boolean ok,
      int attempts,
      ModelReply.TokenUsage usage,
      double cost) {
    sessionStats.taskDone(task, millis, ok, attempts, usage, cost);
    stats.taskDone(task, millis, ok, attempts, usage, cost);
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

  /**
   * Builds the clients of the models {@code task} would try (as a FIM request) and warms them,
   * sending nothing to any model. Blocking; for a background executor.
   */
  void warmUp(ModelSettings s, Task task, Optional<String> selected) {
    RoutePlanner.Plan plan = planner(s).plan(task, true, Optional.empty(), selected);
    for (ModelSpec spec : plan.models()) {
      try {
        clients.client(spec).warmUp();
      } catch (RuntimeException | LinkageError e) {
        LOG.debug("warming up model {} failed: {}", spec.name(), e.toString());
      }
    }
  }

  /** The process environment the router resolves keys from. */
  Map<String, String> env() {
    return env;
  }

  /**
   * The backend's accounting since start, by {@link ModelIdentity} (every session's calls to the
   * same endpoint and model together) and by task; serializes to JSON with Jackson.
   */
  public RouterStats stats() {
    return stats.snapshot(this::breakerState);
  }

  /** The breaker state of a model, by the name the stats use for it. */
  private String breakerState(String identity) {
    for (Map.Entry<ModelIdentity, CircuitBreaker> e : breakers.entrySet()) {
      if (e.getKey().toString().equals(identity)) {
        return e.getValue().state().name();
      }
    }
    return CircuitBreaker.State.CLOSED.name();
  }

  String breakerState(ModelSpec spec) {
    CircuitBreaker b = breakers.get(ModelIdentity.of(spec));
    return b == null ? CircuitBreaker.State.CLOSED.name() : b.state().name();
  }

  /** The Markdown health report for one session's settings and selections. */
  String doctor(ModelSettings s, Function<Task, String> selections, CancelChecker cancel) {
    startProbe();
    return new Doctor(planner(s), s, env, clients::client, modelExecutor, selections)
        .report(cancel);
  }

  /**
   * Starts the background Ollama probe now instead of on the first request (optional). It runs on
   * the model pool: it blocks a thread up to its timeout.
   */
  public void startProbe() {
    if (ollamaProbe == OllamaProbe.NONE || !probeStarted.compareAndSet(false, true)) {
      return;
    }
    try {
      // a blocking HTTP call (up to its timeout): on the model pool, never on the scheduler, whose
      // thread runs every debounce timer and deadline
      modelExecutor.execute(
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

  /**
   * The planner for settings {@code s}: the last one built while {@code s} and the Ollama models
   * found are the very objects it was built from (both immutable; every completion plans its route
   * twice, and detecting defaults and building a planner each time was a thirtieth of its CPU).
   */
  RoutePlanner planner(ModelSettings s) {
    Optional<List<String>> ollama = ollamaModels.get();
    PlannerMemo m = lastPlanner.get();
    if (m != null && m.settings() == s && m.ollamaModels() == ollama) {
      return m.planner();
    }
    ZeroConfig.Defaults defaults = ZeroConfig.detect(env, ollama, ollamaBaseUrl);
    RoutePlanner planner = new RoutePlanner(s, defaults, embeddedAvailable);
    lastPlanner.set(new PlannerMemo(s, ollama, planner));
    return planner;
  }

  /** A planner and what it was built from (compared by identity). */
  private record PlannerMemo(
      ModelSettings settings, Optional<List<String>> ollamaModels, RoutePlanner planner) {}

  private CircuitBreaker breaker(ModelSpec spec) {
    return breakers.computeIfAbsent(ModelIdentity.of(spec), m -> new CircuitBreaker(clock));
  }

  @Override
  public void close() {
    clients.closeAll();
  }

  /**
   * Explicit construction; every dependency but the factory and executors has a test-friendly
   * default.
   */
  public static final class Builder {
    private ModelClientFactory clientFactory;
    private ExecutorService modelExecutor;
    private ScheduledExecutorService scheduler;
    private @Nullable Executor embeddedExecutor;
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.SYSTEM;
    private @Nullable LocalCompletionModel embedded;
    private Map<String, String> env = Map.of();
    private OllamaProbe ollamaProbe = OllamaProbe.NONE;
    private String ollamaBaseUrl = HttpOllamaProbe.DEFAULT_BASE_URL;

    private Builder() {}

    public Builder clientFactory(ModelClientFactory v) {
      clientFactory = v;
      return this;
    }

    public Builder modelExecutor(ExecutorService v) {
      modelExecutor = v;
      return this;
    }

    /** Where the embedded model's CPU work runs; the model executor when not set. */
    public Builder embeddedExecutor(Executor v) {
      embeddedExecutor = v;
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
