package dev.codeloop.bench;

import dev.codeloop.ServerComponents;
import dev.codeloop.lsp.LspSession;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A session of {@code components} on its own thread, talking JSON-RPC over in-memory pipes to an
 * LSP4J client: what the benches time as "the LSP path" (both sides' JSON and the dispatch thread
 * included, no process or socket).
 */
public final class PipedLspConnection implements AutoCloseable {

  private final LanguageServer server;
  private final Thread session;
  private final Future<Void> listening;
  private final OutputStream toServer;

  private PipedLspConnection(
      LanguageServer server, Thread session, Future<Void> listening, OutputStream toServer) {
    this.server = server;
    this.session = session;
    this.listening = listening;
    this.toServer = toServer;
  }

  /** Starts a session of {@code components} and connects {@code client} to it. */
  public static PipedLspConnection open(ServerComponents components, LanguageClient client)
      throws IOException {
    // NIO pipes, not java.io's piped streams: those fail the reader ("Write end dead") once a
    // thread that wrote has ended, and the server writes from short-lived pool threads.
    java.nio.channels.Pipe up = java.nio.channels.Pipe.open();
    java.nio.channels.Pipe down = java.nio.channels.Pipe.open();
    java.io.InputStream serverIn = java.nio.channels.Channels.newInputStream(up.source());
    OutputStream toServer = java.nio.channels.Channels.newOutputStream(up.sink());
    java.io.InputStream clientIn = java.nio.channels.Channels.newInputStream(down.source());
    OutputStream fromServer = java.nio.channels.Channels.newOutputStream(down.sink());
    LspSession session = components.newSession(serverIn, fromServer, () -> {}, () -> {});
    Thread thread = new Thread(session::run, "bench-session");
    thread.setDaemon(true);
    thread.start();
    var launcher = LSPLauncher.createClientLauncher(client, clientIn, toServer);
    return new PipedLspConnection(
        launcher.getRemoteProxy(), thread, launcher.startListening(), toServer);
  }

  public LanguageServer server() {
    return server;
  }

  /** Waits up to {@code millis} for the session thread to end (after {@code exit}). */
  public void awaitSessionEnd(long millis) throws InterruptedException {
    session.join(millis);
  }

  @Override
  public void close() throws IOException {
    listening.cancel(true);
    toServer.close();
  }
}
