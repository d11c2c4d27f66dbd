package dev.codeloop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.action.ActionEngine;
import dev.codeloop.action.ActionRegistry;
import dev.codeloop.action.CodeRewriter;
import dev.codeloop.action.ModelPrompter;
import dev.codeloop.action.ProjectFiles;
import dev.codeloop.action.StoreProjectFiles;
import dev.codeloop.action.builtin.BuiltInActions;
import dev.codeloop.action.plan.PlanProvider;
import dev.codeloop.action.reply.ReplyParser;
import dev.codeloop.chat.AskService;
import dev.codeloop.chat.ChatService;
import dev.codeloop.completion.CompletionEngine;
import dev.codeloop.completion.Debouncing;
import dev.codeloop.completion.cache.CompletionCache;
import dev.codeloop.completion.context.ContextBuilder;
import dev.codeloop.completion.context.RecentDocuments;
import dev.codeloop.completion.post.PostProcessor;
import dev.codeloop.completion.stats.AcceptCompletionCommand;
import dev.codeloop.completion.stats.AcceptanceStats;
import dev.codeloop.completion.stats.CompletionStatsCommand;
import dev.codeloop.concurrent.Debouncer;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.document.DocumentListener;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.lsp.CodeloopLanguageServer;
import dev.codeloop.lsp.CodeloopTextDocumentService;
import dev.codeloop.lsp.CodeloopWorkspaceService;
import dev.codeloop.lsp.JsonConvert;
import dev.codeloop.lsp.LspSession;
import dev.codeloop.lsp.ParentProcessWatcher;
import dev.codeloop.lsp.RequestRunner;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.WorkDoneProgressFactory;
import dev.codeloop.lsp.capability.ServerCapabilitiesFactory;
import dev.codeloop.lsp.convert.ActionDataCodec;
import dev.codeloop.lsp.convert.WorkspaceEditFactory;
import dev.codeloop.lsp.handler.ActionCommandHandler;
import dev.codeloop.lsp.handler.AnswerPresenter;
import dev.codeloop.lsp.handler.AskCommandHandler;
import dev.codeloop.lsp.handler.ChatCommandHandler;
import dev.codeloop.lsp.handler.CodeActionHandler;
import dev.codeloop.lsp.handler.CodeActionResolveHandler;
import dev.codeloop.lsp.handler.CommandArguments;
import dev.codeloop.lsp.handler.CompletionHandler;
import dev.codeloop.lsp.handler.ConfigurationHandler;
import dev.codeloop.lsp.handler.EditApplier;
import dev.codeloop.lsp.handler.InitializeHandler;
import dev.codeloop.lsp.handler.InlineCompletionHandler;
import dev.codeloop.lsp.handler.WorkProgress;
import dev.codeloop.lsp.handler.WorkspaceFoldersHandler;
import dev.codeloop.lsp.jsonrpc.Lifecycle;
import dev.codeloop.model.LocalCompletionModel;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelOverrideGateway;
import dev.codeloop.model.ModelRouter;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.SettingsSource;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import dev.codeloop.model.embedded.LoadingLocalModel;
import dev.codeloop.model.langchain4j.LangChain4jClientFactory;
import dev.codeloop.settings.SettingsJson;
import dev.codeloop.settings.SettingsSchema;
import dev.codeloop.settings.SettingsStore;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.CommandRegistry;
import dev.codeloop.workspace.command.Commands;
import dev.codeloop.workspace.command.ModelCommands;
import dev.codeloop.workspace.command.ShowSettingsCommand;
import dev.codeloop.workspace.index.EmbeddedModelFeeder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The composition root. Builds the shared backend once (executors, settings base, model router,
 * embedded model, statistics) and one {@link LspSession} per editor connection. Everything is
 * constructed here by hand, with constructor injection; there is no static state anywhere.
 */
public final class ServerComponents implements AutoCloseable {
  /** Largest JSON-RPC message accepted; larger ones are skipped with an error. */
  public static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;

  private final ServerExecutors executors;
  private final ModelGateway models;
  private final Optional<ModelRouter> router;
  private final Optional<CompletableFuture<EmbeddedCodeModel>> embedded;
  private final java.util.Set<Path> indexedRoots = EmbeddedModelFeeder.newRootSet();
  private final AtomicReference<ModelSettings> modelSettings;
  private final SettingsJson settingsJson = new SettingsJson();
  private final SettingsSchema settingsSchema = SettingsSchema.bundled(); // compiled on first use
  private final ObjectNode defaults;
  private final Optional<Path> userSettingsFile;
  private final Map<String, String> env;
  private final String version;
  private final java.util.function.Consumer<dev.codeloop.settings.ServerSettings.LogSettings>
      logSink;
  private final AcceptanceStats completionStats = new AcceptanceStats();

  /**
   * @param models the model gateway shared by all sessions (the router in production, a fake in
   *     tests)
   */
  public ServerComponents(
      ServerExecutors executors, ModelGateway models, Map<String, String> env, String version) {
    this(executors, models, env, version, log -> {});
  }

  /**
   * @param logSink applies the {@code log} settings (level, file) to the process's logging
   */
  public ServerComponents(
      ServerExecutors executors,
      ModelGateway models,
      Map<String, String> env,
      String version,
      java.util.function.Consumer<dev.codeloop.settings.ServerSettings.LogSettings> logSink) {
    this(
        executors,
        models,
        Optional.empty(),
        Optional.empty(),
        new AtomicReference<>(ModelSettings.EMPTY),
        env,
        version,
        logSink);
  }

  private ServerComponents(
      ServerExecutors executors,
      ModelGateway models,
      Optional<ModelRouter> router,
      Optional<CompletableFuture<EmbeddedCodeModel>> embedded,
      AtomicReference<ModelSettings> modelSettings,
      Map<String, String> env,
      String version,
      java.util.function.Consumer<dev.codeloop.settings.ServerSettings.LogSettings> logSink) {
    this.router = router;
    this.embedded = embedded;
    this.modelSettings = modelSettings;
    this.logSink = logSink;
    this.executors = executors;
    this.models = models;
    this.env = Map.copyOf(env);
    this.version = version;
    this.defaults = loadDefaults(settingsJson);
    this.userSettingsFile = userSettingsFile(this.env);
  }

  /**
   * The production backend: the model router over LangChain4j providers (created lazily, on first
   * use) with the embedded model registered as provider {@code embedded}.
   */
  public static ServerComponents production(
      ServerExecutors executors,
      Map<String, String> env,
      String version,
      java.util.function.Consumer<dev.codeloop.settings.ServerSettings.LogSettings> logSink) {
    AtomicReference<ModelSettings> modelSettings = new AtomicReference<>(ModelSettings.EMPTY);
    // The embedded model loads its persisted state in the background: start-up never waits for it.
    CompletableFuture<EmbeddedCodeModel> embedded =
        CompletableFuture.supplyAsync(
            () ->
                EmbeddedCodeModel.builder()
                    .cacheDir(embeddedCacheDir(env))
                    .executor(executors.background())
                    .build(),
            executors.background());
    LocalCompletionModel embeddedProvider = new LoadingLocalModel(embedded, Duration.ofSeconds(3));
    ModelRouter router =
        new ModelRouter(
            modelSettings::get,
            new LangChain4jClientFactory(),
            executors.models(),
            executors.scheduler(),
            Clock.systemUTC(),
            embeddedProvider,
            env);
    return new ServerComponents(
        executors,
        router,
        Optional.of(router),
        Optional.of(embedded),
        modelSettings,
        env,
        version,
        logSink);
  }

  /**
   * {@code $CODELOOP_CACHE_DIR}, else {@code $XDG_CACHE_HOME/codeloop/embedded}, else ~/.cache/….
   */
  static Path embeddedCacheDir(Map<String, String> env) {
    String explicit = env.get("CODELOOP_CACHE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit, "embedded");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "codeloop", "embedded");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".cache", "codeloop", "embedded");
  }

  private static ObjectNode loadDefaults(SettingsJson json) {
    try (InputStream in =
        ServerComponents.class.getResourceAsStream("/codeloop/default-settings.json")) {
      if (in == null) {
        throw new IllegalStateException("default settings missing from the jar");
      }
      return json.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-settings.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code $XDG_CONFIG_HOME/codeloop/config.json}, else {@code ~/.config/codeloop/config.json}. */
  static Optional<Path> userSettingsFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Optional.of(Path.of(xdg, "codeloop", "config.json"));
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return home == null
        ? Optional.empty()
        : Optional.of(Path.of(home, ".config", "codeloop", "config.json"));
  }

  public ServerExecutors executors() {
    return executors;
  }

  public ModelGateway models() {
    return models;
  }

  /** Completions shown and accepted, shared by all sessions. */
  public AcceptanceStats completionStats() {
    return completionStats;
  }

  public String version() {
    return version;
  }

  /**
   * Builds a session over the given streams.
   *
   * @param onParentDeath called when the editor process dies
   * @param onClose called when the session's stream ends
   */
  public LspSession newSession(
      InputStream in, OutputStream out, Runnable onParentDeath, Runnable onClose) {
    Lifecycle lifecycle = new Lifecycle();
    SessionContext context = new SessionContext();
    DocumentStore documents = new DocumentStore();
    SettingsStore settings = new SettingsStore(settingsJson, defaults, settingsSchema);
    JsonConvert json = new JsonConvert(settingsJson.mapper());
    RequestRunner requests = new RequestRunner(executors.requests());

    ConfigurationHandler configuration =
        new ConfigurationHandler(settings, context::client, json::toJackson, executors.requests());

    // Completion (inline and list): one engine per session over the shared model gateway.
    dev.codeloop.workspace.privacy.PrivacyFilter workspacePrivacy =
        new dev.codeloop.workspace.privacy.PrivacyFilter(
            context::roots, () -> settings.current().privacy());
    // The embedded model learns the workspace and the open documents.
    Optional<EmbeddedModelFeeder> feeder =
        embedded.map(
            m ->
                new EmbeddedModelFeeder(
                    m,
                    documents,
                    new Debouncer<>(executors.scheduler(), executors.background()),
                    workspacePrivacy,
                    indexedRoots,
                    () -> settings.current().embedded().enabled()));
    feeder.ifPresent(documents::addListener);
    WorkDoneProgressFactory progressFactory = new WorkDoneProgressFactory(context);

    // Everything this session sends to a model is redacted of secret-looking strings.
    // A command may pick its model ({"model": ...} as last argument); the override sits in front of
    // the redaction.
    ModelOverrideGateway sessionModels =
        new ModelOverrideGateway(
            new dev.codeloop.workspace.privacy.RedactingModelGateway(
                models, workspacePrivacy::redactor));
    RecentDocuments recentDocuments = new RecentDocuments(16);
    documents.addListener(recentDocuments);
    CompletionEngine completionEngine =
        new CompletionEngine(
            documents,
            workspacePrivacy,
            new ContextBuilder(
                documents,
                recentDocuments,
                workspacePrivacy,
                () -> settings.current().completion()),
            new PostProcessor(),
            new CompletionCache(() -> settings.current().completion().cacheEntries()),
            new Debouncing(),
            completionStats,
            sessionModels,
            executors.models(),
            () -> settings.current().completion());
    documents.addListener(
        new DocumentListener() {
          @Override
          public void closed(String uri) {
            completionEngine.forget(uri);
          }
        });

    CompletionStatsCommand completionStatsCommand =
        new CompletionStatsCommand(completionStats, settingsJson.mapper());
    CodeActionComponents actions =
        codeActions(
            documents, settings, context, json, sessionModels, workspacePrivacy, progressFactory);
    CommandRegistry.Builder commandBuilder =
        CommandRegistry.builder()
            .register(
                Commands.SHOW_SETTINGS, new ShowSettingsCommand(settings, settingsJson.mapper()))
            .register(Commands.ACCEPT_COMPLETION, new AcceptCompletionCommand(completionStats))
            .register(Commands.COMPLETION_STATS, completionStatsCommand);
    actions.commands().forEach(commandBuilder::register);
    router.ifPresent(
        r ->
            new ModelCommands(
                    r,
                    settingsJson.mapper(),
                    () -> {
                      var node = settingsJson.mapper().createObjectNode();
                      node.setAll(
                          (com.fasterxml.jackson.databind.node.ObjectNode)
                              completionStatsCommand.execute(null, () -> {}));
                      embedded
                          .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                          .ifPresent(
                              f ->
                                  node.set(
                                      "embedded",
                                      settingsJson.mapper().valueToTree(f.join().stats())));
                      return node;
                    })
                .registerInto(commandBuilder));
    CommandRegistry commands = commandBuilder.build();

    java.util.function.Consumer<List<Path>> indexRoots =
        roots -> {
          if (settings.current().embedded().indexWorkspace()) {
            feeder.ifPresent(f -> f.indexRoots(roots, progressFactory));
          }
        };
    InitializeHandler initialize =
        new InitializeHandler(
            documents,
            settings,
            context,
            new ServerCapabilitiesFactory(),
            commands.ids(),
            new ParentProcessWatcher(onParentDeath),
            json::toJackson,
            () -> {
              if (context.capabilities().configurationPull()) {
                configuration.pull();
              }
              indexRoots.accept(context.roots());
            },
            version,
            userSettingsFile);
    settings.addListener(u -> configuration.report(u.problems()));
    settings.addListener(u -> logSink.accept(u.settings().log()));
    settings.addListener(u -> configuration.report(applyModelSettings(u.settings())));
    applyModelSettings(settings.current());
    logSink.accept(settings.current().log());

    CodeloopTextDocumentService textDocuments =
        new CodeloopTextDocumentService(
            documents,
            requests,
            new InlineCompletionHandler(completionEngine),
            new CompletionHandler(completionEngine, documents),
            actions.propose(),
            actions.resolve());
    CodeloopWorkspaceService workspace =
        new CodeloopWorkspaceService(
            commands,
            requests,
            json,
            configuration,
            sessionModels,
            new WorkspaceFoldersHandler(context, indexRoots));
    CodeloopLanguageServer server =
        new CodeloopLanguageServer(
            lifecycle, context, initialize, textDocuments, workspace, requests, () -> {});
    return new LspSession(
        server, context, lifecycle, settings, in, out, onClose, MAX_MESSAGE_BYTES);
  }

  /**
   * Parses the {@code models}/{@code routes}/… part of a session's settings and makes it the
   * backend's model configuration (one backend: the most recent session's settings win). Returns
   * the problems.
   */
  private List<dev.codeloop.settings.SettingsProblem> applyModelSettings(
      dev.codeloop.settings.ServerSettings settings) {
    // Untrusted layers had literal keys removed by the SettingsStore; what remains came from
    // trusted ones.
    ModelSettings parsed = ModelSettings.parse(settings.tree(), SettingsSource.USER, env);
    modelSettings.set(parsed);
    return parsed.problems();
  }

  // --- AI code actions and chat ---

  /** How long we wait for the editor to apply an edit or show a document. */
  static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(2);

  /** The code action handlers and the commands of the action/chat features of one session. */
  private record CodeActionComponents(
      CodeActionHandler propose,
      CodeActionResolveHandler resolve,
      Map<String, CommandHandler> commands) {}

  /** Where prose answers go: {@code CODELOOP_ANSWERS_DIR}, else {@code <tmp>/codeloop/answers}. */
  static Path answersDir(Map<String, String> env) {
    String dir = env.get("CODELOOP_ANSWERS_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "codeloop", "answers");
  }

  private CodeActionComponents codeActions(
      DocumentStore documents,
      SettingsStore settings,
      SessionContext context,
      JsonConvert json,
      ModelGateway models,
      dev.codeloop.workspace.privacy.PrivacyFilter workspacePrivacy,
      WorkDoneProgressFactory progressFactory) {
    ActionDataCodec codec = new ActionDataCodec();
    ProjectFiles files = new StoreProjectFiles(documents, context::roots);
    ModelPrompter prompter = new ModelPrompter(models);
    CodeRewriter rewriter = new CodeRewriter(prompter, new ReplyParser(settingsJson.mapper()));
    ActionRegistry registry =
        new ActionRegistry(
            BuiltInActions.providers(rewriter, () -> settings.current().codeActions()));
    ActionEngine engine = new ActionEngine(registry, documents, files, models, workspacePrivacy);
    EditApplier edits = new EditApplier(context, new WorkspaceEditFactory(), CLIENT_TIMEOUT);
    AnswerPresenter answers = new AnswerPresenter(context, answersDir(env), CLIENT_TIMEOUT);
    CommandArguments arguments = new CommandArguments(codec, json);
    var mapper = settingsJson.mapper();
    WorkProgress progress = new WorkProgress(progressFactory);
    Map<String, CommandHandler> commands = new LinkedHashMap<>();
    commands.put(
        Commands.APPLY_ACTION,
        new ActionCommandHandler(
            Optional.empty(), engine, documents, arguments, edits, answers, mapper, progress));
    commands.put(
        Commands.PLAN,
        new ActionCommandHandler(
            Optional.of(PlanProvider.ID),
            engine,
            documents,
            arguments,
            edits,
            answers,
            mapper,
            progress));
    commands.put(
        Commands.CHAT,
        new ChatCommandHandler(
            new ChatService(models, workspacePrivacy),
            documents,
            files,
            context,
            arguments,
            mapper,
            CLIENT_TIMEOUT,
            progress));
    commands.put(
        Commands.ASK,
        new AskCommandHandler(
            new AskService(prompter), files, arguments, answers, mapper, progress));
    return new CodeActionComponents(
        new CodeActionHandler(documents, engine, context, settings, codec),
        new CodeActionResolveHandler(engine, codec, edits, answers),
        commands);
  }

  @Override
  public void close() {
    embedded.ifPresent(
        f -> {
          try {
            if (f.isDone() && !f.isCompletedExceptionally()) {
              f.join().persist();
            }
          } catch (RuntimeException e) {
            // best effort: the next start re-indexes
          }
        });
    router.ifPresent(ModelRouter::close);
    executors.close();
  }
}
