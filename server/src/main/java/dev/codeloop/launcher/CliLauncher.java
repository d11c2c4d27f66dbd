package dev.codeloop.launcher;

import dev.codeloop.ServerComponents;
import dev.codeloop.cli.CodeloopCli;
import dev.codeloop.cli.ServerConnector;
import dev.codeloop.concurrent.BytePipe;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.settings.ServerSettings.LogLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command of the command line ({@code dev.codeloop.cli}) with, unless it connects to a
 * running server, a server session in this process: the real backend and session from the
 * composition root, joined to the command line's LSP client by pipes. Logs go to stderr at warning
 * level ({@code --verbose}: info).
 */
final class CliLauncher {
  private CliLauncher() {}

  static int run(String[] args, PrintStream out, PrintStream stderr, String version) {
    List<String> list = List.of(args);
    boolean verbose = list.contains("--verbose");
    try {
      LoggingSetup.configure(verbose ? LogLevel.INFO : LogLevel.WARNING, null, stderr);
    } catch (IOException | IllegalArgumentException e) {
      stderr.println("codeloop: " + e.getMessage());
      return 2;
    }
    ServerConnector inProcess = () -> inProcessSession(version, stderr);
    return new CodeloopCli(out, stderr, inProcess, Path.of("").toAbsolutePath()).run(list);
  }

  private static ServerConnector.Connection inProcessSession(String version, PrintStream stderr)
      throws IOException {
    ServerComponents components =
        ServerComponents.production(
            ServerExecutors.defaults(),
            System.getenv(),
            version,
            LoggingSetup.settingsSink(true, stderr),
            false);
    // BytePipe, not an NIO pipe: a request cancelled on a pool thread could close an NIO channel
    BytePipe toServer = new BytePipe();
    BytePipe toClient = new BytePipe();
    InputStream serverIn = toServer.in();
    OutputStream serverOut = toClient.out();
    InputStream clientIn = toClient.in();
    OutputStream clientOut = toServer.out();
    var session = components.newSession(serverIn, serverOut, () -> {}, () -> {});
    Thread thread = new Thread(session::run, "codeloop-cli-session");
    thread.setDaemon(true);
    thread.start();
    return new ServerConnector.Connection() {
      @Override
      public InputStream fromServer() {
        return clientIn;
      }

      @Override
      public OutputStream toServer() {
        return clientOut;
      }

      @Override
      public void close() {
        try {
          clientOut.close();
          thread.join(5000);
        } catch (IOException ignored) {
          // the session ends with the stream either way
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          components.close();
        }
      }
    };
  }
}
