package dev.codeloop;

import dev.codeloop.concurrent.HeapTrimmer;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.LspSession;
import dev.codeloop.lsp.jsonrpc.MessageValidator;
import dev.codeloop.model.HttpOllamaProbe;
import dev.codeloop.model.LocalCompletionModel;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelRouter;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import dev.codeloop.model.embedded.PlatformLibrary;
import dev.codeloop.model.embedded.ProjectModels;
import dev.codeloop.model.langchain4j.LangChain4jClientFactory;
import dev.codeloop.settings.ServerSettings.LogSettings;
import dev.codeloop.settings.SettingsJson;
import dev.codeloop.settings.SettingsSchema;
import dev.codeloop.settings.UserPaths;
import dev.codeloop.workspace.index.EmbeddedModelFeeder;
import dev.codeloop.workspace.tool.parse.OutputParser;
import dev.codeloop.workspace.tool.parse.Parsers;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The composition root: builds the {@link Backend} once per process and hands each editor
 * connection to the {@link SessionFactory}. Every object is constructed by hand in this package,
 * with constructor injection; there is no static state anywhere.
 */
public final class ServerComponents implements AutoCloseable {
  /** Largest JSON-RPC message a session accepts. */
  public static final long MAX_MESSAGE_BYTES = SessionFactory.MAX_MESSAGE_BYTES;

  /** Every tool output parser, by the parser id a detected or configured tool names. */
  private static Function<String, Optional<OutputParser>> builtInParsers() {
    return new Parsers()::forTool;
  }

  private final Backend backend;
  private final SessionFactory sessions;

  private ServerComponents(Backend backend, boolean onlySession) {
    this.backend = backend;
    this.sessions = new SessionFactory(backend, onlySession);
  }

  /**
   * A backend whose sessions all use {@code models} (a fake in tests): no router, no embedded
   * model.
   */
  public ServerComponents(
      ServerExecutors executors, ModelGateway models, Map<String, String> env, String version) {
    this(executors, models, env, version, log -> {});
  }

  /**
   * @param processLog applies a session's {@code log} settings (level, file) to the process's
   *     logging
   */
  public ServerComponents(
      ServerExecutors executors,
      ModelGateway models,
      Map<String, String> env,
      String version,
      Consumer<LogSettings> processLog) {
    this(executors, models, env, version, processLog, builtInParsers());
  }

  /**
   * @param parsers the tool output parsers by id (tests register their own)
   */
  public ServerComponents(
      ServerExecutors executors,
      ModelGateway models,
      Map<String, String> env,
      String version,
      Consumer<LogSettings> processLog,
      Function<String, Optional<OutputParser>> parsers) {
    this(
        backend(
            executors,
            Optional.empty(),
            (id, s, egress) -> models,
            Optional.empty(),
            env,
            version,
            processLog,
            parsers),
        true);
  }

  /**
   * The production backend: the model router over LangChain4j providers (created lazily, on first
   * use) with the embedded model registered as provider {@code embedded}.
   *
   * @param manySessions whether the process serves many editors (TCP): then no session may change
   *     the process's logging, and no editor receives log lines that belong to no session
   */
  public static ServerComponents production(
      ServerExecutors executors,
      Map<String, String> env,
      String version,
      Consumer<LogSettings> processLog,
      boolean manySessions) {
    UserPaths paths = UserPaths.of(env);
    // the machine's standard libraries (JDK sources, Python's), looked up on the first index run
    PlatformLibrary platform = PlatformLibrary.detect(env, System.getProperty("java.home"));
    // One embedded model per workspace root, each loading its persisted state in the background
    // when its root is first indexed: start-up never waits for one.
    ProjectModels embedded =
        new ProjectModels(
            paths.embeddedCacheDir(),
            executors.background(),
            () -> EmbeddedCodeModel.builder().platformLibrary(platform),
            Duration.ofSeconds(3));
    LocalCompletionModel embeddedProvider = embedded;
    new Housekeeping(Path.of(System.getProperty("java.io.tmpdir")), embedded, Clock.systemUTC())
        .schedule(executors.scheduler(), executors.background(), Housekeeping.DELAY);
    ModelRouter router =
        ModelRouter.builder()
            .clientFactory(new LangChain4jClientFactory(executors.modelIo()))
            .modelExecutor(executors.modelIo())
            .embeddedExecutor(executors.embedded())
            .scheduler(executors.scheduler())
            .clock(Clock.systemUTC())
            .embedded(embeddedProvider)
            .env(env)
            .ollamaProbe(HttpOllamaProbe.localDefault(), HttpOllamaProbe.DEFAULT_BASE_URL)
            .build();
    return new ServerComponents(
        backend(
            executors,
            Optional.of(router),
            router::session,
            Optional.of(embedded),
            env,
            version,
            manySessions ? log -> {} : processLog,
            builtInParsers()),
        !manySessions);
  }

  /** The production backend serving one editor (stdio). */
  public static ServerComponents production(
      ServerExecutors executors,
      Map<String, String> env,
      String version,
      Consumer<LogSettings> processLog) {
    return production(executors, env, version, processLog, false);
  }

  private static Backend backend(
      ServerExecutors executors,
      Optional<ModelRouter> router,
      Backend.Gateways gateways,
      Optional<ProjectModels> embedded,
      Map<String, String> env,
      String version,
      Consumer<LogSettings> processLog,
      Function<String, Optional<OutputParser>> parsers) {
    SettingsJson json = new SettingsJson();
    return new Backend(
        executors,
        router,
        gateways,
        embedded,
        EmbeddedModelFeeder.newRootSet(),
        json,
        json.builtInDefaults(),
        SettingsSchema.bundled(),
        UserPaths.of(env),
        Map.copyOf(env),
        version,
        processLog,
        new AtomicInteger(),
        parsers,
        HeapTrimmer.system(executors.scheduler(), executors.background()),
        new MessageValidator());
  }

  public ServerExecutors executors() {
    return backend.executors();
  }

  public String version() {
    return backend.version();
  }

  /**
   * Builds a session over the given streams.
   *
   * @param onParentDeath called when the editor process dies
   * @param onClose called when the session's stream ends
   */
  public LspSession newSession(
      InputStream in, OutputStream out, Runnable onParentDeath, Runnable onClose) {
    return sessions.newSession(in, out, onParentDeath, onClose);
  }

  @Override
  public void close() {
    backend.close();
  }
}
