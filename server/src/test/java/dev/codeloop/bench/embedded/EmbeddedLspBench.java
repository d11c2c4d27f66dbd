package dev.codeloop.bench.embedded;

import com.google.gson.JsonParser;
import dev.codeloop.ServerComponents;
import dev.codeloop.bench.PipedLspConnection;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.handler.NullLanguageClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionContext;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.InlineCompletionCapabilities;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkDoneProgressNotification;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Latency of the embedded offline model's completions <em>through the LSP path</em>, as an editor
 * sees it. Builds the production composition ({@link ServerComponents#production}) with fresh
 * {@code XDG_CONFIG_HOME}/{@code XDG_CACHE_HOME} folders, no model configured and no API keys, so
 * every completion comes from the embedded n-gram model (provider {@code embedded}). A real session
 * runs over piped streams against an LSP4J client.
 *
 * <p>Protocol:
 *
 * <ol>
 *   <li>The workspace is a temp folder holding the first {@code .java} files of {@code java.base/}
 *       from the JDK's {@code src.zip} (sorted by entry name, until about 100k lines, relative
 *       paths kept). The client declares inline completion and {@code window.workDoneProgress},
 *       answers {@code window/workDoneProgress/create} and waits for the end of the server's
 *       "learning the workspace" progress (at most 120 s); the indexing wall time is printed (from
 *       {@code initialized} to that end).
 *   <li>The first 20 files of {@code java.net.http/} (held out: never on disk) are opened with
 *       {@code didOpen} as {@code held-out/<path>} inside the workspace folder. Note that the
 *       server learns open documents, so the model knows the whole held-out file, including the
 *       text after each cursor: the share of non-empty answers is not a quality figure.
 *   <li>Cursor positions come from a fixed-seed {@link Random}: each at least 200 characters into
 *       its document, 75% inside a line with non-blank text before the cursor and a non-blank
 *       character right before it (mid-identifier or just after a token), 25% at the end of a
 *       non-blank line. No edits are sent.
 *   <li>300 warm-up {@code textDocument/inlineCompletion} requests (trigger Automatic, not
 *       counted), then N timed ones: the round trip as the client sees it ({@link System#nanoTime}
 *       from sending the request to the future's {@code get} returning), so it includes both sides'
 *       JSON and the dispatch thread.
 *   <li>If the server advertises a {@code completionProvider}, 500 timed {@code
 *       textDocument/completion} requests too.
 * </ol>
 *
 * Printed: count, share of non-empty answers, p50/p90/p95/p99/max in ms, and the load average
 * ({@code /proc/loadavg}) at start and end: the figures depend on what else the machine runs. The
 * temp folder is deleted at the end. Run with
 *
 * <pre>
 * mvn -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.codeloop.bench.embedded.EmbeddedLspBench -Dexec.args=2000
 * </pre>
 *
 * ({@code args[0]}: number of timed inline requests, default 2000).
 */
public final class EmbeddedLspBench {
  private static final Path SRC_ZIP = JdkCorpus.SRC_ZIP;
  private static final String WORKSPACE_MODULE = "java.base/";
  private static final String HELD_OUT_MODULE = "java.net.http/";
  private static final long WORKSPACE_LINES = 100_000;
  private static final int HELD_OUT_FILES = 20;
  private static final int WARM_UP = 300;
  private static final int LIST_REQUESTS = 500;
  private static final int MIN_OFFSET = 200;
  private static final long SEED = 42;
  private static final Duration INDEX_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final String PROGRESS_TITLE = "learning the workspace";

  private EmbeddedLspBench() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path root = Files.createTempDirectory("codeloop-embedded-lsp-bench");
    try {
      run(root, requests);
    } finally {
      deleteTree(root);
    }
    System.exit(0);
  }

  private static void run(Path root, int requests) throws Exception {
    print("load average at start: %s", loadAverage());
    Path workspace = root.resolve("workspace");
    Corpus corpus = writeWorkspace(workspace);
    print(
        "workspace: %d files, %d lines of %s (%s)",
        corpus.files(), corpus.lines(), WORKSPACE_MODULE, SRC_ZIP);
    List<HeldOut> heldOut = readHeldOut(workspace.resolve("held-out"));
    Map<String, String> env =
        Map.of(
            "XDG_CONFIG_HOME", root.resolve("config").toString(),
            "XDG_CACHE_HOME", root.resolve("cache").toString(),
            "XDG_STATE_HOME", root.resolve("state").toString());
    ServerComponents components =
        ServerComponents.production(ServerExecutors.defaults(), env, "bench", log -> {});
    try {
      Connection connection = connect(components);
      try {
        measure(connection, workspace, heldOut, requests);
      } finally {
        connection.shutdown();
      }
    } finally {
      components.close();
    }
    print("load average at end: %s", loadAverage());
  }

  private static void measure(
      Connection connection, Path workspace, List<HeldOut> heldOut, int requests) throws Exception {
    LanguageServer server = connection.server();
    InitializeResult init =
        server.initialize(initializeParams(workspace)).get(30, TimeUnit.SECONDS);
    boolean listAdvertised = init.getCapabilities().getCompletionProvider() != null;
    long start = System.nanoTime();
    server.initialized(new InitializedParams());
    String learned = awaitIndexing(connection.client());
    print("indexing wall time: %.2f s (%s)", (System.nanoTime() - start) / 1e9, learned);

    heldOut.forEach(doc -> open(server, doc));
    print(
        "held out: %d files, %d lines of %s, opened under held-out/",
        heldOut.size(), heldOut.stream().mapToInt(d -> d.lines().size()).sum(), HELD_OUT_MODULE);
    Random random = new Random(SEED);
    timeInline(server, cursors(heldOut, WARM_UP, random));
    report("inline completion (Automatic)", timeInline(server, cursors(heldOut, requests, random)));
    if (listAdvertised) {
      report("list completion", timeList(server, cursors(heldOut, LIST_REQUESTS, random)));
    } else {
      print("list completion: not measured, the server advertises no completionProvider");
    }
  }

  // --- the session ---

  /** The piped session and the client that records its progress notifications. */
  private record Connection(PipedLspConnection pipe, BenchClient client) {
    LanguageServer server() {
      return pipe.server();
    }

    void shutdown() throws Exception {
      try (PipedLspConnection p = pipe) {
        p.server().shutdown().get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        p.server().exit();
        p.awaitSessionEnd(REQUEST_TIMEOUT.toMillis());
      }
    }
  }

  private static Connection connect(ServerComponents components) throws IOException {
    BenchClient client = new BenchClient();
    return new Connection(PipedLspConnection.open(components, client), client);
  }

  private static InitializeParams initializeParams(Path workspace) {
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(
        List.of(new WorkspaceFolder(workspace.toUri().toString(), "workspace")));
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setInlineCompletion(new InlineCompletionCapabilities());
    text.setCompletion(new CompletionCapabilities());
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    ClientCapabilities caps = new ClientCapabilities();
    caps.setTextDocument(text);
    caps.setWindow(window);
    init.setCapabilities(caps);
    init.setInitializationOptions(
        JsonParser.parseString(
            "{\"settings\": {\"completion\": {\"debounceMs\": 0},"
                + " \"embedded\": {\"stableAfterMs\": 0}}}"));
    return init;
  }

  private static String awaitIndexing(BenchClient client) throws Exception {
    try {
      return client.indexed().get(INDEX_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "no end of the \""
              + PROGRESS_TITLE
              + "\" work-done progress within "
              + INDEX_TIMEOUT.toSeconds()
              + " s (is the embedded model enabled and workspace indexing on?)",
          e);
    }
  }

  private static void open(LanguageServer server, HeldOut doc) {
    server
        .getTextDocumentService()
        .didOpen(
            new DidOpenTextDocumentParams(
                new TextDocumentItem(doc.uri(), "java", 1, String.join("\n", doc.lines()))));
  }

  // --- timing ---

  /** Round-trip times and how many answers had something to show. */
  private record Samples(long[] nanos, int nonEmpty) {}

  private static Samples timeInline(LanguageServer server, List<Cursor> cursors) throws Exception {
    long[] nanos = new long[cursors.size()];
    int nonEmpty = 0;
    for (int i = 0; i < nanos.length; i++) {
      Cursor c = cursors.get(i);
      long start = System.nanoTime();
      var future =
          server
              .getTextDocumentService()
              .inlineCompletion(
                  new InlineCompletionParams(
                      new TextDocumentIdentifier(c.uri()),
                      c.position(),
                      new InlineCompletionContext(InlineCompletionTriggerKind.Automatic)));
      var answer = future.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      nanos[i] = System.nanoTime() - start;
      List<InlineCompletionItem> items =
          answer == null
              ? List.of()
              : answer.isRight() ? answer.getRight().getItems() : answer.getLeft();
      if (items.stream().anyMatch(EmbeddedLspBench::hasText)) {
        nonEmpty++;
      }
    }
    return new Samples(nanos, nonEmpty);
  }

  private static boolean hasText(InlineCompletionItem item) {
    var text = item.getInsertText();
    String s = text.isLeft() ? text.getLeft() : text.getRight().getValue();
    return s != null && !s.isEmpty();
  }

  private static Samples timeList(LanguageServer server, List<Cursor> cursors) throws Exception {
    long[] nanos = new long[cursors.size()];
    int nonEmpty = 0;
    for (int i = 0; i < nanos.length; i++) {
      Cursor c = cursors.get(i);
      CompletionParams params =
          new CompletionParams(new TextDocumentIdentifier(c.uri()), c.position());
      params.setContext(new CompletionContext(CompletionTriggerKind.Invoked));
      long start = System.nanoTime();
      var future = server.getTextDocumentService().completion(params);
      var answer = future.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      nanos[i] = System.nanoTime() - start;
      int items =
          answer == null
              ? 0
              : answer.isLeft() ? answer.getLeft().size() : answer.getRight().getItems().size();
      if (items > 0) {
        nonEmpty++;
      }
    }
    return new Samples(nanos, nonEmpty);
  }

  private static void report(String label, Samples samples) {
    long[] sorted = samples.nanos().clone();
    Arrays.sort(sorted);
    print(
        "%s: n=%d  non-empty=%.1f%%  p50=%.2f ms  p90=%.2f ms  p95=%.2f ms  p99=%.2f ms"
            + "  max=%.2f ms",
        label,
        sorted.length,
        100.0 * samples.nonEmpty() / Math.max(1, sorted.length),
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  /** Nearest rank, in milliseconds. */
  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  // --- cursor positions ---

  private record Cursor(String uri, int line, int character) {
    Position position() {
      return new Position(line, character);
    }
  }

  /** {@code count} positions: a quarter at the end of a line, the rest inside one. */
  private static List<Cursor> cursors(List<HeldOut> docs, int count, Random random) {
    List<Cursor> out = new ArrayList<>(count);
    while (out.size() < count) {
      out.add(cursor(docs, random, random.nextInt(4) == 0));
    }
    return out;
  }

  private static Cursor cursor(List<HeldOut> docs, Random random, boolean endOfLine) {
    while (true) {
      HeldOut doc = docs.get(random.nextInt(docs.size()));
      int line = random.nextInt(doc.lines().size());
      String text = doc.lines().get(line);
      int column = endOfLine ? endOfLine(text) : insideLine(text, random);
      if (column >= 0 && doc.offsets()[line] + column >= MIN_OFFSET) {
        return new Cursor(doc.uri(), line, column);
      }
    }
  }

  /** The end of a non-blank line, else -1. */
  private static int endOfLine(String text) {
    return text.isBlank() ? -1 : text.length();
  }

  /**
   * A column strictly inside the line, past its first non-blank character, right after a non-blank
   * character (mid-identifier or just after a token); -1 if there is none.
   */
  private static int insideLine(String text, Random random) {
    List<Integer> columns = new ArrayList<>();
    int first = text.length() - text.stripLeading().length();
    for (int c = first + 1; c < text.length(); c++) {
      if (!Character.isWhitespace(text.charAt(c - 1))) {
        columns.add(c);
      }
    }
    return columns.isEmpty() ? -1 : columns.get(random.nextInt(columns.size()));
  }

  // --- the corpus ---

  private record Corpus(int files, long lines) {}

  /** An open document: its lines and the offset at which each starts. */
  private record HeldOut(String uri, List<String> lines, int[] offsets) {
    static HeldOut of(String uri, String text) {
      List<String> lines = Arrays.asList(text.split("\r?\n", -1));
      int[] offsets = new int[lines.size()];
      for (int i = 1; i < offsets.length; i++) {
        offsets[i] = offsets[i - 1] + lines.get(i - 1).length() + 1;
      }
      return new HeldOut(uri, lines, offsets);
    }
  }

  /** Writes the first files of java.base (entry-name order) until about 100k lines. */
  private static Corpus writeWorkspace(Path workspace) throws IOException {
    int files = 0;
    long lines = 0;
    try (ZipFile zip = new ZipFile(SRC_ZIP.toFile())) {
      for (ZipEntry e : javaEntries(zip, WORKSPACE_MODULE)) {
        if (lines >= WORKSPACE_LINES) {
          break;
        }
        String text = read(zip, e);
        Path file = workspace.resolve(e.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        files++;
        lines += text.lines().count();
      }
    }
    return new Corpus(files, lines);
  }

  private static List<HeldOut> readHeldOut(Path folder) throws IOException {
    List<HeldOut> out = new ArrayList<>();
    try (ZipFile zip = new ZipFile(SRC_ZIP.toFile())) {
      for (ZipEntry e : javaEntries(zip, HELD_OUT_MODULE)) {
        if (out.size() == HELD_OUT_FILES) {
          break;
        }
        Path path = folder.resolve(e.getName().substring(HELD_OUT_MODULE.length()));
        out.add(HeldOut.of(path.toUri().toString(), read(zip, e)));
      }
    }
    return out;
  }

  private static List<ZipEntry> javaEntries(ZipFile zip, String module) {
    return zip.stream()
        .filter(e -> e.getName().startsWith(module) && e.getName().endsWith(".java"))
        .sorted(Comparator.comparing(ZipEntry::getName))
        .map(e -> (ZipEntry) e)
        .toList();
  }

  private static String read(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // --- helpers ---

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" ", Arrays.copyOf(fields, Math.min(3, fields.length)))
          + " (1/5/15 min, "
          + Runtime.getRuntime().availableProcessors()
          + " cores)";
    } catch (IOException e) {
      return "unavailable (" + e.getMessage() + ")";
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

  /**
   * Accepts progress tokens and completes {@link #indexed()} with the end message of the "learning
   * the workspace" progress; everything else is ignored.
   */
  private static final class BenchClient extends NullLanguageClient {
    private final Set<String> indexingTokens = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<String> indexed = new CompletableFuture<>();

    CompletableFuture<String> indexed() {
      return indexed;
    }

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyProgress(ProgressParams params) {
      Either<WorkDoneProgressNotification, Object> value = params.getValue();
      if (value == null || !value.isLeft()) {
        return;
      }
      String token =
          params.getToken().isLeft()
              ? params.getToken().getLeft()
              : "#" + params.getToken().getRight();
      WorkDoneProgressNotification n = value.getLeft();
      if (n instanceof WorkDoneProgressBegin begin
          && begin.getTitle() != null
          && begin.getTitle().contains(PROGRESS_TITLE)) {
        indexingTokens.add(token);
      } else if (n instanceof WorkDoneProgressEnd end && indexingTokens.contains(token)) {
        indexed.complete(end.getMessage());
      }
    }

    @Override
    public CompletableFuture<Void> registerCapability(RegistrationParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void showMessage(MessageParams message) {
      print("server message (%s): %s", message.getType(), message.getMessage());
    }
  }
}
