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
  private final dev.codeloop.concurrent.BytePipe toClient;
  private final java.util.concurrent.ExecutorService clientThreads;

  private PipedLspConnection(
      LanguageServer server,
      Thread session,
      Future<Void> listening,
      OutputStream toServer,
      dev.codeloop.concurrent.BytePipe toClient,
      java.util.concurrent.ExecutorService clientThreads) {
    this.server = server;
    this.session = session;
    this.listening = listening;
    this.toServer = toServer;
    this.toClient = toClient;
    this.clientThreads = clientThreads;
  }

  /** Starts a session of {@code components} and connects {@code client} to it. */
  public static PipedLspConnection open(ServerComponents components, LanguageClient client)
      throws IOException {
    // BytePipe: java.io's piped streams fail the reader ("Write end dead") once a thread that wrote
    // has ended, and NIO pipes close for good when a writing thread is interrupted.
    dev.codeloop.concurrent.BytePipe up = new dev.codeloop.concurrent.BytePipe();
    dev.codeloop.concurrent.BytePipe down = new dev.codeloop.concurrent.BytePipe();
    java.io.InputStream serverIn = up.in();
    OutputStream toServer = up.out();
    java.io.InputStream clientIn = down.in();
    OutputStream fromServer = down.out();
    LspSession session = components.newSession(serverIn, fromServer, () -> {}, () -> {});
    Thread thread = new Thread(session::run, "bench-session");
    thread.setDaemon(true);
    thread.start();
    java.util.concurrent.ExecutorService clientThreads =
        java.util.concurrent.Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "piped-lsp-client");
              t.setDaemon(true);
              return t;
            });
    var launcher =
        LSPLauncher.createClientLauncher(client, clientIn, toServer, clientThreads, null);
    return new PipedLspConnection(
        launcher.getRemoteProxy(),
        thread,
        launcher.startListening(),
        toServer,
        down,
        clientThreads);
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
    toClient.close(); // the client's reader thread ends (a socket's close does this for a real one)
    clientThreads.shutdown();
  }
}
