package dev.codeloop.bench.serving;

import dev.codeloop.lsp.handler.NullLanguageClient;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A server process started by a shell command line (for example {@code server/target/codeloop
 * --stdio}, so that the launcher's JVM flags and class-data archive are what is timed), talking LSP
 * over its standard streams to an LSP4J client in this JVM. Its standard error is this process's.
 */
final class SpawnedServer implements AutoCloseable {
  private final Process process;
  private final LanguageServer server;
  private final Future<Void> listening;
  private final ExecutorService clientThreads;

  private SpawnedServer(
      Process process,
      LanguageServer server,
      Future<Void> listening,
      ExecutorService clientThreads) {
    this.process = process;
    this.server = server;
    this.listening = listening;
    this.clientThreads = clientThreads;
  }

  /** Runs {@code command} with {@code sh -c}, {@code env} added to this process's environment. */
  static SpawnedServer start(String command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", command);
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process = pb.start();
    ExecutorService clientThreads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "spawned-lsp-client");
              t.setDaemon(true);
              return t;
            });
    var launcher =
        LSPLauncher.createClientLauncher(
            new NullLanguageClient(),
            process.getInputStream(),
            process.getOutputStream(),
            clientThreads,
            null);
    return new SpawnedServer(
        process, launcher.getRemoteProxy(), launcher.startListening(), clientThreads);
  }

  LanguageServer server() {
    return server;
  }

  /** Waits up to 10 s for the process to end (after {@code exit}), then ends it. */
  @Override
  public void close() throws InterruptedException {
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    listening.cancel(true);
    clientThreads.shutdown();
  }
}
