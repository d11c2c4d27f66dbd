package dev.codeloop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.completion.CompletionEngine;
import dev.codeloop.completion.Debouncing;
import dev.codeloop.completion.cache.CompletionCache;
import dev.codeloop.completion.context.ContextBuilder;
import dev.codeloop.completion.context.RecentDocuments;
import dev.codeloop.completion.post.PostProcessor;
import dev.codeloop.completion.stats.AcceptCompletionCommand;
import dev.codeloop.completion.stats.AcceptanceStats;
import dev.codeloop.completion.stats.CompletionStatsCommand;
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
import dev.codeloop.lsp.capability.ServerCapabilitiesFactory;
import dev.codeloop.lsp.handler.CompletionHandler;
import dev.codeloop.lsp.handler.ConfigurationHandler;
import dev.codeloop.lsp.handler.InlineCompletionHandler;
import dev.codeloop.lsp.handler.InitializeHandler;
import dev.codeloop.lsp.jsonrpc.Lifecycle;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.settings.SettingsJson;
import dev.codeloop.settings.SettingsLayer;
import dev.codeloop.settings.SettingsStore;
import dev.codeloop.workspace.command.CommandRegistry;
import dev.codeloop.workspace.command.Commands;
import dev.codeloop.workspace.command.ShowSettingsCommand;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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
  private final SettingsJson settingsJson = new SettingsJson();
  private final ObjectNode defaults;
  private final Optional<Path> userSettingsFile;
  private final Map<String, String> env;
  private final String version;
  private final AcceptanceStats completionStats = new AcceptanceStats();

  /**
   * @param models the model gateway shared by all sessions (the router in production, a fake in tests)
   */
  public ServerComponents(
      ServerExecutors executors, ModelGateway models, Map<String, String> env, String version) {
    this.executors = executors;
    this.models = models;
    this.env = Map.copyOf(env);
    this.version = version;
    this.defaults = loadDefaults(settingsJson);
    this.userSettingsFile = userSettingsFile(this.env);
  }

  private static ObjectNode loadDefaults(SettingsJson json) {
    try (InputStream in = ServerComponents.class.getResourceAsStream("/codeloop/default-settings.json")) {
      if (in == null) {
        throw new IllegalStateException("default settings missing from the jar");
      }
      return json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-settings.json");
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
    return home == null ? Optional.empty() : Optional.of(Path.of(home, ".config", "codeloop", "config.json"));
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
  public LspSession newSession(InputStream in, OutputStream out, Runnable onParentDeath, Runnable onClose) {
    Lifecycle lifecycle = new Lifecycle();
    SessionContext context = new SessionContext();
    DocumentStore documents = new DocumentStore();
    SettingsStore settings = new SettingsStore(settingsJson, defaults);
    userSettingsFile.ifPresent(f -> settings.loadFile(SettingsLayer.USER_FILE, f));
    JsonConvert json = new JsonConvert(settingsJson.mapper());
    RequestRunner requests = new RequestRunner(executors.requests());

    ConfigurationHandler configuration =
        new ConfigurationHandler(settings, context::client, json::toJackson, executors.requests());

    // Completion (inline and list): one engine per session over the shared model gateway.
    PrivacyFilter privacy = new PrivacyFilter(context::roots, () -> settings.current().privacy());
    RecentDocuments recentDocuments = new RecentDocuments(16);
    documents.addListener(recentDocuments);
    CompletionEngine completionEngine =
        new CompletionEngine(
            documents,
            privacy,
            new ContextBuilder(documents, recentDocuments, privacy, () -> settings.current().completion()),
            new PostProcessor(),
            new CompletionCache(() -> settings.current().completion().cacheEntries()),
            new Debouncing(),
            completionStats,
            models,
            executors.models(),
            () -> settings.current().completion());
    documents.addListener(
        new DocumentListener() {
          @Override
          public void closed(String uri) {
            completionEngine.forget(uri);
          }
        });

    CommandRegistry commands =
        CommandRegistry.builder()
            .register(Commands.SHOW_SETTINGS, new ShowSettingsCommand(settings, settingsJson.mapper()))
            .register(Commands.ACCEPT_COMPLETION, new AcceptCompletionCommand(completionStats))
            .register(
                Commands.COMPLETION_STATS, new CompletionStatsCommand(completionStats, settingsJson.mapper()))
            .build();

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
            },
            version);
    settings.addListener(u -> configuration.report(u.problems()));

    CodeloopTextDocumentService textDocuments =
        new CodeloopTextDocumentService(
            documents,
            requests,
            new InlineCompletionHandler(completionEngine),
            new CompletionHandler(completionEngine, documents));
    CodeloopWorkspaceService workspace = new CodeloopWorkspaceService(commands, requests, json, configuration);
    CodeloopLanguageServer server =
        new CodeloopLanguageServer(lifecycle, context, initialize, textDocuments, workspace, requests, () -> {});
    return new LspSession(server, context, lifecycle, settings, in, out, onClose, MAX_MESSAGE_BYTES);
  }

  @Override
  public void close() {
    executors.close();
  }
}
