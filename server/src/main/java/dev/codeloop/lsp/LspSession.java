package dev.codeloop.lsp;

import dev.codeloop.concurrent.TaskContext;
import dev.codeloop.lsp.jsonrpc.EarlyStart;
import dev.codeloop.lsp.jsonrpc.JsonRpcConnection;
import dev.codeloop.lsp.jsonrpc.Lifecycle;
import dev.codeloop.lsp.jsonrpc.MessageValidator;
import dev.codeloop.settings.SettingsStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.logging.Logger;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * One editor connection: its own lifecycle, documents, settings and client, over one pair of
 * streams. Built by the composition root; {@link #run()} blocks the calling thread (the session's
 * dispatch thread) until the stream ends or {@code exit} arrives.
 */
public final class LspSession {
  private final JsonRpcConnection connection;
  private final ClientLogHandler logHandler;
  private final Runnable onClose;
  private final Lifecycle lifecycle;
  private final TaskContext tasks;
  private final String id;
  private final CodeloopLanguageServer server;

  /**
   * @param id this session's name in logs and in the {@link TaskContext} of its work
   * @param onlySession whether this is the process's only session (stdio): then it also receives
   *     the backend's log lines that belong to no session
   */
  public LspSession(
      String id,
      boolean onlySession,
      TaskContext tasks,
      CodeloopLanguageServer server,
      SessionContext context,
      Lifecycle lifecycle,
      SettingsStore settings,
      InputStream in,
      OutputStream out,
      Runnable onClose,
      long maxMessageBytes,
      JsonRpcConnection.NotificationFailures notificationFailures,
      MessageValidator validator) {
    this.id = id;
    this.tasks = tasks;
    this.onClose = onClose;
    this.lifecycle = lifecycle;
    this.server = server;
    this.connection =
        new JsonRpcConnection(
            server,
            LanguageClient.class,
            in,
            out,
            lifecycle,
            new ErrorMapper(),
            code -> {},
            maxMessageBytes,
            notificationFailures,
            validator,
            ProtocolGson::configure);
    LanguageClient client = connection.remoteProxy(LanguageClient.class);
    server.connect(client);
    context.setStatusClient(connection.remoteProxy(CodeloopClient.class));
    this.logHandler = new ClientLogHandler(client, tasks, id, onlySession);
    logHandler.setLevel(settings.current().log().clientLevel());
    settings.addListener(u -> logHandler.setLevel(u.settings().log().clientLevel()));
  }

  /**
   * Serves the connection until {@code exit} or end of stream; returns the exit code the LSP spec
   * asks for: 0 after {@code shutdown}, 1 otherwise.
   */
  public int run() {
    return run(EarlyStart.none());
  }

  /** As {@link #run()}, after {@code start} read the first message (and perhaps answered it). */
  public int run(EarlyStart start) {
    if (start.answered() != null) {
      server.answeredEarly();
    }
    Logger root = Logger.getLogger("");
    root.addHandler(logHandler);
    // Work started from the dispatch thread (requests, notifications) carries this session's id
    // through the backend's executors.
    tasks.enter(id);
    try {
      connection.run(start);
    } finally {
      tasks.clear();
      root.removeHandler(logHandler);
      onClose.run();
    }
    return lifecycle.exitCode();
  }
}
