package dev.codeloop.launcher;

import dev.codeloop.ServerComponents;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.settings.ServerSettings.LogLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

/** Entry point: {@code java -jar codeloop.jar [--stdio | --tcp PORT | demo …]}. */
public final class ServerLauncher {
  private ServerLauncher() {}

  public static void main(String[] args) {
    PrintStream stderr = System.err;
    StdioGuard guard = StdioGuard.install();
    if (args.length > 0 && dev.codeloop.cli.CodeloopCli.isCommand(args[0])) {
      var out = new PrintStream(guard.protocolOut(), true, java.nio.charset.StandardCharsets.UTF_8);
      System.exit(CliLauncher.run(args, out, stderr, version()));
    }
    LaunchOptions options;
    try {
      options = LaunchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      stderr.println("codeloop: " + e.getMessage());
      stderr.println(LaunchOptions.USAGE);
      System.exit(2);
      return;
    }
    String version = version();
    PrintStream out = new PrintStream(guard.protocolOut(), true);
    switch (options.mode()) {
      case HELP -> {
        out.print(LaunchOptions.USAGE);
        out.flush();
        return;
      }
      case VERSION -> {
        out.println("codeloop " + version);
        return;
      }
      default -> {}
    }
    try {
      LogLevel level = options.logLevel().map(LoggingSetup::parseLevel).orElse(LogLevel.INFO);
      LoggingSetup.configure(level, options.logFile().orElse(null), stderr);
    } catch (IOException | IllegalArgumentException e) {
      stderr.println("codeloop: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.mode() == LaunchOptions.Mode.DEMO) {
      System.exit(new HeadlessDemo(out, stderr).run(options.rest()));
      return;
    }
    // Start-up is dominated by class loading: load the JSON-RPC/LSP side on a second thread while
    // this
    // one builds the backend (settings, Jackson), so both halves load in parallel.
    Thread warmUp = new Thread(ServerLauncher::preloadProtocolClasses, "codeloop-warmup");
    warmUp.setDaemon(true);
    warmUp.start();
    ServerComponents components =
        ServerComponents.production(
            ServerExecutors.defaults(),
            System.getenv(),
            version,
            LoggingSetup.settingsSink(options.logLevel().isPresent(), stderr),
            options.mode() == LaunchOptions.Mode.TCP);
    if (options.mode() == LaunchOptions.Mode.TCP) {
      runTcp(components, options.tcpPort().orElse(0), stderr);
    } else {
      runStdio(components, System.in, guard);
    }
  }

  private static void runStdio(ServerComponents components, InputStream in, StdioGuard guard) {
    var session =
        components.newSession(
            in,
            guard.protocolOut(),
            () -> {
              components.close();
              Runtime.getRuntime().halt(1);
            },
            () -> {});
    int code = session.run();
    components.close();
    System.exit(code);
  }

  private static void runTcp(ServerComponents components, int port, PrintStream stderr) {
    try (TcpServer server = new TcpServer(components, port)) {
      stderr.println("codeloop listening on 127.0.0.1:" + server.port());
      stderr.flush();
      server.serve();
    } catch (IOException e) {
      stderr.println("codeloop: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
      System.exit(2);
    } finally {
      components.close();
    }
  }

  /**
   * Touches the LSP4J and Gson classes every session needs (reflection over the service
   * interfaces).
   */
  private static void preloadProtocolClasses() {
    try {
      java.util.Map<String, org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod> methods =
          new java.util.LinkedHashMap<>(
              org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints.getSupportedMethods(
                  org.eclipse.lsp4j.services.LanguageClient.class));
      methods.putAll(
          org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints.getSupportedMethods(
              dev.codeloop.lsp.CodeloopLanguageServer.class));
      var handler = new org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler(methods);
      handler.parseMessage(
          "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
      // and the reply's side: capabilities built and serialized the way the session will
      var response = new org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage();
      response.setId("0");
      response.setResult(
          new org.eclipse.lsp4j.InitializeResult(
              new dev.codeloop.lsp.capability.ServerCapabilitiesFactory()
                  .create(
                      dev.codeloop.lsp.capability.ClientCapabilitiesView.of(null),
                      dev.codeloop.settings.ServerSettings.defaults(
                          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                              .objectNode()),
                      java.util.List.of("warm.up"),
                      dev.codeloop.document.PositionEncoding.UTF16)));
      handler.serialize(response);
    } catch (RuntimeException | LinkageError e) {
      // only a warm-up: the session loads whatever is missing itself
    }
  }

  static String version() {
    try (InputStream in =
        ServerLauncher.class.getResourceAsStream("/codeloop/version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "dev");
      }
    } catch (IOException ignored) {
      // fall through
    }
    return "dev";
  }
}
