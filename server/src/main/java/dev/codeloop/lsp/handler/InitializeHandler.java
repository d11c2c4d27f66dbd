package dev.codeloop.lsp.handler;

import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.PositionEncoding;
import dev.codeloop.lsp.SessionContextWriter;
import dev.codeloop.lsp.capability.ClientCapabilitiesView;
import dev.codeloop.lsp.capability.ServerCapabilitiesFactory;
import dev.codeloop.settings.SettingsLayer;
import dev.codeloop.settings.SettingsStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code initialize}: records the client's capabilities and negotiated position encoding
 * synchronously ({@link #prepare}), then loads workspace settings and builds the result off the
 * dispatch thread ({@link #finish}).
 */
public final class InitializeHandler {
  private static final Logger LOG = LoggerFactory.getLogger(InitializeHandler.class);

  /** What {@link #prepare} decided, handed to {@link #finish}. */
  public record Prepared(
      ClientCapabilitiesView client,
      PositionEncoding encoding,
      List<Path> roots,
      Object initOptions) {}

  private final DocumentStore documents;
  private final SettingsStore settings;
  private final SessionContextWriter context;
  private final ServerCapabilitiesFactory capabilitiesFactory;
  private final List<String> commandIds;
  private final Consumer<Long> parentWatcher;
  private final Function<Object, com.fasterxml.jackson.databind.JsonNode> toJson;
  private final Runnable afterInitialized;
  private final String version;
  private final java.util.Optional<Path> userSettingsFile;

  public InitializeHandler(
      DocumentStore documents,
      SettingsStore settings,
      SessionContextWriter context,
      ServerCapabilitiesFactory capabilitiesFactory,
      List<String> commandIds,
      Consumer<Long> parentWatcher,
      Function<Object, com.fasterxml.jackson.databind.JsonNode> toJson,
      Runnable afterInitialized,
      String version,
      java.util.Optional<Path> userSettingsFile) {
    this.userSettingsFile = userSettingsFile;
    this.documents = documents;
    this.settings = settings;
    this.context = context;
    this.capabilitiesFactory = capabilitiesFactory;
    this.commandIds = List.copyOf(commandIds);
    this.parentWatcher = parentWatcher;
    this.toJson = toJson;
    this.afterInitialized = afterInitialized;
    this.version = version;
  }

  public Prepared prepare(InitializeParams params) {
    ClientCapabilitiesView client = ClientCapabilitiesView.of(params.getCapabilities());
    PositionEncoding encoding = client.negotiateEncoding();
    documents.setEncoding(encoding);
    List<Path> roots = roots(params);
    context.setCapabilities(client);
    context.setRoots(roots);
    if (params.getClientInfo() != null) {
      context.setClientName(
          params.getClientInfo().getName()
              + (params.getClientInfo().getVersion() != null
                  ? " " + params.getClientInfo().getVersion()
                  : ""));
    }
    if (params.getProcessId() != null) {
      parentWatcher.accept(params.getProcessId().longValue());
    }
    LOG.info(
        "initialize from {} (encoding {}, roots {}, inline completion {})",
        context.clientName(),
        encoding.lspName(),
        roots,
        client.inlineCompletion());
    return new Prepared(client, encoding, roots, params.getInitializationOptions());
  }

  public InitializeResult finish(Prepared prepared, CancelChecker cancel) {
    // The trust decision is about these roots; set before the layers that depend on it load.
    settings.setRoots(prepared.roots());
    // Loaded here rather than at connect time so that problems in the file reach the user.
    userSettingsFile.ifPresent(f -> settings.loadFile(SettingsLayer.USER_FILE, f));
    if (!prepared.roots().isEmpty()) {
      settings.loadFile(
          SettingsLayer.WORKSPACE_FILE, prepared.roots().get(0).resolve(".codeloop.json"));
    }
    if (prepared.initOptions() != null) {
      try {
        var options = toJson.apply(prepared.initOptions());
        if (options != null && options.isObject()) {
          settings.setLayer(
              SettingsLayer.INITIALIZATION_OPTIONS,
              options.has("settings") ? options.get("settings") : options);
        }
      } catch (IllegalArgumentException e) {
        LOG.warn("initializationOptions ignored: {}", e.getMessage());
      }
    }
    var capabilities =
        capabilitiesFactory.create(
            prepared.client(), settings.current(), commandIds, prepared.encoding());
    return new InitializeResult(capabilities, new ServerInfo("codeloop", version));
  }

  public void initialized() {
    afterInitialized.run();
  }

  private static List<Path> roots(InitializeParams params) {
    List<String> folders = new ArrayList<>();
    if (params.getWorkspaceFolders() != null) {
      for (WorkspaceFolder f : params.getWorkspaceFolders()) {
        folders.add(f.getUri());
      }
    }
    @SuppressWarnings("deprecation")
    String rootPath = params.getRootPath();
    return WorkspaceRoots.of(
        folders,
        params.getRootUri(),
        rootPath,
        why -> LOG.warn("initialize: ignoring unusable rootPath: {}", why));
  }

  static java.util.Optional<Path> toPath(String uri) {
    return WorkspaceRoots.toPath(uri);
  }
}
