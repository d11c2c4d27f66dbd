package dev.codeloop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.action.ModelPrompter;
import dev.codeloop.action.reply.ReplyParser;
import dev.codeloop.completion.CompletionEngine;
import dev.codeloop.completion.Debouncing;
import dev.codeloop.completion.cache.CompletionCache;
import dev.codeloop.completion.context.ContextBuilder;
import dev.codeloop.completion.context.RecentDocuments;
import dev.codeloop.completion.list.CompletionMenu;
import dev.codeloop.completion.post.PostProcessor;
import dev.codeloop.completion.stats.AcceptCompletionCommand;
import dev.codeloop.completion.stats.AcceptanceStats;
import dev.codeloop.completion.stats.CompletionStatsCommand;
import dev.codeloop.concurrent.Debouncer;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.document.DiagnosticsStore;
import dev.codeloop.document.DocumentListener;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.errors.SettingsProblem;
import dev.codeloop.lsp.CodeloopLanguageServer;
import dev.codeloop.lsp.CodeloopTextDocumentService;
import dev.codeloop.lsp.CodeloopWorkspaceService;
import dev.codeloop.lsp.DiagnosticsPublisher;
import dev.codeloop.lsp.JsonConvert;
import dev.codeloop.lsp.LspSession;
import dev.codeloop.lsp.ParentProcessWatcher;
import dev.codeloop.lsp.RequestRunner;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.StatusNotifier;
import dev.codeloop.lsp.WorkDoneProgressFactory;
import dev.codeloop.lsp.capability.ServerCapabilitiesFactory;
import dev.codeloop.lsp.handler.CompletionHandler;
import dev.codeloop.lsp.handler.ConfigurationHandler;
import dev.codeloop.lsp.handler.DocumentDiagnosticHandler;
import dev.codeloop.lsp.handler.InitializeHandler;
import dev.codeloop.lsp.handler.InlineCompletionHandler;
import dev.codeloop.lsp.handler.LspWorkspaceEditor;
import dev.codeloop.lsp.handler.TrustNotifier;
import dev.codeloop.lsp.handler.UnappliedNotificationHandler;
import dev.codeloop.lsp.handler.WorkspaceDiagnosticHandler;
import dev.codeloop.lsp.handler.WorkspaceFoldersHandler;
import dev.codeloop.lsp.jsonrpc.Lifecycle;
import dev.codeloop.model.ModelActivity;
import dev.codeloop.model.ModelCallLimiter;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelOverrideGateway;
import dev.codeloop.model.SessionRouter;
import dev.codeloop.model.Task;
import dev.codeloop.model.WordRanker;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.SettingsSource;
import dev.codeloop.model.embedded.IndexLimits;
import dev.codeloop.settings.ServerSettings;
import dev.codeloop.settings.SettingsStore;
import dev.codeloop.workflow.FixLoop;
import dev.codeloop.workflow.PlanCommand;
import dev.codeloop.workflow.PlanStore;
import dev.codeloop.workflow.WorkflowCommand;
import dev.codeloop.workspace.command.CommandRegistry;
import dev.codeloop.workspace.command.Commands;
import dev.codeloop.workspace.command.ModelCommands;
import dev.codeloop.workspace.command.ShowSettingsCommand;
import dev.codeloop.workspace.command.TrustWorkspaceCommand;
import dev.codeloop.workspace.index.EmbeddedModelFeeder;
import dev.codeloop.workspace.privacy.EgressLog;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import dev.codeloop.workspace.privacy.RedactingModelGateway;
import dev.codeloop.workspace.progress.Progress;
import dev.codeloop.workspace.tool.CheckOnSave;
import dev.codeloop.workspace.tool.DetectedTool.Kind;
import dev.codeloop.workspace.tool.ProcessRunner;
import dev.codeloop.workspace.tool.ShadowWorkspaces;
import dev.codeloop.workspace.tool.ShowToolsCommand;
import dev.codeloop.workspace.tool.ToolDetector;
import dev.codeloop.workspace.tool.ToolRunCommand;
import dev.codeloop.workspace.tool.UnsavedBuffers;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Builds one editor session over a {@link Backend}: everything its user decides — settings layers,
 * model settings, routes and selections, documents, client, completion and action state, log sink —
 * is made here, per session, so nothing one editor does changes what another gets.
 */
final class SessionFactory {
  /** Largest JSON-RPC message accepted; larger ones are skipped with an error. */
  static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;

  private final Backend backend;
  private final boolean onlySession;

  /**
   * @param onlySession whether the process serves exactly one session (stdio)
   */
  SessionFactory(Backend backend, boolean onlySession) {
    this.backend = backend;
    this.onlySession = onlySession;
  }

  LspSession newSession(
      InputStream in, OutputStream out, Runnable onParentDeath, Runnable onClose) {
    String id = "session-" + backend.sessionIds().incrementAndGet();
    ServerExecutors executors = backend.executors();
    ObjectMapper mapper = backend.settingsJson().mapper();
    Lifecycle lifecycle = new Lifecycle();
    SessionContext context = new SessionContext();
    DocumentStore documents = new DocumentStore();
    DiagnosticsStore diagnostics = new DiagnosticsStore();
    SettingsStore settings =
        new SettingsStore(backend.settingsJson(), backend.defaults(), backend.settingsSchema());
    JsonConvert json = new JsonConvert(mapper);
    RequestRunner requests = new RequestRunner(executors.requests());
    ConfigurationHandler configuration =
        new ConfigurationHandler(settings, context::client, json::toJackson, executors.requests());
    PrivacyFilter privacy = new PrivacyFilter(context::roots, () -> settings.current().privacy());
    WorkDoneProgressFactory progressFactory = new WorkDoneProgressFactory(context);

    // The session's own model settings: models, routes, deadlines... parsed from its settings.
    AtomicReference<ModelSettings> modelSettings =
        new AtomicReference<>(parseModelSettings(settings.current()).settings());
    EgressLog egress =
        new EgressLog(() -> settings.current().audit().egressLog(), mapper, executors.background());
    ModelGateway gateway = backend.gatewayFor(id, modelSettings::get, egress);
    // Everything this session sends to a model is redacted of secret-looking strings. A command may
    // pick its model ({"model": ...} as last argument); the override sits in front of the
    // redaction.
    // At most ModelCallLimiter.DEFAULT_MAX_IN_FLIGHT model requests of this session run at once.
    // ModelActivity observes the calls for the codeloop/status notification.
    ModelActivity activity =
        new ModelActivity(
            new ModelCallLimiter(new RedactingModelGateway(gateway, privacy::redactor)));
    ModelOverrideGateway models = new ModelOverrideGateway(activity);
    StatusNotifier status =
        new StatusNotifier(
            context,
            activity,
            () -> settings.trust().trusted(),
            () ->
                gateway instanceof SessionRouter r
                    ? r.route(Task.COMPLETION).stream().findFirst()
                    : Optional.empty(),
            executors.scheduler());

    Optional<EmbeddedModelFeeder> feeder = embeddedFeeder(documents, settings, privacy);
    Consumer<List<Path>> indexRoots =
        roots -> {
          if (settings.current().embedded().indexWorkspace()) {
            feeder.ifPresent(f -> f.indexRoots(roots, progressFactory));
          }
        };
    AcceptanceStats completionStats = new AcceptanceStats();
    CompletionEngine completion =
        completionEngine(documents, settings, privacy, models, completionStats);
    ActionWiring.Actions actions =
        ActionWiring.build(
            documents,
            settings,
            context,
            json,
            models,
            privacy,
            progressFactory,
            mapper,
            backend.paths().answersDir(),
            executors.scheduler());
    // Tool runs (checks, tests): the session's own processes, read on the tools pool, killed when
    // the session ends.
    ProcessRunner toolRunner =
        new ProcessRunner(executors.tools(), executors.scheduler(), backend.env());
    // where the tools run on unsaved buffers: one copy per root, under the temporary folder
    // (private to the user), deleted when the session ends
    ShadowWorkspaces shadows =
        new ShadowWorkspaces(
            Path.of(System.getProperty("java.io.tmpdir")), ProcessHandle.current().pid(), id);
    CommandRegistry commands =
        commands(
            settings,
            context,
            actions,
            completionStats,
            gateway instanceof SessionRouter r ? r : null,
            toolRunner,
            progressFactory,
            diagnostics,
            documents,
            models,
            privacy,
            shadows);

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
              // bulk work begins (the workspace's index): watch the heap from now on
              backend.heapTrimmer().watch();
              indexRoots.accept(context.roots());
              status.start();
              // the first completion must not pay for cold clients inside its deadline; then the
              // local Ollama probe (an HTTP client and one GET to 127.0.0.1), which the first
              // request would otherwise start, its class loading and JIT beside that request
              if (gateway instanceof SessionRouter router) {
                router
                    .warmUpAsync(Task.COMPLETION, executors.background())
                    .whenComplete((done, failed) -> router.startProbe());
              }
            },
            backend.version(),
            backend.paths().settingsFile());
    settings.addListener(u -> configuration.report(u.problems()));
    settings.addListener(new TrustNotifier(context::client));
    settings.addListener(u -> backend.processLog().accept(u.settings().log()));
    settings.addListener(
        u -> {
          ParsedModels parsed = parseModelSettings(u.settings());
          modelSettings.set(parsed.settings());
          configuration.report(parsed.problems());
        });
    // after the model settings: the status shows the route's model, read when it is sent
    settings.addListener(u -> status.changed());
    backend.processLog().accept(settings.current().log());

    CodeloopTextDocumentService textDocuments =
        new CodeloopTextDocumentService(
            documents,
            requests,
            new InlineCompletionHandler(completion),
            new CompletionHandler(
                completion,
                documents,
                new CompletionMenu(
                    backend.embedded().map(m -> (WordRanker) m),
                    privacy,
                    () -> settings.current().embedded().enabled()),
                () -> context.capabilities().completionItemDefaults()),
            actions.propose(),
            actions.resolve(),
            new DocumentDiagnosticHandler(diagnostics));
    CodeloopWorkspaceService workspace =
        new CodeloopWorkspaceService(
            commands,
            requests,
            json,
            configuration,
            models,
            new WorkspaceFoldersHandler(context, indexRoots, settings::setRoots),
            new WorkspaceDiagnosticHandler(diagnostics));
    CodeloopLanguageServer server =
        new CodeloopLanguageServer(
            lifecycle, context, initialize, textDocuments, workspace, requests, toolRunner::close);
    return new LspSession(
        id,
        onlySession,
        executors.context(),
        server,
        context,
        lifecycle,
        settings,
        in,
        out,
        () -> {
          requests.cancelAll();
          toolRunner.close();
          shadows.close(); // a tool still ending may keep a file: the next server sweeps it
          documents.closeAll();
          onClose.run();
        },
        MAX_MESSAGE_BYTES,
        new UnappliedNotificationHandler(documents, context::client),
        backend.messageValidator());
  }

  /** The embedded model learns the workspace and this session's open documents. */
  private Optional<EmbeddedModelFeeder> embeddedFeeder(
      DocumentStore documents, SettingsStore settings, PrivacyFilter privacy) {
    ServerExecutors executors = backend.executors();
    Optional<EmbeddedModelFeeder> feeder =
        backend
            .embedded()
            .map(
                m ->
                    new EmbeddedModelFeeder(
                        m,
                        documents,
                        new Debouncer<>(executors.scheduler(), executors.background()),
                        privacy,
                        backend.indexedRoots(),
                        () -> settings.current().embedded().enabled(),
                        () -> sharedModelDir(settings.current().embedded().sharedModelDir()),
                        () -> Duration.ofMillis(settings.current().embedded().stableAfterMs()),
                        () -> indexLimits(settings.current().embedded()),
                        backend.heapTrimmer()::request));
    feeder.ifPresent(documents::addListener);
    return feeder;
  }

  /** The user's budgets of one index run of a workspace root. */
  private static IndexLimits indexLimits(ServerSettings.EmbeddedSettings embedded) {
    return new IndexLimits(
        embedded.maxFiles(),
        embedded.maxFileKb() * 1024L,
        embedded.maxModelMb() * 1024L * 1024L,
        List.of(),
        embedded.platformLibrary());
  }

  private static Optional<Path> sharedModelDir(String dir) {
    return dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir));
  }

  /** Completion (inline and list): one engine per session over the session's gateway. */
  private CompletionEngine completionEngine(
      DocumentStore documents,
      SettingsStore settings,
      PrivacyFilter privacy,
      ModelGateway models,
      AcceptanceStats stats) {
    RecentDocuments recentDocuments = new RecentDocuments(16);
    documents.addListener(recentDocuments);
    CompletionEngine engine =
        new CompletionEngine(
            documents,
            privacy,
            new ContextBuilder(
                documents, recentDocuments, privacy, () -> settings.current().completion()),
            new PostProcessor(),
            new CompletionCache(() -> settings.current().completion().cacheEntries()),
            new Debouncing(),
            stats,
            models,
            backend.executors().scheduler(),
            backend.executors().requests(),
            () -> settings.current().completion());
    documents.addListener(
        new DocumentListener() {
          @Override
          public void closed(String uri) {
            engine.forget(uri);
          }
        });
    return engine;
  }

  private CommandRegistry commands(
      SettingsStore settings,
      SessionContext context,
      ActionWiring.Actions actions,
      AcceptanceStats completionStats,
      SessionRouter router,
      ProcessRunner toolRunner,
      Progress.Factory progress,
      DiagnosticsStore diagnosticsStore,
      DocumentStore documents,
      ModelGateway models,
      PrivacyFilter privacy,
      ShadowWorkspaces shadows) {
    ObjectMapper mapper = backend.settingsJson().mapper();
    ToolDetector detector = new ToolDetector(ToolDetector.pathLookup(backend.env().get("PATH")));
    ToolRunCommand.Session toolSession =
        new ToolRunCommand.Session(
            context::roots,
            () -> settings.current().tools(),
            () -> settings.trust().trusted(),
            progress,
            () -> UnsavedBuffers.of(documents),
            shadows);
    DiagnosticsPublisher diagnostics =
        new DiagnosticsPublisher(diagnosticsStore, context::client, context::capabilities);
    CompletionStatsCommand completionStatsCommand =
        new CompletionStatsCommand(completionStats, mapper);
    ShowToolsCommand showTools =
        new ShowToolsCommand(detector, backend.parsers(), toolSession, mapper);
    CommandRegistry.Builder builder =
        CommandRegistry.builder()
            .register(Commands.SHOW_SETTINGS, new ShowSettingsCommand(settings, mapper))
            .register(
                Commands.TRUST_WORKSPACE,
                new TrustWorkspaceCommand(
                    settings, backend.paths().settingsFile(), context::roots, mapper))
            .register(Commands.ACCEPT_COMPLETION, new AcceptCompletionCommand(completionStats))
            .register(Commands.COMPLETION_STATS, completionStatsCommand)
            .register(Commands.SHOW_TOOLS, showTools);
    ToolRunCommand runTests = null;
    ToolRunCommand runChecks = null;
    for (Kind kind : Kind.values()) {
      ToolRunCommand run =
          new ToolRunCommand(
              kind,
              detector,
              toolRunner,
              backend.parsers(),
              diagnostics,
              toolSession,
              backend.executors().tools(),
              mapper);
      builder.register(kind == Kind.CHECK ? Commands.RUN_CHECKS : Commands.RUN_TESTS, run);
      if (kind == Kind.CHECK) {
        // tools.checkOnSave: a save runs its root's checks once saves pause
        documents.addListener(
            new CheckOnSave(
                run,
                context::roots,
                () -> settings.current().tools(),
                () -> settings.trust().trusted(),
                new Debouncer<>(backend.executors().scheduler(), backend.executors().background()),
                CheckOnSave.QUIET));
        runChecks = run;
      } else {
        runTests = run;
      }
    }
    // tools.verifyActions: AI edits are checked and tested in the shadow copy before they are shown
    ToolRunCommand checksRun = runChecks;
    ToolRunCommand testsRun = runTests;
    actions
        .resolve()
        .verifyWith(
            documents,
            () -> settings.current().tools().verifyActions(),
            () -> settings.trust().trusted(),
            context::roots,
            proposed -> checksRun.runAsync(context.roots(), Optional.empty(), proposed, false),
            proposed -> testsRun.runAsync(context.roots(), Optional.empty(), proposed, false));
    // The plan -> implement -> test -> fix loop: tests through the same runner, edits through one
    // versioned workspace/applyEdit.
    ModelPrompter prompter = new ModelPrompter(models);
    PlanStore plans = new PlanStore(context::roots, Clock.systemUTC());
    PlanCommand plan =
        new PlanCommand(
            actions.commands().get(Commands.PLAN),
            prompter,
            new ReplyParser(mapper),
            plans,
            context::roots,
            privacy::excluded,
            mapper);
    FixLoop loop =
        new FixLoop(
            runTests::runAsync,
            prompter,
            new LspWorkspaceEditor(context, documents, ActionWiring.CLIENT_TIMEOUT),
            context::roots,
            privacy::excluded,
            progress,
            mapper,
            plan::planWorkspace,
            plans);
    // codeloop.plan: the plan action on a document, wrapped to save the plan and to plan a
    // workspace
    actions.commands().entrySet().stream()
        .filter(e -> !e.getKey().equals(Commands.PLAN))
        .forEach(e -> builder.register(e.getKey(), e.getValue()));
    builder
        .register(Commands.PLAN, plan)
        .register(
            Commands.FIX_FAILING_TESTS,
            new WorkflowCommand(
                false, loop, () -> settings.trust().trusted(), () -> settings.current().workflow()))
        .register(
            Commands.IMPLEMENT,
            new WorkflowCommand(
                true, loop, () -> settings.trust().trusted(), () -> settings.current().workflow()));
    if (router != null) {
      new ModelCommands(
              router,
              mapper,
              () -> {
                ObjectNode node = mapper.createObjectNode();
                node.setAll((ObjectNode) completionStatsCommand.execute(null, () -> {}));
                backend
                    .embeddedNow()
                    .ifPresent(m -> node.set("embedded", mapper.valueToTree(m.stats())));
                return node;
              },
              showTools::markdown)
          .registerInto(builder);
    }
    return builder.build();
  }

  private record ParsedModels(ModelSettings settings, List<SettingsProblem> problems) {}

  /**
   * The {@code models}/{@code routes}/… part of a session's settings. Untrusted layers had literal
   * keys removed by the SettingsStore; what remains came from trusted ones.
   */
  private ParsedModels parseModelSettings(ServerSettings settings) {
    ModelSettings parsed = ModelSettings.parse(settings.tree(), SettingsSource.USER, backend.env());
    return new ParsedModels(parsed, parsed.problems());
  }
}
