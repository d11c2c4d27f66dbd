package dev.codeloop.lsp.jsonrpc;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.ServerComponents;
import dev.codeloop.action.FakeModelGateway;
import dev.codeloop.concurrent.BytePipe;
import dev.codeloop.concurrent.ServerExecutors;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real session of the composition root ({@link ServerComponents#newSession}, so the real {@link
 * JsonRpcConnection}, frame reader and LSP4J services) over in-memory pipes, driven by raw bytes.
 * The byte-level client mirrors protocol-tests' {@code RawClient}: it writes arbitrary (also
 * malformed) frames and parses the server's frames on a background thread; server-to-client
 * requests are answered with {@code null}.
 */
final class RawSession implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Gson GSON = new Gson();

  private final ServerComponents components;
  private final OutputStream out;
  private final Thread sessionThread;
  private final BlockingQueue<JsonObject> responses = new LinkedBlockingQueue<>();

  private RawSession(Path root) throws IOException {
    BytePipe toServer = new BytePipe();
    BytePipe toClient = new BytePipe();
    // buffered like the process's System.in: the frame reader reads byte by byte
    InputStream serverIn = new BufferedInputStream(toServer.in());
    OutputStream serverOut = toClient.out();
    InputStream clientIn = new BufferedInputStream(toClient.in());
    this.out = toServer.out();
    this.components =
        new ServerComponents(
            new ServerExecutors(2, 2, 1),
            new FakeModelGateway(),
            Map.of(
                "XDG_CONFIG_HOME", root.resolve("config").toString(),
                "XDG_CACHE_HOME", root.resolve("cache").toString(),
                "XDG_STATE_HOME", root.resolve("state").toString()),
            "test");
    var session = components.newSession(serverIn, serverOut, () -> {}, () -> {});
    this.sessionThread = new Thread(session::run, "raw-session");
    sessionThread.setDaemon(true);
    sessionThread.start();
    Thread reader = new Thread(() -> readLoop(clientIn), "raw-session-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** A new session, initialized like the protocol tests' (no capabilities). */
  static RawSession initialized(Path root) throws Exception {
    RawSession s = new RawSession(root);
    s.request(
        "init", "initialize", Map.of("processId", JsonNull.INSTANCE, "capabilities", Map.of()));
    s.awaitResponse("init");
    s.notify("initialized", Map.of());
    return s;
  }

  private void readLoop(InputStream in) {
    try {
      FrameReader frames = new FrameReader(in, Long.MAX_VALUE);
      while (true) {
        // the server's own frame reader; protocol-tests' RawClient reads with one of its own
        if (!(frames.next().orElse(null) instanceof FrameReader.Frame.Message body)) {
          return; // the end, or a frame the server should never have written
        }
        JsonObject msg = JsonParser.parseString(body.content()).getAsJsonObject();
        if (msg.has("method") && msg.has("id")) {
          JsonObject reply = new JsonObject();
          reply.addProperty("jsonrpc", "2.0");
          reply.add("id", msg.get("id"));
          reply.add("result", JsonNull.INSTANCE);
          send(reply.toString());
        } else if (!msg.has("method")) {
          responses.add(msg);
        }
      }
    } catch (IOException | RuntimeException e) {
      // stream closed or garbage from the server; tests notice through timeouts
    }
  }

  /** Writes one correctly framed message with the given UTF-8 body. */
  void send(String body) throws IOException {
    sendBytes(body.getBytes(StandardCharsets.UTF_8));
  }

  void sendBytes(byte[] body) throws IOException {
    sendRaw(
        ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
  }

  /** Writes bytes exactly as given (for broken framing). */
  synchronized void sendRaw(byte[]... parts) throws IOException {
    for (byte[] p : parts) {
      out.write(p);
    }
    out.flush();
  }

  void request(Object id, String method, Object params) throws IOException {
    send(message(id, method, params).toString());
  }

  void notify(String method, Object params) throws IOException {
    send(message(null, method, params).toString());
  }

  static JsonObject message(Object id, String method, Object params) {
    JsonObject m = new JsonObject();
    m.addProperty("jsonrpc", "2.0");
    if (id instanceof Number n) {
      m.addProperty("id", n);
    } else if (id != null) {
      m.addProperty("id", id.toString());
    }
    m.addProperty("method", method);
    if (params != null) {
      m.add("params", params instanceof JsonElement e ? e : GSON.toJsonTree(params));
    }
    return m;
  }

  /** The next response (any id), or fails after the timeout. */
  JsonObject nextResponse() throws InterruptedException {
    JsonObject r = responses.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no response within " + TIMEOUT);
    }
    return r;
  }

  /** Waits for the response with this id, keeping others for later. */
  JsonObject awaitResponse(Object id) throws InterruptedException {
    String wanted = id instanceof Number n ? GSON.toJson(n) : GSON.toJson(id.toString());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<JsonObject> others = new ArrayList<>();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject r = left <= 0 ? null : responses.poll(left, TimeUnit.NANOSECONDS);
        if (r == null) {
          throw new AssertionError(
              "no response with id " + wanted + " within " + TIMEOUT + "; got " + others);
        }
        if (r.has("id") && !r.get("id").isJsonNull() && r.get("id").toString().equals(wanted)) {
          return r;
        }
        others.add(r);
      }
    } finally {
      responses.addAll(others);
    }
  }

  /** The next response if one arrives within {@code quiet}. */
  Optional<JsonObject> pollResponse(Duration quiet) throws InterruptedException {
    return Optional.ofNullable(responses.poll(quiet.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Sends a cheap, always-answered request and waits for its reply. */
  JsonObject ping(Object id) throws IOException, InterruptedException {
    request(id, "workspace/executeCommand", Map.of("command", "codeloop.showSettings"));
    return awaitResponse(id);
  }

  /** Whether the session still serves its connection (the dispatch thread runs). */
  boolean isServing() {
    return sessionThread.isAlive();
  }

  static int errorCode(JsonObject response) {
    if (!response.has("error")) {
      throw new AssertionError("expected an error response, got " + response);
    }
    return response.getAsJsonObject("error").get("code").getAsInt();
  }

  @Override
  public void close() throws IOException {
    out.close();
    try {
      sessionThread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    components.close();
  }
}
