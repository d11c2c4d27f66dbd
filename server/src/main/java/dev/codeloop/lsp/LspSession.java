package dev.codeloop.lsp;

import dev.codeloop.lsp.jsonrpc.JsonRpcConnection;
import dev.codeloop.lsp.jsonrpc.Lifecycle;
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

  public LspSession(
      CodeloopLanguageServer server,
      SessionContext context,
      Lifecycle lifecycle,
      SettingsStore settings,
      InputStream in,
      OutputStream out,
      Runnable onClose,
      long maxMessageBytes) {
    this.onClose = onClose;
    this.lifecycle = lifecycle;
    this.connection =
        new JsonRpcConnection(
            server,
            LanguageClient.class,
            in,
            out,
            lifecycle,
            new ErrorMapper(),
            code -> {},
            maxMessageBytes);
    LanguageClient client = connection.remoteProxy(LanguageClient.class);
    server.connect(client);
    this.logHandler = new ClientLogHandler(client);
    logHandler.setLevel(settings.current().log().clientLevel());
    settings.addListener(u -> logHandler.setLevel(u.settings().log().clientLevel()));
  }

  /**
   * Serves the connection until {@code exit} or end of stream; returns the exit code the LSP spec
   * asks for: 0 after {@code shutdown}, 1 otherwise.
   */
  public int run() {
    Logger root = Logger.getLogger("");
    root.addHandler(logHandler);
    try {
      connection.run();
    } finally {
      root.removeHandler(logHandler);
      onClose.run();
    }
    return lifecycle.exitCode();
  }
}
