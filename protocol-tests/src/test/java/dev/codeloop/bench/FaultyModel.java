package dev.codeloop.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.codeloop.protocol.WarmUpHead;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible model server on 127.0.0.1 (JDK {@code HttpServer}) for the load benchmark:
 * {@code POST /v1/completions} (raw fill-in-the-middle) and {@code POST /v1/chat/completions} (a
 * JSON body, or server-sent events when the request asks for {@code "stream": true}), each answered
 * after a random latency between {@code minLatencyMs} and {@code maxLatencyMs}. With a {@code
 * faultRate} above 0, that share of the requests gets one of the faults below instead, picked at
 * random (seeded): the model hangs (answers nothing for {@code hangMs}, then drops the connection),
 * answers 500 or 429 (with {@code Retry-After: 1}), sends malformed JSON, a reply of 4 MB (half of
 * them with a declared length, half chunked), or drips a valid reply a few bytes at a time over 1–6
 * s.
 */
public final class FaultyModel implements AutoCloseable {
  /** What one request got. */
  public enum Fault {
    NONE,
    HANG,
    STATUS_500,
    STATUS_429,
    MALFORMED,
    HUGE,
    SLOW_DRIP
  }

  private static final byte[] HUGE_TEXT = hugeText();

  private final HttpServer server;
  private final ExecutorService pool;
  private final Random random;
  private final int minLatencyMs;
  private final int maxLatencyMs;
  private final double faultRate;
  private final long hangMs;
  private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger peakActive = new AtomicInteger();
  private final AtomicLong hugeToggle = new AtomicLong();
  private final boolean roundRobin;
  private long arrivals;

  /**
   * @param faultRate the share of requests that get a fault, picked at random (seeded)
   */
  public FaultyModel(long seed, int minLatencyMs, int maxLatencyMs, double faultRate, long hangMs)
      throws IOException {
    this(seed, minLatencyMs, maxLatencyMs, faultRate, hangMs, false);
  }

  /**
   * A model that faults every other request, taking the faults in turn (hang, 500, 429, malformed,
   * huge, slow drip, hang, …): every kind is seen once twelve requests have arrived.
   */
  public static FaultyModel alternating(long seed, int minLatencyMs, int maxLatencyMs, long hangMs)
      throws IOException {
    return new FaultyModel(seed, minLatencyMs, maxLatencyMs, 0.5, hangMs, true);
  }

  private FaultyModel(
      long seed,
      int minLatencyMs,
      int maxLatencyMs,
      double faultRate,
      long hangMs,
      boolean roundRobin)
      throws IOException {
    this.roundRobin = roundRobin;
    this.random = new Random(seed);
    this.minLatencyMs = minLatencyMs;
    this.maxLatencyMs = Math.max(minLatencyMs, maxLatencyMs);
    this.faultRate = faultRate;
    this.hangMs = hangMs;
    for (Fault f : Fault.values()) {
      counts.put(f, new AtomicLong());
    }
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "faulty-model-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  /** The {@code baseUrl} to configure: {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public long requests() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Requests per fault (NONE: answered normally). */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%d requests", requests()));
    for (Fault f : Fault.values()) {
      long n = counts.get(f).get();
      if (n > 0) {
        b.append(", ").append(f.name().toLowerCase(Locale.ROOT)).append(' ').append(n);
      }
    }
    b.append(", at most ").append(peakActive.get()).append(" at once");
    return b.toString();
  }

  /** How many requests got this fault. */
  public long count(Fault fault) {
    return counts.get(fault).get();
  }

  private Fault pick() {
    synchronized (random) {
      long n = arrivals++;
      if (roundRobin) {
        return n % 2 == 0
            ? Fault.NONE
            : Fault.values()[1 + (int) (n / 2 % (Fault.values().length - 1))];
      }
      if (faultRate <= 0 || random.nextDouble() >= faultRate) {
        return Fault.NONE;
      }
      Fault[] faults = Fault.values();
      return faults[1 + random.nextInt(faults.length - 1)];
    }
  }

  private long latency() {
    synchronized (random) {
      return minLatencyMs + random.nextInt(maxLatencyMs - minLatencyMs + 1);
    }
  }

  private void handle(HttpExchange ex) {
    peakActive.accumulateAndGet(active.incrementAndGet(), Math::max);
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (WarmUpHead.answered(ex)) {
        return;
      }
      boolean chat = ex.getRequestURI().getPath().endsWith("/chat/completions");
      boolean stream = body.replace(" ", "").contains("\"stream\":true");
      Fault fault = pick();
      counts.get(fault).incrementAndGet();
      Thread.sleep(latency());
      switch (fault) {
        case NONE -> answer(ex, chat, stream);
        case HANG -> Thread.sleep(hangMs); // then the exchange is closed without a reply
        case STATUS_500 ->
            send(
                ex,
                500,
                "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                    + "\"type\":\"server_error\",\"param\":null,\"code\":null}}");
        case STATUS_429 -> {
          ex.getResponseHeaders().set("Retry-After", "1");
          send(
              ex,
              429,
              "{\"error\":{\"message\":\"Rate limit reached for requests\","
                  + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
        }
        case MALFORMED -> {
          if (stream) {
            sse(ex, "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"x\n\n");
          } else {
            send(ex, 200, "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"te");
          }
        }
        case HUGE -> huge(ex, chat);
        case SLOW_DRIP -> drip(ex, chat, stream);
      }
    } catch (IOException e) {
      // the server under test hung up (timeout or cancellation): nothing more to send
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      active.decrementAndGet();
    }
  }

  private static final String[] FIM = {
    "append(item);", "size();", "get(0);", "isEmpty()) {", "put(key, value);", "stream()"
  };

  private String completionText() {
    synchronized (random) {
      return FIM[random.nextInt(FIM.length)];
    }
  }

  private String reply(boolean chat) {
    if (chat) {
      return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"loop\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
          + Json.quote(chatText())
          + "},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":40,\"total_tokens\":160}}";
    }
    return "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"loop\","
        + "\"choices\":[{\"index\":0,\"text\":"
        + Json.quote(completionText())
        + ",\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":6,\"total_tokens\":306}}";
  }

  private static String chatText() {
    return "This method adds every item to the list and returns its size.\n\n"
        + "```java\nint total = items.size();\n```\n";
  }

  private void answer(HttpExchange ex, boolean chat, boolean stream) throws IOException {
    if (stream) {
      StringBuilder b = new StringBuilder();
      String text = chat ? chatText() : completionText();
      for (int k = 0; k < text.length(); k += 16) {
        b.append("data: ")
            .append(chunk(text.substring(k, Math.min(text.length(), k + 16)), null))
            .append("\n\n");
      }
      b.append("data: ").append(chunk("", "stop")).append("\n\ndata: [DONE]\n\n");
      sse(ex, b.toString());
    } else {
      send(ex, 200, reply(chat));
    }
  }

  private static String chunk(String content, String finish) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"loop\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
        + Json.quote(content)
        + "},\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}";
  }

  private void huge(HttpExchange ex, boolean chat) throws IOException {
    String head =
        chat
            ? "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\""
            : "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"";
    byte[] start = head.getBytes(StandardCharsets.UTF_8);
    byte[] end =
        (chat ? "\"},\"finish_reason\":\"stop\"}]}" : "\",\"finish_reason\":\"stop\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    boolean declared = hugeToggle.incrementAndGet() % 2 == 0;
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, declared ? start.length + HUGE_TEXT.length + end.length : 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(start);
      for (int k = 0; k < HUGE_TEXT.length; k += 65536) {
        out.write(HUGE_TEXT, k, Math.min(65536, HUGE_TEXT.length - k));
      }
      out.write(end);
    }
  }

  private void drip(HttpExchange ex, boolean chat, boolean stream)
      throws IOException, InterruptedException {
    byte[] body;
    if (stream) {
      body =
          ("data: "
                  + chunk(chatText(), null)
                  + "\n\ndata: "
                  + chunk("", "stop")
                  + "\n\ndata: [DONE]\n\n")
              .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    } else {
      body = reply(chat).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
    }
    long total;
    synchronized (random) {
      total = 1000 + random.nextInt(5001);
    }
    int pieces = (int) (total / 100);
    int size = Math.max(1, (body.length + pieces - 1) / pieces);
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      for (int k = 0; k < body.length; k += size) {
        out.write(body, k, Math.min(size, body.length - k));
        out.flush();
        Thread.sleep(100);
      }
    }
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sse(HttpExchange ex, String events) throws IOException {
    byte[] bytes = events.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] hugeText() {
    byte[] b = new byte[4 << 20];
    byte[] line = "item.append(value); ".getBytes(StandardCharsets.US_ASCII);
    for (int k = 0; k < b.length; k++) {
      b[k] = line[k % line.length];
    }
    return b;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
