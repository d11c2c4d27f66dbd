package dev.codeloop.launcher;

import com.google.gson.JsonObject;
import dev.codeloop.ServerComponents;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.LspSession;
import dev.codeloop.lsp.capability.InitializeTree;
import dev.codeloop.lsp.handler.EarlyInitializeAnswer;
import dev.codeloop.lsp.jsonrpc.EarlyStart;
import dev.codeloop.settings.ServerSettings.LogLevel;
import dev.codeloop.settings.UserPaths;
import dev.codeloop.workspace.command.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Entry point: {@code java -jar codeloop.jar [--stdio | --tcp PORT | demo …]}. */
public final class ServerLauncher {
  private ServerLauncher() {}

  public static void main(String[] args) {
    CommonPoolSizing.applyToThisJvm(); // first: before anything touches the common pool
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
    if (options.mode() == LaunchOptions.Mode.STDIO) {
      runStdio(options, version, stderr, guard);
      return;
    }
    if (!configureLogging(options, stderr)) {
      System.exit(2);
      return;
    }
    if (options.mode() == LaunchOptions.Mode.JVM_TRAINING) {
      int code = 1;
      try {
        code = new JvmTraining(stderr, version).run(JvmTraining.keystrokes());
      } finally {
        System.exit(code); // whatever happened: the archive is written at the JVM's exit
      }
      return;
    }
    if (options.mode() == LaunchOptions.Mode.DEMO) {
      System.exit(new HeadlessDemo(out, stderr).run(options.rest()));
      return;
    }
    startProtocolWarmUp();
    runTcp(components(options, version, stderr), options.tcpPort().orElse(0), stderr);
  }

  /** Applies {@code --log-level} and {@code --log-file}; false (reported) if they are unusable. */
  private static boolean configureLogging(LaunchOptions options, PrintStream stderr) {
    try {
      LogLevel level = options.logLevel().map(LoggingSetup::parseLevel).orElse(LogLevel.INFO);
      LoggingSetup.configure(level, options.logFile().orElse(null), stderr);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      stderr.println("codeloop: " + e.getMessage());
      return false;
    }
  }

  /**
   * Start-up is dominated by class loading: loads the JSON-RPC/LSP side on a thread of its own
   * while another builds the backend (settings, Jackson), so both halves load in parallel.
   */
  static void startProtocolWarmUp() {
    Thread warmUp = new Thread(ServerLauncher::preloadProtocolClasses, "codeloop-warmup");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  private static ServerComponents components(
      LaunchOptions options, String version, PrintStream stderr) {
    return ServerComponents.production(
        ServerExecutors.defaults(),
        System.getenv(),
        version,
        LoggingSetup.settingsSink(options.logLevel().isPresent(), stderr),
        options.mode() == LaunchOptions.Mode.TCP);
  }

  /** The backend and the editor's session, built on the start-up thread. */
  private record Started(ServerComponents components, LspSession session) {}

  /**
   * Builds the backend and the session on the {@code codeloop-startup} thread while this one reads
   * the editor's first message and, when it is an {@code initialize} request, answers it from its
   * JSON alone ({@link EarlyInitializeAnswer}): the editor has its answer before LSP4J, Jackson and
   * the session are loaded. The session then reads that message again (and everything after it, in
   * order), initializes as always and does not answer it twice.
   */
  private static void runStdio(
      LaunchOptions options, String version, PrintStream stderr, StdioGuard guard) {
    Startup startup = new Startup(options, version, stderr, guard);
    startup.start();
    EarlyStart early =
        answerInitializeFirst(System.in, guard.protocolOut(), System.getenv(), version);
    // This is the launcher's own thread, not yet the dispatch thread: it waits here once, for the
    // session it is about to run (messages arriving meanwhile stay queued in the pipe, in order).
    Started s;
    try {
      s = startup.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(1);
      return;
    } catch (RuntimeException | Error e) {
      stderr.println("codeloop: the server could not start: " + e);
      e.printStackTrace(stderr);
      System.exit(1);
      return;
    }
    int code = s.session().run(early);
    s.components().close();
    System.exit(code);
  }

  /**
   * Reads an editor's first message from {@code in} and, when it is an {@code initialize} request
   * it can be sure of, answers it on {@code out} at once from its JSON and the user settings file
   * that {@code env} names; the session then runs from the returned start.
   */
  static EarlyStart answerInitializeFirst(
      InputStream in, OutputStream out, Map<String, String> env, String version) {
    return EarlyStart.answerFirst(
        in,
        out,
        ServerComponents.MAX_MESSAGE_BYTES,
        new EarlyAnswer(
            new EarlyInitializeAnswer(
                UserPaths.of(env).settingsFile(), Commands.PRODUCTION, version)),
        new UsedCapabilitiesOnly());
  }

  /**
   * Loads and initializes the classes of {@link #runStdio}'s own start that a session started by
   * other code does not: the launcher's training run calls it, so that the class-data archive holds
   * every class an editor's start loads (a single class left to the jar costs the start the jar's
   * opening, about 10 ms).
   */
  static void loadStdioStartClasses() {
    for (Class<?> c : List.of(Startup.class, Started.class)) {
      try {
        Class.forName(c.getName(), true, c.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // The early answer's two functions are classes, not method references: the first lambda of the
  // process initialises the method-handle machinery, which must not sit before the answer.

  /** The early answer's result for {@code initialize} params. */
  private static final class EarlyAnswer implements Function<JsonObject, Optional<String>> {
    private final EarlyInitializeAnswer answer;

    EarlyAnswer(EarlyInitializeAnswer answer) {
      this.answer = answer;
    }

    @Override
    public Optional<String> apply(JsonObject params) {
      return answer.resultJson(params);
    }
  }

  /** What LSP4J reads instead of the early-answered params if it cannot read them. */
  private static final class UsedCapabilitiesOnly implements UnaryOperator<JsonObject> {
    @Override
    public JsonObject apply(JsonObject params) {
      return InitializeTree.withUsedCapabilitiesOnly(params);
    }
  }

  /**
   * The {@code codeloop-startup} thread: builds the backend and the session. A thread of its own
   * class awaited with {@link Thread#join}, not a lambda and a {@code CompletableFuture}: the first
   * lambda and the first {@code CompletableFuture} of the process initialise the method-handle and
   * fork-join machinery (about 9 ms), which would sit on the main thread before the early answer.
   */
  private static final class Startup extends Thread {
    private final LaunchOptions options;
    private final String version;
    private final PrintStream stderr;
    private final StdioGuard guard;
    private Started started; // written before this thread ends, read after join
    private Throwable failure;

    Startup(LaunchOptions options, String version, PrintStream stderr, StdioGuard guard) {
      super("codeloop-startup");
      setDaemon(true);
      this.options = options;
      this.version = version;
      this.stderr = stderr;
      this.guard = guard;
    }

    @Override
    public void run() {
      try {
        if (!configureLogging(options, stderr)) {
          System.exit(2);
        }
        startProtocolWarmUp();
        ServerComponents components = components(options, version, stderr);
        LspSession session =
            components.newSession(
                System.in,
                guard.protocolOut(),
                () -> {
                  components.close();
                  Runtime.getRuntime().halt(1);
                },
                () -> {});
        started = new Started(components, session);
      } catch (Throwable e) {
        failure = e;
      }
    }

    /** The backend and session once built; the start-up's failure rethrown. */
    Started await() throws InterruptedException {
      join();
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return started;
    }
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

  /** The jar manifest's {@code Implementation-Version} (already read), else the resource's. */
  static String version() {
    Package p = ServerLauncher.class.getPackage();
    String manifest = p == null ? null : p.getImplementationVersion();
    return manifest != null ? manifest : versionResource();
  }

  private static String versionResource() {
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
