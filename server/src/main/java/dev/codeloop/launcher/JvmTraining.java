package dev.codeloop.launcher;

import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.codeloop.ServerComponents;
import dev.codeloop.concurrent.BytePipe;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.files.FileTrees;
import dev.codeloop.lsp.handler.NullLanguageClient;
import dev.codeloop.workspace.command.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionContext;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlineCompletionCapabilities;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * {@code java -jar codeloop.jar --jvm-training}: the workload of the launcher's training run, the
 * JVM that writes the class-data archive at its exit. On JDK 25+ that archive (the AOT cache) also
 * keeps the method profiles of the run (JEP 515), so an editor's session compiles what the training
 * ran hot without profiling it first: the more the training looks like typing, the shorter the
 * JIT's warm-up in every later session.
 *
 * <p>It runs, in this process, editor sessions on one backend over in-memory pipes, each started as
 * the launcher's stdio session is: where profiles are kept, two, one routed to a fill-in-the-middle
 * model on a loopback port of its own (an OpenAI-compatible {@code /v1/completions} answering at
 * once) and one with no model at all (the embedded model answers), each typing into a Java and a
 * Python document and asking for inline completions, completion menus, code actions and statistics,
 * waiting for every answer; elsewhere one, which opens the documents and asks for a code action.
 * Nothing leaves the machine: the only model is the training's own, and the settings, caches and
 * state live in a temporary folder, so the user's settings (their models, their keys) are never
 * read.
 */
final class JvmTraining {
  /**
   * Keystrokes per session where the archive keeps method profiles (JDK 25+): each with its
   * answers, about 15 s of CPU in all on a small machine, enough for the completion path's methods
   * to reach the JIT's thresholds in the training.
   */
  static final int KEYSTROKES_PROFILED = 1200;

  /**
   * Keystrokes per session where the archive keeps classes only (JDK 13–24): none, only the
   * start-up's classes (initialize, the documents opened, a code action). The completion path's
   * classes in a JDK 17 archive were measured on 2026-12-04 (docs/PERFORMANCE.md): 1.2–3.5 MB more
   * idle memory, a slower {@code initialize} answer and no faster first completion.
   */
  static final int KEYSTROKES_CLASSES_ONLY = 0;

  /** The keystrokes worth typing on this JVM. */
  static int keystrokes() {
    return Runtime.version().feature() >= 25 ? KEYSTROKES_PROFILED : KEYSTROKES_CLASSES_ONLY;
  }

  private static final long ANSWER_SECONDS = 30;

  private final PrintStream stderr;
  private final String version;
  private final AtomicInteger answered = new AtomicInteger();

  JvmTraining(PrintStream stderr, String version) {
    this.stderr = stderr;
    this.version = version;
  }

  /** Runs the workload; 0 when every request was answered, 1 (reported) when one failed. */
  int run(int keystrokes) {
    Path home;
    try {
      home = Files.createTempDirectory("codeloop-jvm-training");
    } catch (IOException e) {
      stderr.println("codeloop: JVM training: " + e.getMessage());
      return 1;
    }
    ExecutorService modelThread =
        Executors.newSingleThreadExecutor(ServerExecutors.named("codeloop-training-model"));
    LoopbackModel model = null;
    ServerComponents components = null;
    Map<String, String> env = isolated(home, System.getenv());
    try {
      ServerLauncher.startProtocolWarmUp(); // as the stdio start-up does
      ServerLauncher.loadStdioStartClasses();
      components =
          ServerComponents.production(
              ServerExecutors.defaults(),
              env,
              version,
              LoggingSetup.settingsSink(false, stderr),
              false);
      Path workspace = Files.createDirectories(home.resolve("workspace"));
      Files.writeString(workspace.resolve("Library.java"), javaText(0));
      Files.writeString(workspace.resolve("library.py"), pythonText(0));
      List<String> sessions = new ArrayList<>();
      if (keystrokes > 0) {
        try {
          model = LoopbackModel.start(modelThread, answered);
          sessions.add(
              """
              {"settings": {
                 "models": {"training": {"provider": "openai-compatible", "baseUrl": "%s",
                                         "model": "qwen2.5-coder-1.5b", "fimTemplate": "qwen"}},
                 "routes": {"completion": ["training"]},
                 "completion": {"debounceMs": 0}}}
              """
                  .formatted(model.baseUrl()));
        } catch (IOException | LinkageError e) {
          // no loopback port, or a runtime without the jdk.httpserver module: the embedded
          // model's session alone
          stderr.println("codeloop: JVM training without a model of its own: " + e);
        }
      }
      sessions.add("{\"settings\": {\"completion\": {\"debounceMs\": 0}}}");
      for (String options : sessions) {
        long t0 = System.nanoTime();
        type(components, env, workspace, options, keystrokes);
        stderr.printf(
            "codeloop: JVM training: a session of %d keystrokes in %d ms%n",
            keystrokes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      }
      return 0;
    } catch (Exception | LinkageError e) {
      stderr.println("codeloop: JVM training stopped early: " + e);
      return 1;
    } finally {
      if (model != null) {
        model.stop();
      }
      modelThread.shutdownNow();
      if (components != null) {
        components.close();
      }
      try {
        FileTrees.delete(home);
      } catch (IOException ignored) {
        // a temporary folder: what is left goes with the system's cleaning
      }
    }
  }

  /**
   * The environment of the training's backend: its settings, caches and state under {@code home},
   * and of {@code outer} (this process's environment) only {@code PATH}: no user settings file, no
   * key, no persisted model of the user's is ever seen.
   */
  static Map<String, String> isolated(Path home, Map<String, String> outer) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    env.put("XDG_STATE_HOME", home.resolve("state").toString());
    String path = outer.get("PATH");
    if (path != null) {
      env.put("PATH", path);
    }
    return Map.copyOf(env);
  }

  /** Completion requests the training's own model has answered so far. */
  int modelRequests() {
    return answered.get();
  }

  /** One editor session: initialize, open both documents, type, ask, and end it. */
  private void type(
      ServerComponents components,
      Map<String, String> env,
      Path workspace,
      String options,
      int keystrokes)
      throws Exception {
    BytePipe toServer = new BytePipe();
    BytePipe toClient = new BytePipe();
    var session = components.newSession(toServer.in(), toClient.out(), () -> {}, () -> {});
    // the session starts as the launcher's stdio session does: its first message (initialize)
    // answered from its JSON, the rest read by the session (the archive holds that path's classes)
    Thread sessionThread =
        new Thread(
            () ->
                session.run(
                    ServerLauncher.answerInitializeFirst(
                        toServer.in(), toClient.out(), env, version)),
            "codeloop-training-session");
    sessionThread.setDaemon(true);
    sessionThread.start();
    ExecutorService clientThreads =
        Executors.newCachedThreadPool(ServerExecutors.named("codeloop-training-client"));
    OutputStream clientOut = toServer.out();
    try {
      var launcher =
          LSPLauncher.createClientLauncher(
              new NullLanguageClient(), toClient.in(), clientOut, clientThreads, null);
      launcher.startListening();
      LanguageServer server = launcher.getRemoteProxy();
      await(server.initialize(initialize(workspace, options)));
      server.initialized(new InitializedParams());
      List<Editor> editors =
          List.of(
              new Editor(server, workspace.resolve("Training.java"), "java", javaText(1)),
              new Editor(server, workspace.resolve("training.py"), "python", pythonText(1)));
      for (Editor editor : editors) {
        editor.open();
      }
      await(editors.get(0).actions(new Position(2, 4)));
      for (int i = 0; i < keystrokes; i++) {
        Editor editor = editors.get(i % 3 == 2 ? 1 : 0);
        Position at = editor.typeAt(i);
        await(editor.inline(at));
        if (i % 3 == 0) {
          await(editor.menu(at));
        }
        if (i % 10 == 0) {
          await(editor.actions(at));
        }
        if (i % 50 == 0) {
          await(
              server
                  .getWorkspaceService()
                  .executeCommand(new ExecuteCommandParams(Commands.STATS, List.of())));
        }
      }
      for (Editor editor : editors) {
        editor.close();
      }
      await(server.shutdown());
      server.exit();
      sessionThread.join(TimeUnit.SECONDS.toMillis(ANSWER_SECONDS));
    } finally {
      clientOut.close();
      clientThreads.shutdownNow();
    }
  }

  private static <T> T await(CompletableFuture<T> answer) throws Exception {
    return answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
  }

  private static InitializeParams initialize(Path workspace, String options) {
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(
        List.of(new WorkspaceFolder(workspace.toUri().toString(), "training")));
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setInlineCompletion(new InlineCompletionCapabilities());
    text.setCompletion(new CompletionCapabilities());
    text.setCodeAction(new CodeActionCapabilities());
    ClientCapabilities caps = new ClientCapabilities();
    caps.setTextDocument(text);
    init.setCapabilities(caps);
    init.setInitializationOptions(JsonParser.parseString(options));
    return init;
  }

  /** A document being typed into: each keystroke inserts one character of a new line's word. */
  private static final class Editor {
    private final LanguageServer server;
    private final String uri;
    private final String languageId;
    private final String text;
    private final int lines;
    private int version = 1;

    Editor(LanguageServer server, Path file, String languageId, String text) {
      this.server = server;
      this.uri = file.toUri().toString();
      this.languageId = languageId;
      this.text = text;
      this.lines = (int) text.lines().count();
    }

    void open() {
      server
          .getTextDocumentService()
          .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, languageId, 1, text)));
    }

    void close() {
      server
          .getTextDocumentService()
          .didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
    }

    /**
     * Types the {@code i}th keystroke: a letter at the start of a line chosen along the document
     * (so each request has a new context), and returns the cursor after it.
     */
    Position typeAt(int i) {
      int line = 1 + (i * 7) % Math.max(1, lines - 2);
      Position start = new Position(line, 0);
      String typed = i % 2 == 0 ? "r" : "s";
      server
          .getTextDocumentService()
          .didChange(
              new DidChangeTextDocumentParams(
                  new VersionedTextDocumentIdentifier(uri, ++version),
                  List.of(new TextDocumentContentChangeEvent(new Range(start, start), typed))));
      return new Position(line, typed.length());
    }

    CompletableFuture<?> inline(Position at) {
      InlineCompletionParams p =
          new InlineCompletionParams(
              new TextDocumentIdentifier(uri),
              at,
              new InlineCompletionContext(InlineCompletionTriggerKind.Invoked));
      return server.getTextDocumentService().inlineCompletion(p);
    }

    CompletableFuture<?> menu(Position at) {
      CompletionParams p = new CompletionParams(new TextDocumentIdentifier(uri), at);
      p.setContext(new CompletionContext(CompletionTriggerKind.Invoked));
      return server.getTextDocumentService().completion(p);
    }

    CompletableFuture<?> actions(Position at) {
      CodeActionParams p =
          new CodeActionParams(
              new TextDocumentIdentifier(uri), new Range(at, at), new CodeActionContext(List.of()));
      return server.getTextDocumentService().codeAction(p);
    }
  }

  private static final List<String> FIM_ANSWERS =
      List.of(
          "esult.add(value);",
          "eturn builder.toString();",
          "elf.items.append(item)",
          "ize += 1",
          "tring name = names.get(index);");

  /**
   * The training's model: the JDK's HTTP server on a loopback port, answering every OpenAI-style
   * {@code /v1/completions} request at once with one of a few texts. A class of its own, so that a
   * runtime without the {@code jdk.httpserver} module fails only its start.
   */
  private static final class LoopbackModel {
    private final HttpServer server;
    private final AtomicInteger answered;

    private LoopbackModel(HttpServer server, AtomicInteger answered) {
      this.server = server;
      this.answered = answered;
    }

    static LoopbackModel start(Executor executor, AtomicInteger answered) throws IOException {
      // the replies as one segment: with Nagle's algorithm on, each waits for the client's
      // delayed acknowledgement of the headers (about 40 ms)
      System.setProperty("sun.net.httpserver.nodelay", "true");
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LoopbackModel model = new LoopbackModel(server, answered);
      server.createContext("/v1/completions", model::answer);
      server.setExecutor(executor);
      server.start();
      return model;
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void stop() {
      server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
      try (exchange;
          InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
        if (exchange.getRequestMethod().equals("HEAD")) {
          // the session's warm-up opening its connection, as a model server answers it
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        String text =
            FIM_ANSWERS.get(Math.floorMod(answered.getAndIncrement(), FIM_ANSWERS.size()));
        byte[] body =
            ("{\"id\":\"training\",\"object\":\"text_completion\",\"model\":\"training\","
                    + "\"choices\":[{\"index\":0,\"text\":\""
                    + text
                    + "\",\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":8}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }

  /** The bundled demo class, repeated with its names numbered: about 370 lines of plain Java. */
  static String javaText(int seed) {
    String sample;
    try (InputStream in = JvmTraining.class.getResourceAsStream("/codeloop/demo/Demo.java.txt")) {
      sample = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      sample = "";
    }
    int body = sample.indexOf("public class");
    String imports = body < 0 ? "" : sample.substring(0, body);
    StringBuilder out = new StringBuilder(imports);
    for (int i = 0; i < 10; i++) {
      String n = seed + "x" + i;
      out.append(
          sample
              .substring(Math.max(0, body))
              .replace("public class Demo", "class Demo" + n)
              .replace("names", "names" + n)
              .replace("builder", "builder" + n)
              .replace("total", "total" + n));
    }
    return out.toString();
  }

  /** A small Python module repeated with its names numbered. */
  static String pythonText(int seed) {
    StringBuilder out = new StringBuilder("import os\nfrom collections import defaultdict\n\n");
    for (int i = 0; i < 10; i++) {
      String n = seed + "x" + i;
      out.append(
          """

          class Inventory%1$s:
              def __init__(self, root):
                  self.root = root
                  self.items%1$s = []
                  self.sizes%1$s = defaultdict(int)

              def add(self, item, size=1):
                  self.items%1$s.append(item)
                  self.sizes%1$s[item] += size
                  return len(self.items%1$s)

              def paths(self):
                  for item in self.items%1$s:
                      yield os.path.join(self.root, item)

              def total(self):
                  return sum(self.sizes%1$s.values())
          """
              .formatted(n));
    }
    return out.toString();
  }
}
