package dev.codeloop.bench.serving;

import com.google.gson.JsonParser;
import dev.codeloop.ServerComponents;
import dev.codeloop.bench.PipedLspConnection;
import dev.codeloop.bench.completion.CompletionBench;
import dev.codeloop.bench.embedded.MenuBenchmark;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.handler.NullLanguageClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionContext;
import org.eclipse.lsp4j.CompletionListCapabilities;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
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
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The serving path of issue 14 (items 6 and 7) through the real protocol: a production session
 * ({@link ServerComponents#production}: real router, real HTTP client, real embedded model) over
 * piped JSON-RPC streams, driven by an LSP4J client; every figure is the round trip as the client
 * sees it.
 *
 * <ol>
 *   <li><b>loopback</b>: invoked {@code textDocument/inlineCompletion} routed to an
 *       OpenAI-compatible FIM endpoint ({@code /v1/completions}, qwen template) served by a
 *       zero-latency HTTP/1.1 server on 127.0.0.1 written here (keep-alive, {@code TCP_NODELAY},
 *       the reply in one write). A 5,000-line Java file is open with three 800-line others; before
 *       each completion one character is edited far from the cursor ({@code didChange}, not timed),
 *       so every completion is the first after an edit and a cache miss at a new line. The model
 *       server's own time per request (first request byte read → reply flushed) is subtracted:
 *       <em>overhead = client-observed time − model's own time</em>, p50/p90/p99.
 *   <li><b>codeAction</b>: {@code textDocument/codeAction} on an empty range at varying lines of
 *       the 5,000-line file (no model is called), and {@code codeloop.stats} (an executeCommand
 *       that needs no model), p50/p99.
 *   <li><b>embedded</b>: a second session with no model configured (every completion from the
 *       embedded n-gram model); the workspace holds the first files of {@code java.base} from the
 *       JDK's {@code src.zip} (about 30k lines, indexed before timing); 100 files of other modules
 *       are opened with {@code didOpen}; then, at 500 cold positions (fixed seed, never asked
 *       before) Automatic inline completions and 500 {@code textDocument/completion} menus,
 *       p50/p95/p99.
 * </ol>
 *
 * <p>And <b>floor</b>: the loop of (a) against {@link FloorServer}, a bare LSP4J server taking the
 * same thread hand-offs with none of our code, to read (a) against: what this machine charges any
 * JVM server with this topology.
 *
 * <p>Run (all phases but the floor; {@code args}: phases among {@code loopback floor codeAction
 * embedded embedded-python}, and {@code n=<iterations>} for the first three, default 2000; {@code
 * -DidleMs=N} pauses N ms before each timed completion of (a) and the floor, as between keystrokes,
 * so that every thread on the path is idle when it starts; {@code -DcpuPerRequest=true} adds the
 * server's CPU time per completion of (a), by thread; {@code -Dcommand="server/target/codeloop
 * --stdio"} times a server process started by that shell command line instead of a session in this
 * JVM, for the loopback and embedded phases, and prints its resident memory):
 *
 * <pre>
 * ./mvnw -B -o -q -pl server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.codeloop.bench.serving.ServingPathBench
 * </pre>
 */
public final class ServingPathBench {
  private static final String REPLY_TEXT = "computeTotal(values, index);";
  private static final List<Path> SRC_ZIPS =
      List.of(
          Path.of(System.getProperty("java.home"), "lib", "src.zip"),
          Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip"),
          Path.of("/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip"));
  private static final long WORKSPACE_LINES = 30_000;
  private static final int OPEN_DOCUMENTS = 100;
  private static final int COLD_POSITIONS = 500;

  /** {@code -DidleMs=}: a pause before each timed completion (phases a and a'), default none. */
  private static final int IDLE_MS = Integer.getInteger("idleMs", 0);

  /**
   * {@code -DlongWarmUp=true}: before the usual warm-up, {@code -Dwarm=N} completions (any number)
   * on variants of the timed document's text, so that the JIT's tier-4 compilations of what runs
   * once per completion (about 15,000 calls each) are done before the timed loop: the steady state
   * of a server that has served for a while.
   */
  private static final boolean LONG_WARM_UP = Boolean.getBoolean("longWarmUp");

  /**
   * {@code -Dsched=true} (with {@code -DcpuPerRequest=true}, Linux): what every thread of the JVM
   * ran and waited for a CPU during the slowest 1 % of the timed completions and during typical
   * ones ({@link SchedStats}).
   */
  private static final boolean SCHED = Boolean.getBoolean("sched");

  /**
   * {@code -DmarkPhases=true}: prints the JVM's uptime when each warm-up and timed loop starts, to
   * place the lines of {@code -XX:+PrintCompilation} (which are stamped with it) in the phases.
   */
  private static final boolean MARK_PHASES = Boolean.getBoolean("markPhases");

  /**
   * {@code -DitemDefaults=false}: the client does not say it reads a completion list's item
   * defaults. By default it does, as VS Code and Neovim 0.10+ do (the edit range, insert text
   * format and mode), and the menus say those once instead of in every item; before 2026-12-04
   * night the bench's client never said so.
   */
  private static final boolean ITEM_DEFAULTS =
      Boolean.parseBoolean(System.getProperty("itemDefaults", "true"));

  private ServingPathBench() {}

  public static void main(String[] args) throws Exception {
    // as the server's main does (-Djava.util.concurrent.ForkJoinPool.common.parallelism=1 for the
    // JDK's own sizing on a 2-core machine: a new thread per async stage)
    dev.codeloop.launcher.CommonPoolSizing.applyToThisJvm();
    List<String> phases = new ArrayList<>();
    int n = 2000;
    for (String a : args) {
      if (a.startsWith("n=")) {
        n = Integer.parseInt(a.substring(2));
      } else {
        phases.add(a);
      }
    }
    if (phases.isEmpty()) {
      phases = List.of("loopback", "codeAction", "embedded");
    }
    print("load average at start: %s", loadAverage());
    int status = 0;
    try {
      if (phases.contains("loopback") || phases.contains("codeAction")) {
        loopback(n, phases.contains("loopback"), phases.contains("codeAction"));
      }
      if (phases.contains("floor")) {
        floor(n);
      }
      if (phases.contains("embedded")) {
        embedded(javaCorpus());
      }
      if (phases.contains("embedded-python")) {
        embedded(pythonCorpus());
      }
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      status = 1; // and exit: the session's pools would keep the JVM alive
    }
    print("load average at end: %s", loadAverage());
    System.exit(status);
  }

  // --- (a) and (b): a loopback FIM model ---

  private static void loopback(int n, boolean completions, boolean actions) throws Exception {
    Path root = Files.createTempDirectory("codeloop-serving-bench");
    try (ZeroLatencyFimServer model = new ZeroLatencyFimServer()) {
      if (WARM_CLIENT > 0 && COMMAND != null) {
        // the bench's own code (client, loopback model) compiled first, against a server process
        // that is then dropped: the timed server starts cold, the instrument does not
        Path scratch = Files.createTempDirectory("codeloop-serving-bench-client");
        try {
          withServer(env(scratch), server -> warmClient(server, scratch, model, WARM_CLIENT));
        } finally {
          deleteTree(scratch);
        }
        print("client warmed by %d completions against a server process since exited", WARM_CLIENT);
      }
      withServer(
          env(root), server -> loopbackSession(server, root, model, n, completions, actions));
    } finally {
      deleteTree(root);
    }
  }

  /** What runs in one session of a server. */
  private interface SessionBody {
    void run(LanguageServer server) throws Exception;
  }

  /**
   * {@code -Dcommand=}: a shell command line that starts the server as a process (for example
   * {@code server/target/codeloop --stdio}: the launcher's JVM flags and class-data archive, and
   * the client in another process, as an editor has it); {@code env} is added to its environment,
   * and variables set in the command line win. Without it, the server is a session of this JVM on
   * in-memory pipes.
   */
  private static final String COMMAND = System.getProperty("command");

  /**
   * Runs {@code body} against a new server: {@link #COMMAND}'s process or a session in this JVM.
   */
  private static void withServer(Map<String, String> env, SessionBody body) throws Exception {
    if (COMMAND != null) {
      try (SpawnedServer spawned = SpawnedServer.start(COMMAND, env)) {
        body.run(spawned.server());
      }
      return;
    }
    ServerComponents components =
        ServerComponents.production(ServerExecutors.defaults(), env, "bench", log -> {});
    try (PipedLspConnection c = PipedLspConnection.open(components, new NullLanguageClient())) {
      body.run(c.server());
    } finally {
      components.close();
    }
  }

  /**
   * With {@link #COMMAND}: prints the resident memory of the server process (this JVM's only child
   * process: the shell execs the launcher, which execs java).
   */
  private static void reportSpawnedRss(String when) {
    if (COMMAND == null) {
      return;
    }
    ProcessHandle.current()
        .descendants()
        .filter(d -> d.info().command().orElse("").endsWith("/java"))
        .forEach(
            child -> {
              try {
                Files.readAllLines(Path.of("/proc", Long.toString(child.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:"))
                    .forEach(l -> print("server process %s: %s", when, l.replaceAll("\\s+", " ")));
              } catch (IOException e) {
                print("server process %s: no /proc status (%s)", when, e.getMessage());
              }
            });
  }

  /**
   * {@code -DwarmClient=N} (with {@code -Dcommand}): before phase (a), N completions against
   * another server process, then exited, so that this JVM's part of every completion (the client's
   * JSON-RPC, the loopback model's HTTP) has been compiled by its JIT; without it the timed loop's
   * tail also holds this JVM's compilations, which share the machine's two cores with the server's.
   */
  private static final int WARM_CLIENT = Integer.getInteger("warmClient", 0);

  private static void warmClient(
      LanguageServer server, Path root, ZeroLatencyFimServer model, int count) throws Exception {
    server.initialize(init(root, loopbackSettings(model))).get(60, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
    String[] lines = CompletionBench.javaFile(5000, "Big").split("\n", -1);
    String uri = open(server, root.resolve("Big.java"), String.join("\n", lines));
    variantsWarmUp(server, uri, lines, new AtomicInteger(1), model, count, "client ");
    server.shutdown().get(30, TimeUnit.SECONDS);
    server.exit();
  }

  private static String loopbackSettings(ZeroLatencyFimServer model) {
    return """
        {"settings": {
           "models": {"fast": {"provider": "openai-compatible", "baseUrl": "%s/v1",
                               "model": "qwen2.5-coder-7b", "fimTemplate": "qwen"}},
           "routes": {"completion": ["fast"]},
           "completion": {"debounceMs": 0%s},
           "embedded": {"indexWorkspace": false}}}
        """
        .formatted(
            model.base(),
            Integer.getInteger("cacheEntries") == null
                ? ""
                : ", \"cacheEntries\": " + Integer.getInteger("cacheEntries"));
  }

  /** Phase (a) and the cheap requests in one session of {@code server}, ending with its exit. */
  private static void loopbackSession(
      LanguageServer server,
      Path root,
      ZeroLatencyFimServer model,
      int n,
      boolean completions,
      boolean actions)
      throws Exception {
    server.initialize(init(root, loopbackSettings(model))).get(60, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
    for (int i = 0; i < 3; i++) {
      open(server, root.resolve("Other" + i + ".java"), CompletionBench.javaFile(800, "O" + i));
    }
    String[] lines = CompletionBench.javaFile(5000, "Big").split("\n", -1);
    String uri = open(server, root.resolve("Big.java"), String.join("\n", lines));
    if (completions) {
      CompletionRun run =
          completionRun(server, uri, lines, model, n, "", Boolean.getBoolean("cpuPerRequest"));
      long[][] r = run.nanos();
      report("inline completion via loopback FIM model, client-observed", r[0]);
      report("  the model server's own time", r[1]);
      report("  overhead (client − model)", r[2]);
      report("  overhead when the client's reader thread has the answer", r[3]);
      if (run.cpu() != null) {
        run.cpu().report();
        run.cpu().reportQuiet(r[2]);
      }
    }
    reportSpawnedRss("after the completions");
    if (actions) {
      timeActions(server, uri, 500);
      long[][] r = timeActions(server, uri, n);
      report("codeAction, empty range (no model)", r[0]);
      report("codeloop.stats (no model)", r[1]);
    }
    server.shutdown().get(30, TimeUnit.SECONDS);
    server.exit();
  }

  /**
   * (a') the same loop against {@link FloorServer}: the hand-offs' cost on this machine with none
   * of Codeloop's code, to read phase (a) against.
   */
  private static void floor(int n) throws Exception {
    try (ZeroLatencyFimServer model = new ZeroLatencyFimServer();
        FloorServer.Connection c = FloorServer.connect(model.base(), new NullLanguageClient())) {
      LanguageServer server = c.server();
      server.initialize(new InitializeParams()).get(60, TimeUnit.SECONDS);
      server.initialized(new InitializedParams());
      String[] lines = CompletionBench.javaFile(5000, "Big").split("\n", -1);
      long[][] r =
          completionRun(server, "file:///floor/Big.java", lines, model, n, "floor ", false).nanos();
      report("floor: bare LSP4J server, same hand-offs, client-observed", r[0]);
      report("  floor overhead (client − model)", r[2]);
      report("  floor overhead when the client's reader thread has the answer", r[3]);
      server.shutdown().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * The timed completions of a run, {@link #timeCompletions}'s arrays, and their server CPU when it
   * was measured (else null).
   */
  private record CompletionRun(long[][] nanos, PathCpu cpu) {}

  /**
   * A warm-up, then {@code n} timed completions (at most what is left of the cursor lines), each at
   * a line not asked before (a cache miss), in the same order for every server; with {@code
   * withCpu} the server's CPU per completion too.
   */
  private static CompletionRun completionRun(
      LanguageServer server,
      String uri,
      String[] lines,
      ZeroLatencyFimServer model,
      int n,
      String labelPrefix,
      boolean withCpu)
      throws Exception {
    AtomicInteger version = new AtomicInteger(1);
    int warm = Integer.getInteger("warm", Math.min(500, Math.max(200, n / 4)));
    if (LONG_WARM_UP) {
      variantsWarmUp(server, uri, lines, version, model, warm, labelPrefix);
    }
    java.util.Iterator<Integer> next = cursorLines(lines, 7).iterator();
    // after the long warm-up, 500 more on the text that is timed
    int warmHere = LONG_WARM_UP ? 500 : warm;
    timeCompletions(
        server, uri, lines, next, version, model, warmHere, labelPrefix + "warm-up", null);
    int timed = Math.min(n, 4600 - warmHere);
    PathCpu cpu = withCpu ? new PathCpu(timed) : null;
    long[][] r =
        timeCompletions(
            server, uri, lines, next, version, model, timed, labelPrefix + "timed", cpu);
    return new CompletionRun(r, cpu);
  }

  /**
   * {@code count} completions on variants of the document's text whose identifiers differ, so that
   * no cached completion answers them; then the original text again, whose lines stay unasked. On
   * the timed document itself: no other document joins the recently edited ones the context reads.
   */
  private static void variantsWarmUp(
      LanguageServer server,
      String uri,
      String[] lines,
      AtomicInteger version,
      ZeroLatencyFimServer model,
      int count,
      String labelPrefix)
      throws Exception {
    String original = String.join("\n", lines);
    for (int done = 0, variant = 0; done < count; variant++) {
      String text =
          original
              .replace("value", "value" + variant + "w")
              .replace("computeTotal", "computeTotal" + variant + "w");
      replaceAll(server, uri, version.incrementAndGet(), text);
      String[] variantLines = text.split("\n", -1);
      int batch = Math.min(count - done, 4600);
      timeCompletions(
          server,
          uri,
          variantLines,
          cursorLines(variantLines, 7).iterator(),
          version,
          model,
          batch,
          labelPrefix + "warm-up",
          null);
      done += batch;
    }
    replaceAll(server, uri, version.incrementAndGet(), original);
  }

  /** Lines 300–4899 of a 5,000-line document, shuffled by {@code seed}. */
  private static List<Integer> cursorLines(String[] lines, long seed) {
    List<Integer> cursorLines = new ArrayList<>();
    for (int l = 300; l < Math.min(4900, lines.length); l++) {
      cursorLines.add(l);
    }
    java.util.Collections.shuffle(cursorLines, new Random(seed));
    return cursorLines;
  }

  /**
   * {client, model, overhead, overhead at the client's reader thread} nanos per completion: the
   * last leaves out the bench's own hand-off from the LSP4J reader thread to its main thread.
   */
  private static long[][] timeCompletions(
      LanguageServer server,
      String uri,
      String[] lines,
      java.util.Iterator<Integer> cursorLines,
      AtomicInteger version,
      ZeroLatencyFimServer model,
      int n,
      String label,
      PathCpu cpu)
      throws Exception {
    if (MARK_PHASES) {
      System.out.println(
          "phase "
              + label
              + " starts at uptime "
              + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
              + " ms");
    }
    long[] client = new long[n];
    long[] own = new long[n];
    long[] overhead = new long[n];
    long[] atReader = new long[n];
    List<java.util.Map<String, long[]>> sched = cpu != null && SCHED ? new ArrayList<>() : null;
    Random random = new Random(7);
    for (int i = 0; i < n; i++) {
      // one char typed far from the cursor: a new version, so this is the first completion after
      // an edit; the cursor line changes each time, so it is a cache miss
      int editLine = 10 + random.nextInt(200);
      change(
          server,
          uri,
          version.incrementAndGet(),
          new Position(editLine, 0),
          new Position(editLine, 0),
          " ");
      int line = cursorLines.next();
      int column = lines[line].length();
      if (IDLE_MS > 0) {
        Thread.sleep(IDLE_MS); // a pause between keystrokes: every thread on the path goes idle
      }
      model.ownTimes.clear();
      int before = model.requests.get();
      long[] cpuBefore = cpu == null ? null : PathCpu.now();
      SchedStats.Snapshot schedBefore = sched == null ? null : SchedStats.now();
      long[] answered = new long[1];
      long t0 = System.nanoTime();
      var answer =
          server
              .getTextDocumentService()
              .inlineCompletion(
                  new InlineCompletionParams(
                      new TextDocumentIdentifier(uri),
                      new Position(line, column),
                      new InlineCompletionContext(InlineCompletionTriggerKind.Invoked)))
              // on the client's reader thread, as the answer is read (an editor handles it there)
              .whenComplete((r, t) -> answered[0] = System.nanoTime())
              .get(30, TimeUnit.SECONDS);
      client[i] = System.nanoTime() - t0;
      if (sched != null) {
        sched.add(SchedStats.diff(schedBefore, SchedStats.now()));
      }
      if (cpu != null) {
        cpu.add(i, cpuBefore, PathCpu.now());
      }
      var items = answer.isRight() ? answer.getRight().getItems() : answer.getLeft();
      if (model.requests.get() != before + 1 || items.isEmpty()) {
        throw new IllegalStateException(
            label
                + " "
                + i
                + ": expected one model call and an item, got "
                + (model.requests.get() - before)
                + " calls and "
                + items.size()
                + " items");
      }
      Long m = model.ownTimes.poll();
      own[i] = m == null ? 0 : m;
      overhead[i] = client[i] - own[i];
      atReader[i] = answered[0] - t0 - own[i];
    }
    if (sched != null) {
      SchedStats.report(overhead, sched, 0.01);
    }
    return new long[][] {client, own, overhead, atReader};
  }

  /** {codeAction, codeloop.stats} nanos. */
  private static long[][] timeActions(LanguageServer server, String uri, int n) throws Exception {
    long[] action = new long[n];
    long[] stats = new long[n];
    Random random = new Random(11);
    for (int i = 0; i < n; i++) {
      Position p = new Position(300 + random.nextInt(4500), 4);
      long t0 = System.nanoTime();
      server
          .getTextDocumentService()
          .codeAction(
              new CodeActionParams(
                  new TextDocumentIdentifier(uri),
                  new Range(p, p),
                  new CodeActionContext(List.of())))
          .get(30, TimeUnit.SECONDS);
      action[i] = System.nanoTime() - t0;
      t0 = System.nanoTime();
      server
          .getWorkspaceService()
          .executeCommand(new ExecuteCommandParams("codeloop.stats", List.of()))
          .get(30, TimeUnit.SECONDS);
      stats[i] = System.nanoTime() - t0;
    }
    return new long[][] {action, stats};
  }

  // --- (c): the embedded model with 100 documents open ---

  /**
   * A workspace to index and the documents to open: their language id, the files written into the
   * workspace (relative path → text) and the documents opened (relative path → text).
   */
  private record Corpus(
      String languageId,
      String description,
      Map<String, String> workspace,
      Map<String, String> open) {}

  /**
   * The first 30,000 lines of {@code java.base}; 100 files of {@code java.net.http}/{@code
   * java.sql}.
   */
  private static Corpus javaCorpus() throws IOException {
    Map<String, String> workspace = new java.util.LinkedHashMap<>();
    Map<String, String> open = new java.util.LinkedHashMap<>();
    long indexed = 0;
    Path srcZip = SRC_ZIPS.stream().filter(Files::isReadable).findFirst().orElseThrow();
    try (ZipFile zip = new ZipFile(srcZip.toFile())) {
      List<ZipEntry> entries =
          zip.stream()
              .filter(e -> e.getName().endsWith(".java"))
              .sorted(Comparator.comparing(ZipEntry::getName))
              .map(e -> (ZipEntry) e)
              .toList();
      for (ZipEntry e : entries) {
        if (e.getName().startsWith("java.base/") && indexed < WORKSPACE_LINES) {
          String text = read(zip, e);
          workspace.put(e.getName(), text);
          indexed += text.lines().count();
        } else if (e.getName().startsWith("java.net.http/")
            || e.getName().startsWith("java.sql/")) {
          if (open.size() < OPEN_DOCUMENTS) {
            open.put(e.getName(), read(zip, e));
          }
        }
      }
    }
    return new Corpus("java", "java.base", workspace, open);
  }

  /**
   * The Python standard library (CPython 3.11 under pyenv, as {@code MenuBenchmark}): the first
   * 30,000 lines of the packages the menu benchmark trains on; the documents opened are the files
   * of its test and validation packages (ordinary application code), at most 100.
   */
  private static Corpus pythonCorpus() throws IOException {
    Map<String, String> workspace = new java.util.LinkedHashMap<>();
    Map<String, String> open = new java.util.LinkedHashMap<>();
    List<String> heldOut = new ArrayList<>(MenuBenchmark.PYTHON_TEST);
    heldOut.addAll(MenuBenchmark.PYTHON_VALIDATION);
    long indexed = 0;
    for (MenuBenchmark.Doc d : MenuBenchmark.python()) {
      if (heldOut.stream().anyMatch(d.name()::startsWith)) {
        if (open.size() < OPEN_DOCUMENTS) {
          open.put(d.name(), d.text());
        }
      } else if (indexed < WORKSPACE_LINES) {
        workspace.put(d.name(), d.text());
        indexed += d.text().lines().count();
      }
    }
    return new Corpus("python", "the Python 3.11 standard library", workspace, open);
  }

  private static void embedded(Corpus corpus) throws Exception {
    Path root = Files.createTempDirectory("codeloop-serving-embedded");
    try {
      Path workspace = root.resolve("workspace");
      long indexed = 0;
      for (var f : corpus.workspace().entrySet()) {
        Path file = workspace.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue());
        indexed += f.getValue().lines().count();
      }
      List<Doc> docs = new ArrayList<>();
      for (var f : corpus.open().entrySet()) {
        Path file = workspace.resolve("open").resolve(f.getKey());
        docs.add(new Doc(file.toUri().toString(), f.getValue().split("\r?\n", -1)));
      }
      print(
          "embedded (%s): workspace %d lines of %s, %d documents open (%d lines)",
          corpus.languageId(),
          indexed,
          corpus.description(),
          docs.size(),
          docs.stream().mapToInt(d -> d.lines().length).sum());
      withServer(env(root), server -> embeddedSession(server, corpus, workspace, docs));
    } finally {
      deleteTree(root);
    }
  }

  /**
   * {@code -DembeddedWarm=N}: N more requests (half inline, half menus) before the embedded phase's
   * timed ones, for the steady state of a session that has served a while; default 0 (the first
   * requests of a session: 200 inline completions of warm-up).
   */
  private static final int EMBEDDED_WARM = Integer.getInteger("embeddedWarm", 0);

  /** The embedded phase's session: initialize, open, wait for the model, time, exit. */
  private static void embeddedSession(
      LanguageServer server, Corpus corpus, Path workspace, List<Doc> docs) throws Exception {
    server
        .initialize(
            init(
                workspace,
                "{\"settings\": {\"completion\": {\"debounceMs\": 0},"
                    + " \"embedded\": {\"stableAfterMs\": 0}}}"))
        .get(60, TimeUnit.SECONDS);
    long t0 = System.nanoTime();
    server.initialized(new InitializedParams());
    for (Doc d : docs) {
      server
          .getTextDocumentService()
          .didOpen(
              new DidOpenTextDocumentParams(
                  new TextDocumentItem(
                      d.uri(), corpus.languageId(), 1, String.join("\n", d.lines()))));
    }
    // the embedded model learns the workspace and the open documents in the background: wait
    // until a completion answers from it, then a further 10 s for the indexing to settle
    awaitEmbedded(server, docs.get(0));
    Thread.sleep(10_000);
    print("embedded model ready after %.1f s", (System.nanoTime() - t0) / 1e9);
    Random random = new Random(42);
    List<Cursor> warm = cursors(docs, 200, random);
    timeEmbedded(server, warm, false);
    if (EMBEDDED_WARM > 0) {
      // the steady state: the JIT done with what the requests run (positions drawn apart from
      // the timed ones' sequence, so the timed positions stay the same as without it)
      Random steady = new Random(7);
      timeEmbedded(server, cursors(docs, EMBEDDED_WARM / 2, steady), false);
      timeEmbedded(server, cursors(docs, EMBEDDED_WARM / 2, steady), true);
      print("after %d more requests (half menus) before timing", EMBEDDED_WARM);
    }
    List<Cursor> cold = cursors(docs, COLD_POSITIONS, random);
    long[] cpu0 = serverCpu();
    long[] inline = timeEmbedded(server, cold, false);
    long[] cpu1 = serverCpu();
    report(
        "embedded inline completion (Automatic), " + docs.size() + " open, cold positions", inline);
    reportCpu(cpu0, cpu1, inline.length);
    List<Cursor> menu = cursors(docs, COLD_POSITIONS, random);
    long[] list = timeEmbedded(server, menu, true);
    long[] cpu2 = serverCpu();
    report("embedded textDocument/completion menu, " + docs.size() + " open, cold positions", list);
    reportCpu(cpu1, cpu2, list.length);
    reportSpawnedRss("after the menus");
    server.shutdown().get(30, TimeUnit.SECONDS);
    server.exit();
  }

  private record Doc(String uri, String[] lines) {}

  private record Cursor(String uri, int line, int character) {}

  private static void awaitEmbedded(LanguageServer server, Doc doc) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < until) {
      var a =
          server
              .getTextDocumentService()
              .inlineCompletion(
                  new InlineCompletionParams(
                      new TextDocumentIdentifier(doc.uri()),
                      new Position(0, 0),
                      new InlineCompletionContext(InlineCompletionTriggerKind.Invoked)))
              .handle((r, t) -> t == null)
              .get(30, TimeUnit.SECONDS);
      if (a) {
        return;
      }
      Thread.sleep(200);
    }
  }

  /** Positions right after a non-blank character inside a non-blank line, at least line 10. */
  private static List<Cursor> cursors(List<Doc> docs, int count, Random random) {
    List<Cursor> out = new ArrayList<>();
    while (out.size() < count) {
      Doc d = docs.get(random.nextInt(docs.size()));
      if (d.lines().length < 20) {
        continue;
      }
      int line = 10 + random.nextInt(d.lines().length - 10);
      String text = d.lines()[line];
      int first = text.length() - text.stripLeading().length();
      if (text.isBlank() || first + 1 >= text.length()) {
        continue;
      }
      int column = first + 1 + random.nextInt(text.length() - first);
      if (Character.isWhitespace(text.charAt(column - 1))) {
        continue;
      }
      out.add(new Cursor(d.uri(), line, column));
    }
    return out;
  }

  /**
   * With {@code -DcpuPerRequest=true}: the CPU time each timed completion of phase (a) cost the
   * server's threads, by group, read before and after each one (outside the timed window, but the
   * reads themselves cost the next request a little: a separate run from the one that is timed).
   */
  private static final class PathCpu {
    private static final List<String> GROUPS =
        List.of("codeloop-request", "HttpClient-", "bench-session", "codeloop-");
    private static final List<String> LABELS =
        List.of(
            "request thread (context, route, HTTP write)",
            "HTTP client's selector (reply, post-processing, response)",
            "session's dispatch thread (reads the messages)",
            "other codeloop- threads");
    private final long[][] perGroup;

    private final long[] collections;
    private final long[] compileMs;
    private final long[] allocatedKb;

    PathCpu(int n) {
      allocatedKb = new long[n];
      perGroup = new long[GROUPS.size()][n];
      collections = new long[n];
      compileMs = new long[n];
    }

    /**
     * CPU time so far of each group's threads ({@link #cpuByPrefix}), then the JVM's collections
     * and its JIT compilers' milliseconds so far.
     */
    static long[] now() {
      long[] groups = cpuByPrefix(GROUPS);
      long[] out = java.util.Arrays.copyOf(groups, groups.length + 3);
      // every thread of the JVM, the bench's client and model server too: one heap
      out[groups.length + 2] = byPrefix(List.of(""), true)[0];
      for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        out[groups.length] += Math.max(0, gc.getCollectionCount());
      }
      out[groups.length + 1] =
          java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
      return out;
    }

    void add(int i, long[] before, long[] after) {
      for (int g = 0; g < GROUPS.size(); g++) {
        perGroup[g][i] = after[g] - before[g];
      }
      collections[i] = after[GROUPS.size()] - before[GROUPS.size()];
      compileMs[i] = after[GROUPS.size() + 1] - before[GROUPS.size() + 1];
      allocatedKb[i] = (after[GROUPS.size() + 2] - before[GROUPS.size() + 2]) / 1024;
    }

    /**
     * The overhead split by what else happened in the JVM during each completion: a collection, a
     * JIT compilation, or neither.
     */
    void reportQuiet(long[] overhead) {
      long[][] split = new long[3][];
      int[] counts = new int[3];
      for (int i = 0; i < overhead.length; i++) {
        counts[kind(i)]++;
      }
      for (int k = 0; k < 3; k++) {
        split[k] = new long[counts[k]];
        counts[k] = 0;
      }
      for (int i = 0; i < overhead.length; i++) {
        int k = kind(i);
        split[k][counts[k]++] = overhead[i];
      }
      ServingPathBench.print(
          "  KB allocated per completion, all threads of the JVM (bench's client and model too): p50"
              + " %d",
          java.util.Arrays.stream(allocatedKb).sorted().toArray()[allocatedKb.length / 2]);
      String[] names = {"neither", "a young collection", "JIT compilation, no collection"};
      for (int k = 0; k < 3; k++) {
        if (split[k].length > 0) {
          ServingPathBench.report("  overhead, completions with " + names[k], split[k]);
        }
      }
    }

    private int kind(int i) {
      return collections[i] > 0 ? 1 : compileMs[i] > 0 ? 2 : 0;
    }

    void report() {
      long[] total = new long[perGroup[0].length];
      for (int g = 0; g < GROUPS.size(); g++) {
        ServingPathBench.report("  server CPU per completion: " + LABELS.get(g), perGroup[g]);
        for (int i = 0; i < total.length; i++) {
          total[i] += perGroup[g][i];
        }
      }
      ServingPathBench.report("  server CPU per completion: all of the above", total);
    }
  }

  private static final List<String> CPU_THREADS =
      List.of("codeloop-request", "codeloop-embedded", "codeloop-background");

  /**
   * CPU time so far of the server's threads (in this JVM: the session runs in-process), summed by
   * {@link #CPU_THREADS} name prefix, then every other {@code codeloop-} thread. CPU time does not
   * grow while a thread waits for a core, so it compares builds at different loads better than the
   * wall clock does.
   */
  private static long[] serverCpu() {
    List<String> prefixes = new ArrayList<>(CPU_THREADS);
    prefixes.add("codeloop-");
    return cpuByPrefix(prefixes);
  }

  /**
   * CPU time so far of this JVM's threads by name prefix: a thread counts in the first of {@code
   * prefixes} its name starts with, and in none if it starts with none.
   */
  private static long[] cpuByPrefix(List<String> prefixes) {
    return byPrefix(prefixes, false);
  }

  /**
   * CPU time (or, with {@code allocated}, bytes allocated) so far of this JVM's threads by name
   * prefix: a thread counts in the first of {@code prefixes} its name starts with, and in none if
   * it starts with none.
   */
  private static long[] byPrefix(List<String> prefixes, boolean allocated) {
    var bean =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long[] out = new long[prefixes.size()];
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      for (int g = 0; g < prefixes.size(); g++) {
        if (t.getName().startsWith(prefixes.get(g))) {
          out[g] +=
              Math.max(
                  0,
                  allocated
                      ? bean.getThreadAllocatedBytes(t.getId())
                      : bean.getThreadCpuTime(t.getId()));
          break;
        }
      }
    }
    return out;
  }

  private static void reportCpu(long[] before, long[] after, int requests) {
    if (COMMAND != null) {
      return; // the server's threads are another process's
    }
    StringBuilder line = new StringBuilder("  server CPU per request, ms:");
    for (int g = 0; g <= CPU_THREADS.size(); g++) {
      String name = g < CPU_THREADS.size() ? CPU_THREADS.get(g) : "other codeloop-";
      line.append(
          String.format(Locale.ROOT, " %s %.2f", name, (after[g] - before[g]) / 1e6 / requests));
    }
    print("%s", line);
  }

  private static long[] timeEmbedded(LanguageServer server, List<Cursor> cursors, boolean menu)
      throws Exception {
    long[] nanos = new long[cursors.size()];
    for (int i = 0; i < nanos.length; i++) {
      Cursor c = cursors.get(i);
      TextDocumentIdentifier id = new TextDocumentIdentifier(c.uri());
      Position p = new Position(c.line(), c.character());
      long t0 = System.nanoTime();
      if (menu) {
        CompletionParams params = new CompletionParams(id, p);
        params.setContext(new CompletionContext(CompletionTriggerKind.Invoked));
        server.getTextDocumentService().completion(params).get(30, TimeUnit.SECONDS);
      } else {
        server
            .getTextDocumentService()
            .inlineCompletion(
                new InlineCompletionParams(
                    id, p, new InlineCompletionContext(InlineCompletionTriggerKind.Automatic)))
            .get(30, TimeUnit.SECONDS);
      }
      nanos[i] = System.nanoTime() - t0;
    }
    return nanos;
  }

  // --- the session ---

  private static Map<String, String> env(Path root) {
    return Map.of(
        "XDG_CONFIG_HOME", root.resolve("config").toString(),
        "XDG_CACHE_HOME", root.resolve("cache").toString(),
        "XDG_STATE_HOME", root.resolve("state").toString(),
        "HOME", root.toString());
  }

  private static InitializeParams init(Path workspace, String options) {
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(
        List.of(new WorkspaceFolder(workspace.toUri().toString(), "workspace")));
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setInlineCompletion(new InlineCompletionCapabilities());
    CompletionCapabilities completion = new CompletionCapabilities();
    if (ITEM_DEFAULTS) {
      CompletionListCapabilities list = new CompletionListCapabilities();
      list.setItemDefaults(List.of("editRange", "insertTextFormat", "insertTextMode"));
      completion.setCompletionList(list);
    }
    text.setCompletion(completion);
    ClientCapabilities caps = new ClientCapabilities();
    caps.setTextDocument(text);
    init.setCapabilities(caps);
    init.setInitializationOptions(JsonParser.parseString(options));
    return init;
  }

  private static String open(LanguageServer server, Path file, String text) {
    return open(server, file.toUri().toString(), text);
  }

  private static String open(LanguageServer server, String uri, String text) {
    server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "java", 1, text)));
    return uri;
  }

  /** A full-text change: the document becomes {@code text}. */
  private static void replaceAll(LanguageServer server, String uri, int version, String text) {
    TextDocumentContentChangeEvent whole = new TextDocumentContentChangeEvent();
    whole.setText(text);
    server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), List.of(whole)));
  }

  private static void change(
      LanguageServer server, String uri, int version, Position from, Position to, String text) {
    server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version),
                List.of(new TextDocumentContentChangeEvent(new Range(from, to), text))));
  }

  // --- the zero-latency model ---

  /**
   * An OpenAI-compatible {@code /v1/completions} endpoint that answers at once: HTTP/1.1 with
   * keep-alive, one thread per connection, {@code TCP_NODELAY}, the reply in one write. Records its
   * own time per request (first byte of the request read → reply flushed).
   */
  static final class ZeroLatencyFimServer implements AutoCloseable {
    private static final byte[] HEAD_REPLY =
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    final AtomicInteger requests = new AtomicInteger();
    final ConcurrentLinkedQueue<Long> ownTimes = new ConcurrentLinkedQueue<>();
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    ZeroLatencyFimServer() throws IOException {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      acceptor = new Thread(this::accept, "zero-latency-model");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String base() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          s.setTcpNoDelay(true);
          open.add(s);
          Thread t = new Thread(() -> serve(s), "zero-latency-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      byte[] body =
          ("{\"id\":\"c\",\"object\":\"text_completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                  + "\"text\":\""
                  + REPLY_TEXT
                  + "\",\"finish_reason\":\"stop\"}],"
                  + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}")
              .getBytes(StandardCharsets.UTF_8);
      byte[] head =
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] reply = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, reply, head.length, body.length);
      try (s;
          InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
          OutputStream out = s.getOutputStream()) {
        while (true) {
          int first = in.read();
          if (first < 0) {
            return;
          }
          long t0 = System.nanoTime();
          ByteArrayOutputStream headers = new ByteArrayOutputStream();
          headers.write(first);
          int last4 = first;
          while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
              return;
            }
            headers.write(b);
            last4 = (last4 << 8) | b;
          }
          int length = 0;
          String request = headers.toString(StandardCharsets.US_ASCII);
          for (String line : request.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).trim());
            }
          }
          in.readNBytes(length);
          if (request.startsWith("HEAD ")) {
            // the server's warm-up opening its connection ahead of the first call: no model call
            out.write(HEAD_REPLY);
            out.flush();
            continue;
          }
          requests.incrementAndGet();
          out.write(reply);
          out.flush();
          ownTimes.add(System.nanoTime() - t0);
        }
      } catch (IOException e) {
        // the client closed the connection
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : open) {
        s.close();
      }
    }
  }

  // --- helpers ---

  private static String read(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void report(String label, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    print(
        "%-66s n=%d  p50=%.3f  p90=%.3f  p95=%.3f  p99=%.3f  max=%.3f ms",
        label,
        sorted.length,
        pct(sorted, 0.50),
        pct(sorted, 0.90),
        pct(sorted, 0.95),
        pct(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unavailable";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  private static void print(String format, Object... args) {
    System.out.printf(Locale.ROOT, format + "%n", args);
  }
}
