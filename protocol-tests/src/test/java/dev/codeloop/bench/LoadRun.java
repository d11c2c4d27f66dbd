package dev.codeloop.bench;

import dev.codeloop.protocol.LspFrames;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many editors typing at once against one server listening on {@code --tcp}: each editor is one
 * loopback connection (its own LSP session) with one open Java file. Each editor ticks {@code rate}
 * times a second and sends one request per tick, open loop (it does not wait for answers), from a
 * realistic mix: inline completion while typing (a {@code didChange} of one key first; a still
 * unanswered inline completion is cancelled, as editors do), list completion, code actions on the
 * current line, {@code codeAction/resolve} of an action offered earlier (a model call), pull
 * diagnostics and {@code codeloop.stats}. Every answer is matched to its request: per method the
 * latency (send to answer, as the editor sees it), results, empty results, cancellations and errors
 * by code; a request answered twice or never is counted. Afterwards each editor must still get an
 * answer to {@code codeloop.stats}. JDK only, so that it runs as a plain main class.
 */
public final class LoadRun {
  /** How hard and how long. */
  public record Options(
      int editors,
      double ratePerEditor,
      int warmUpSeconds,
      int seconds,
      long seed,
      long drainMs,
      String settings) {}

  /** What one method got. */
  public record MethodStats(
      String method,
      int sent,
      int answered,
      int results,
      int empty,
      int cancelled,
      Map<Integer, Integer> errors,
      double p50Ms,
      double p99Ms,
      double maxMs) {
    public int errorCount() {
      return errors.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The whole run. */
  public record Report(
      Options options,
      double loadSeconds,
      int sent,
      int unanswered,
      int answeredTwice,
      int unknownAnswers,
      int sendFailures,
      int aliveEditors,
      List<MethodStats> methods,
      Map<Integer, String> errorSamples,
      Optional<ProcStats> before,
      Optional<ProcStats> after,
      long peakRssKb,
      int peakThreads,
      Map<String, Integer> notifications,
      long clientCpuMs,
      Map<Long, Integer> slowBySecond,
      List<String> messageSamples,
      Map<String, Integer> errorKinds) {
    public double achievedRate() {
      return sent / loadSeconds;
    }

    public int errors() {
      return methods.stream().mapToInt(MethodStats::errorCount).sum();
    }

    public String format() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "%d editors x %.0f req/s x (%d s warm-up + %d s): sent %d requests in %.1f s = %.1f"
                  + " req/s (target %.0f); per method the requests sent after the warm-up%n",
              options.editors(),
              options.ratePerEditor(),
              options.warmUpSeconds(),
              options.seconds(),
              sent,
              loadSeconds,
              achievedRate(),
              options.editors() * options.ratePerEditor()));
      b.append(
          String.format(
              Locale.ROOT,
              "%-32s %6s %6s %6s %6s %6s %8s %8s %8s  %s%n",
              "method",
              "sent",
              "answ",
              "result",
              "empty",
              "cancel",
              "p50 ms",
              "p99 ms",
              "max ms",
              "errors by code"));
      for (MethodStats m : methods) {
        b.append(
            String.format(
                Locale.ROOT,
                "%-32s %6d %6d %6d %6d %6d %8.1f %8.1f %8.1f  %s%n",
                m.method(),
                m.sent(),
                m.answered(),
                m.results(),
                m.empty(),
                m.cancelled(),
                m.p50Ms(),
                m.p99Ms(),
                m.maxMs(),
                m.errors().isEmpty() ? "-" : m.errors()));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "errors %d, unanswered %d, answered twice %d, unknown ids %d, send failures %d;"
                  + " editors answering afterwards %d of %d; from the server: %s%n",
              errors(),
              unanswered,
              answeredTwice,
              unknownAnswers,
              sendFailures,
              aliveEditors,
              options.editors(),
              notifications));
      if (!slowBySecond.isEmpty()) {
        b.append("requests other than inline completion slower than 250 ms, by second sent: ")
            .append(slowBySecond)
            .append('\n');
      }
      messageSamples.forEach(m -> b.append("  ").append(m).append('\n'));
      errorSamples.forEach(
          (code, msg) -> b.append("  error ").append(code).append(": ").append(msg).append('\n'));
      errorKinds.forEach(
          (kind, n) -> b.append("  ").append(n).append(" x ").append(kind).append('\n'));
      if (before.isPresent() && after.isPresent()) {
        ProcStats s = before.get();
        ProcStats e = after.get();
        b.append(
            String.format(
                Locale.ROOT,
                "server RSS %.0f MB before, %.0f MB peak, %.0f MB after; threads %d before, %d peak,"
                    + " %d after; CPU %.1f s during the run = %.0f %% of one core%n",
                s.rssMb(),
                peakRssKb / 1024.0,
                e.rssMb(),
                s.threads(),
                peakThreads,
                e.threads(),
                (e.cpuMs() - s.cpuMs()) / 1000.0,
                100.0 * (e.cpuMs() - s.cpuMs()) / 1000.0 / loadSeconds));
      }
      b.append(
          String.format(
              Locale.ROOT,
              "the editors (this process) used %.1f s of CPU meanwhile%n",
              clientCpuMs / 1000.0));
      return b.toString();
    }
  }

  private record Pending(String method, String row, long sentNanos) {}

  /** The row of the report that holds every request sent during the warm-up. */
  public static final String WARM_UP = "(warm-up: all methods)";

  private static final List<String> TYPED =
      List.of(
          "    int total = 0;",
          "    for (Item item : items) {",
          "      total += item.price() * item.quantity();",
          "      log.append(item.name()).append(' ');",
          "    }",
          "    if (total > limit) {",
          "      return Optional.empty();",
          "    }",
          "    cache.put(customer, total);");

  private final Options options;
  private final int port;
  private final long pid;
  private final Path workspace;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> outstanding = new ConcurrentHashMap<>();
  private final Map<Long, Boolean> done = new ConcurrentHashMap<>();
  private final Map<String, List<Double>> latencies = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger[]> counters = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Integer>> errors = new ConcurrentHashMap<>();
  private final Map<Integer, String> errorSamples = new ConcurrentHashMap<>();

  /** Errors by row, code, method and the start of the message (what kind of error). */
  private final Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();

  /** Requests slower than 250 ms (not inline completions, which wait for a model), per second. */
  private final Map<Long, AtomicInteger> slowBySecond = new ConcurrentHashMap<>();

  private volatile long startNanos;
  private final AtomicInteger answeredTwice = new AtomicInteger();
  private final AtomicInteger unknown = new AtomicInteger();
  private final AtomicInteger sendFailures = new AtomicInteger();
  private final Map<String, AtomicInteger> notifications = new ConcurrentHashMap<>();
  private final java.util.Set<String> messageSamples = ConcurrentHashMap.newKeySet();
  private final List<Editor> editors = new ArrayList<>();

  /**
   * @param port where the server listens (127.0.0.1)
   * @param pid the server's process id, for RSS, threads and CPU time ({@code -1}: not measured)
   * @param workspace a folder that stands for the editors' workspace (the documents are not written
   *     there: they live in the editors)
   */
  public LoadRun(Options options, int port, long pid, Path workspace) {
    this.options = options;
    this.port = port;
    this.pid = pid;
    this.workspace = workspace;
  }

  public Report run() throws Exception {
    for (int i = 0; i < options.editors(); i++) {
      Editor e = new Editor(i, new Random(options.seed() * 31 + i));
      editors.add(e);
      e.connect();
    }
    for (Editor e : editors) {
      e.awaitInitialized();
      e.open();
    }
    Thread.sleep(1000); // let the sessions settle (warm-up after initialized)
    Optional<ProcStats> before = ProcStats.of(pid);
    long clientCpu = ProcStats.of(ProcessHandle.current().pid()).map(ProcStats::cpuMs).orElse(0L);
    AtomicLong peakRss = new AtomicLong(before.map(ProcStats::rssKb).orElse(0L));
    AtomicInteger peakThreads = new AtomicInteger(before.map(ProcStats::threads).orElse(0));
    ScheduledThreadPoolExecutor ticks =
        new ScheduledThreadPoolExecutor(
            3,
            r -> {
              Thread t = new Thread(r, "load-tick");
              t.setDaemon(true);
              return t;
            });
    ticks.scheduleAtFixedRate(
        () ->
            ProcStats.of(pid)
                .ifPresent(
                    s -> {
                      peakRss.accumulateAndGet(s.rssKb(), Math::max);
                      peakThreads.accumulateAndGet(s.threads(), Math::max);
                    }),
        0,
        500,
        TimeUnit.MILLISECONDS);
    long period = (long) (1e9 / options.ratePerEditor());
    long start = System.nanoTime();
    startNanos = start;
    long end = start + TimeUnit.SECONDS.toNanos(options.warmUpSeconds() + options.seconds());
    CountDownLatch finished = new CountDownLatch(1);
    for (Editor e : editors) {
      long offset = period * e.index / Math.max(1, options.editors());
      ticks.scheduleAtFixedRate(() -> e.tick(end), offset, period, TimeUnit.NANOSECONDS);
    }
    ticks.schedule(finished::countDown, end - start, TimeUnit.NANOSECONDS);
    finished.await();
    double loadSeconds = (System.nanoTime() - start) / 1e9;
    long drainEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.drainMs());
    while (!outstanding.isEmpty() && System.nanoTime() < drainEnd) {
      Thread.sleep(50);
    }
    int unanswered = outstanding.size();
    int sent = (int) ids.get();
    Thread.sleep(2000); // quiet: what is left once the load is gone
    Optional<ProcStats> after = ProcStats.of(pid);
    clientCpu =
        ProcStats.of(ProcessHandle.current().pid()).map(ProcStats::cpuMs).orElse(clientCpu)
            - clientCpu;
    ticks.shutdownNow();
    after.ifPresent(
        s -> {
          peakRss.accumulateAndGet(s.rssKb(), Math::max);
          peakThreads.accumulateAndGet(s.threads(), Math::max);
        });
    int alive = 0;
    for (Editor e : editors) {
      if (e.stillAnswers()) {
        alive++;
      }
    }
    for (Editor e : editors) {
      e.close();
    }
    List<MethodStats> methods = new ArrayList<>();
    for (String method : new TreeMap<>(counters).keySet()) {
      AtomicInteger[] c = counters.get(method);
      List<Double> l;
      synchronized (latencies.get(method)) {
        l = new ArrayList<>(latencies.get(method));
      }
      Collections.sort(l);
      methods.add(
          new MethodStats(
              method,
              c[0].get(),
              c[1].get(),
              c[2].get(),
              c[3].get(),
              c[4].get(),
              new TreeMap<>(errors.getOrDefault(method, Map.of())),
              percentile(l, 0.50),
              percentile(l, 0.99),
              l.isEmpty() ? 0 : l.get(l.size() - 1)));
    }
    return new Report(
        options,
        loadSeconds,
        sent,
        unanswered,
        answeredTwice.get(),
        unknown.get(),
        sendFailures.get(),
        alive,
        methods,
        new TreeMap<>(errorSamples),
        before,
        after,
        peakRss.get(),
        peakThreads.get(),
        counts(notifications),
        clientCpu,
        slowSeconds(),
        List.copyOf(messageSamples),
        counts(errorKinds));
  }

  private static Map<String, Integer> counts(Map<String, AtomicInteger> counters) {
    Map<String, Integer> out = new TreeMap<>();
    counters.forEach((k, n) -> out.put(k, n.get()));
    return out;
  }

  private Map<Long, Integer> slowSeconds() {
    Map<Long, Integer> out = new TreeMap<>();
    slowBySecond.forEach((second, n) -> out.put(second, n.get()));
    return out;
  }

  private static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int k = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, k)));
  }

  private AtomicInteger[] counter(String method) {
    return counters.computeIfAbsent(
        method,
        m -> {
          latencies.putIfAbsent(m, new ArrayList<>());
          AtomicInteger[] c = new AtomicInteger[5];
          for (int k = 0; k < c.length; k++) {
            c[k] = new AtomicInteger();
          }
          return c;
        });
  }

  /** One editor: a connection, one open document it types into, and the requests it sends. */
  private final class Editor {
    final int index;
    final Random random;
    final String uri;
    final List<StringBuilder> lines = new ArrayList<>();
    Socket socket;
    OutputStream out;
    final CountDownLatch initialized = new CountDownLatch(1);
    final Map<String, CountDownLatch> waits = new ConcurrentHashMap<>();
    final java.util.Set<Long> resolveAfter = ConcurrentHashMap.newKeySet();

    /** Picking an action from the light bulb: no typing until its resolve is answered. */
    volatile boolean picking;

    long lastInline = -1;
    int version = 1;
    int line;
    int typedLine;
    int typedChar;
    volatile boolean stopped;

    Editor(int index, Random random) {
      this.index = index;
      this.random = random;
      this.uri = workspace.resolve("src/shop/Orders" + index + ".java").toUri().toString();
      for (String l : document(index).split("\n", -1)) {
        lines.add(new StringBuilder(l));
      }
      line = lines.size() - 5; // in total(): the empty line before "return Optional.empty();"
    }

    void connect() throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      Thread reader = new Thread(() -> read(in), "editor-" + index);
      reader.setDaemon(true);
      reader.start();
      send(
          "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{"
              + "\"processId\":null,\"rootUri\":"
              + Json.quote(workspace.toUri().toString())
              + ",\"workspaceFolders\":[{\"uri\":"
              + Json.quote(workspace.toUri().toString())
              + ",\"name\":\"shop\"}],\"capabilities\":"
              + CAPABILITIES
              + ",\"initializationOptions\":{\"settings\":"
              + options.settings()
              + "}}}");
    }

    void awaitInitialized() throws Exception {
      if (!initialized.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("editor " + index + ": no initialize reply in 60 s");
      }
      send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
    }

    void open() throws IOException {
      send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
              + "{\"uri\":"
              + Json.quote(uri)
              + ",\"languageId\":\"java\",\"version\":1,\"text\":"
              + Json.quote(text())
              + "}}}");
    }

    String text() {
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < lines.size(); k++) {
        if (k > 0) {
          b.append('\n');
        }
        b.append(lines.get(k));
      }
      return b.toString();
    }

    synchronized void tick(long end) {
      if (stopped || System.nanoTime() >= end) {
        return;
      }
      try {
        int r = random.nextInt(100);
        if (r < 45) {
          typeUnlessPicking();
          if (lastInline >= 0 && outstanding.containsKey(lastInline)) {
            send(
                "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":"
                    + lastInline
                    + "}}");
          }
          lastInline =
              request(
                  "textDocument/inlineCompletion",
                  "{\"textDocument\":{\"uri\":"
                      + Json.quote(uri)
                      + "},\"position\":"
                      + cursor()
                      + ",\"context\":{\"triggerKind\":"
                      + (random.nextInt(10) == 0 ? 1 : 2)
                      + "}}");
        } else if (r < 60) {
          typeUnlessPicking();
          request(
              "textDocument/completion",
              "{\"textDocument\":{\"uri\":"
                  + Json.quote(uri)
                  + "},\"position\":"
                  + cursor()
                  + ",\"context\":{\"triggerKind\":1}}");
        } else if (r < 80) {
          // 15 %: the light bulb on the current line; 5 %: the user then picks an action, whose
          // codeAction/resolve is sent as soon as the list arrives (a model call)
          int from = Math.max(0, line - random.nextInt(4));
          long id =
              request(
                  "textDocument/codeAction",
                  "{\"textDocument\":{\"uri\":"
                      + Json.quote(uri)
                      + "},\"range\":{\"start\":{\"line\":"
                      + from
                      + ",\"character\":0},\"end\":"
                      + cursor()
                      + "},\"context\":{\"diagnostics\":[],\"triggerKind\":"
                      + (r < 75 ? 2 : 1)
                      + "}}");
          if (r >= 75 && !picking) {
            picking = true;
            resolveAfter.add(id);
          }
        } else if (r < 90) {
          request(
              "textDocument/diagnostic", "{\"textDocument\":{\"uri\":" + Json.quote(uri) + "}}");
        } else {
          request("workspace/executeCommand", "{\"command\":\"codeloop.stats\",\"arguments\":[]}");
        }
      } catch (IOException e) {
        sendFailures.incrementAndGet();
        stopped = true;
      }
    }

    private void typeUnlessPicking() throws IOException {
      if (!picking) {
        type();
      }
    }

    /** Types the next key of {@link #TYPED} at the cursor and sends it as a ranged change. */
    private void type() throws IOException {
      String target = TYPED.get(typedLine % TYPED.size());
      String key;
      String pos = cursor();
      if (typedChar < target.length()) {
        key = String.valueOf(target.charAt(typedChar++));
        lines.get(line).append(key);
      } else {
        key = "\n";
        lines.add(line + 1, new StringBuilder());
        line++;
        typedLine++;
        typedChar = 0;
      }
      version++;
      send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":"
              + "{\"uri\":"
              + Json.quote(uri)
              + ",\"version\":"
              + version
              + "},\"contentChanges\":[{\"range\":{\"start\":"
              + pos
              + ",\"end\":"
              + pos
              + "},\"text\":"
              + Json.quote(key)
              + "}]}}");
    }

    private String cursor() {
      return "{\"line\":" + line + ",\"character\":" + lines.get(line).length() + "}";
    }

    private long request(String method, String params) throws IOException {
      long id = ids.incrementAndGet();
      long now = System.nanoTime();
      String row =
          now - startNanos < TimeUnit.SECONDS.toNanos(options.warmUpSeconds()) ? WARM_UP : method;
      counter(row)[0].incrementAndGet();
      outstanding.put(id, new Pending(method, row, now));
      send(
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + id
              + ",\"method\":"
              + Json.quote(method)
              + ",\"params\":"
              + params
              + "}");
      return id;
    }

    boolean stillAnswers() throws InterruptedException {
      CountDownLatch l = new CountDownLatch(1);
      waits.put("alive", l);
      try {
        send(
            "{\"jsonrpc\":\"2.0\",\"id\":\"alive\",\"method\":\"workspace/executeCommand\","
                + "\"params\":{\"command\":\"codeloop.stats\",\"arguments\":[]}}");
      } catch (IOException e) {
        return false;
      }
      return l.await(30, TimeUnit.SECONDS);
    }

    synchronized void send(String json) throws IOException {
      LspFrames.write(out, json);
    }

    private void read(InputStream in) {
      try {
        while (true) {
          String body = LspFrames.read(in);
          if (body == null) {
            return;
          }
          Map<String, Object> msg = Json.object(Json.parse(body));
          Object id = msg.get("id");
          if (msg.containsKey("method")) {
            String method = String.valueOf(msg.get("method"));
            notifications.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
            if (method.startsWith("window/") && messageSamples.size() < 6) {
              String text = String.valueOf(Json.object(msg.get("params")).get("message"));
              messageSamples.add(method + ": " + text.substring(0, Math.min(160, text.length())));
            }
            if (id != null) { // a request from the server: answer it at once
              send(
                  "{\"jsonrpc\":\"2.0\",\"id\":"
                      + Json.write(id)
                      + ",\"result\":"
                      + (msg.get("method").equals("workspace/applyEdit")
                          ? "{\"applied\":false}"
                          : "null")
                      + "}");
            }
          } else if (id instanceof String s) {
            if (s.equals("init")) {
              initialized.countDown();
            } else {
              CountDownLatch l = waits.remove(s);
              if (l != null) {
                l.countDown();
              }
            }
          } else if (id instanceof Double d) {
            answered(d.longValue(), msg);
          } else {
            unknown.incrementAndGet();
          }
        }
      } catch (IOException | RuntimeException e) {
        // connection closed
      }
    }

    private void answered(long id, Map<String, Object> msg) {
      long now = System.nanoTime();
      Pending p = outstanding.remove(id);
      if (p == null) {
        if (done.containsKey(id)) {
          answeredTwice.incrementAndGet();
        } else {
          unknown.incrementAndGet();
        }
        return;
      }
      done.put(id, Boolean.TRUE);
      boolean resolving = resolveAfter.remove(id);
      if (p.method().equals("codeAction/resolve") || (resolving && msg.containsKey("error"))) {
        picking = false;
      }
      AtomicInteger[] c = counter(p.row());
      c[1].incrementAndGet();
      double ms = (now - p.sentNanos()) / 1e6;
      List<Double> l = latencies.get(p.row());
      synchronized (l) {
        l.add(ms);
      }
      if (ms > 250 && !p.method().equals("textDocument/inlineCompletion")) {
        slowBySecond
            .computeIfAbsent(
                TimeUnit.NANOSECONDS.toSeconds(p.sentNanos() - startNanos),
                k -> new AtomicInteger())
            .incrementAndGet();
      }
      if (msg.containsKey("error")) {
        Map<String, Object> error = Json.object(msg.get("error"));
        int code = error.get("code") instanceof Double d ? d.intValue() : 0;
        if (code == -32800) {
          c[4].incrementAndGet();
        } else {
          errors
              .computeIfAbsent(p.row(), k -> new ConcurrentHashMap<>())
              .merge(code, 1, Integer::sum);
          errorSamples.putIfAbsent(code, p.method() + ": " + error.get("message"));
          String message = String.valueOf(error.get("message"));
          errorKinds
              .computeIfAbsent(
                  (p.row().equals(WARM_UP) ? "warm-up " : "")
                      + code
                      + " "
                      + p.method()
                      + ": "
                      + message.substring(0, Math.min(40, message.length())),
                  k -> new AtomicInteger())
              .incrementAndGet();
        }
        return;
      }
      Object result = msg.get("result");
      if (isEmpty(result)) {
        c[3].incrementAndGet();
      } else {
        c[2].incrementAndGet();
      }
      if (resolving) {
        List<Object> offered = new ArrayList<>();
        for (Object a : Json.array(result)) {
          Map<String, Object> action = Json.object(a);
          if (action.containsKey("data") && !action.containsKey("edit")) {
            offered.add(action);
          }
        }
        if (offered.isEmpty()) {
          picking = false;
        } else {
          try {
            request(
                "codeAction/resolve",
                Json.write(offered.get(Math.floorMod(Long.hashCode(id), offered.size()))));
          } catch (IOException e) {
            sendFailures.incrementAndGet();
          }
        }
      }
    }

    void close() {
      stopped = true;
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  private static boolean isEmpty(Object result) {
    if (result == null) {
      return true;
    }
    if (result instanceof List<?> l) {
      return l.isEmpty();
    }
    if (result instanceof Map<?, ?> m) {
      Object items = m.get("items");
      return m.containsKey("items") && (items == null || Json.array(items).isEmpty());
    }
    return false;
  }

  private static final String CAPABILITIES =
      "{\"textDocument\":{\"synchronization\":{\"didSave\":true},"
          + "\"inlineCompletion\":{},"
          + "\"completion\":{\"completionItem\":{\"snippetSupport\":true}},"
          + "\"codeAction\":{\"codeActionLiteralSupport\":{\"codeActionKind\":{\"valueSet\":"
          + "[\"\",\"quickfix\",\"refactor\",\"source\"]}},\"dataSupport\":true,"
          + "\"disabledSupport\":true,\"resolveSupport\":{\"properties\":[\"edit\"]}},"
          + "\"diagnostic\":{}},"
          + "\"workspace\":{\"applyEdit\":true,\"workspaceEdit\":{\"documentChanges\":true}},"
          + "\"window\":{\"workDoneProgress\":false}}";

  /** A plausible Java file of about 60 lines, different per editor. */
  static String document(int index) {
    StringBuilder b = new StringBuilder();
    b.append("package shop;\n\n")
        .append("import java.util.ArrayList;\nimport java.util.HashMap;\n")
        .append("import java.util.List;\nimport java.util.Map;\nimport java.util.Optional;\n\n")
        .append("/** Orders of one shop, ")
        .append(index)
        .append(". */\n")
        .append("public final class Orders")
        .append(index)
        .append(" {\n")
        .append("  private final List<Item> items = new ArrayList<>();\n")
        .append("  private final Map<String, Integer> cache = new HashMap<>();\n")
        .append("  private final StringBuilder log = new StringBuilder();\n")
        .append("  private final int limit;\n\n")
        .append("  public Orders")
        .append(index)
        .append("(int limit) {\n    this.limit = limit;\n  }\n\n");
    for (int m = 0; m < 6; m++) {
      b.append("  /** Adds ")
          .append(m + 1)
          .append(" copies of the item. */\n")
          .append("  public void add")
          .append(m)
          .append("(Item item) {\n")
          .append("    for (int i = 0; i < ")
          .append(m + 1)
          .append("; i++) {\n      items.add(item);\n    }\n")
          .append("    log.append(\"added \").append(item.name()).append('\\n');\n")
          .append("  }\n\n");
    }
    b.append("  public Optional<Integer> total(String customer) {\n")
        .append("    Integer cached = cache.get(customer);\n")
        .append("    if (cached != null) {\n      return Optional.of(cached);\n    }\n")
        .append("\n")
        .append("    return Optional.empty();\n")
        .append("  }\n")
        .append("}\n");
    return b.toString();
  }
}
