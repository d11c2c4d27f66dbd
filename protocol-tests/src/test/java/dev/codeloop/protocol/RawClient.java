package dev.codeloop.protocol;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A byte-level JSON-RPC client: writes arbitrary (also malformed) frames and reads the server's
 * {@code Content-Length} frames on a background thread, parsing each with Gson. Server-to-client
 * requests (e.g. {@code workspace/configuration}) are answered with {@code null} so the server
 * never waits on us.
 */
public final class RawClient implements AutoCloseable {
  private static final Gson GSON = new Gson();

  private final OutputStream out;
  private final BlockingQueue<JsonObject> responses = new LinkedBlockingQueue<>();
  private final List<JsonObject> notifications = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private final java.util.function.Supplier<String> serverLog;

  RawClient(InputStream in, OutputStream out) {
    this(in, out, () -> "");
  }

  private RawClient(
      InputStream in, OutputStream out, java.util.function.Supplier<String> serverLog) {
    this.out = out;
    this.serverLog = serverLog;
    this.reader = new Thread(() -> readLoop(in), "raw-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  public static RawClient over(ServerProcess server) {
    return new RawClient(
        server.stdout(), server.stdin(), () -> "\nserver stderr:\n" + server.stderrTail(4000));
  }

  private void readLoop(InputStream in) {
    try {
      while (true) {
        String body = LspFrames.read(in);
        if (body == null) {
          return;
        }
        JsonObject msg = JsonParser.parseString(body).getAsJsonObject();
        if (msg.has("method") && msg.has("id")) {
          // a request from the server: answer null
          JsonObject reply = new JsonObject();
          reply.addProperty("jsonrpc", "2.0");
          reply.add("id", msg.get("id"));
          reply.add("result", com.google.gson.JsonNull.INSTANCE);
          notifications.add(msg);
          send(reply.toString());
        } else if (msg.has("method")) {
          notifications.add(msg);
        } else {
          responses.add(msg);
        }
      }
    } catch (IOException | RuntimeException e) {
      // stream closed or server wrote garbage; tests notice through timeouts
    }
  }

  /** Writes one correctly framed message with the given UTF-8 body. */
  public void send(String body) throws IOException {
    sendBytes(body.getBytes(StandardCharsets.UTF_8));
  }

  void sendBytes(byte[] body) throws IOException {
    byte[] header =
        ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    sendRaw(header, body);
  }

  /** Writes bytes exactly as given (for broken framing). */
  synchronized void sendRaw(byte[]... parts) throws IOException {
    for (byte[] p : parts) {
      out.write(p);
    }
    out.flush();
  }

  public void request(Object id, String method, Object params) throws IOException {
    send(message(id, method, params).toString());
  }

  public void notify(String method, Object params) throws IOException {
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

  /**
   * Sends {@code initialize} (no capabilities) and waits for its reply; then sends {@code
   * initialized}.
   */
  JsonObject initialize() throws IOException, InterruptedException {
    return initialize(
        Map.of("processId", JsonParser.parseString("null"), "capabilities", Map.of()));
  }

  public JsonObject initialize(Object params) throws IOException, InterruptedException {
    request("init", "initialize", params);
    JsonObject reply = awaitResponse("init");
    notify("initialized", Map.of());
    return reply;
  }

  /** The next response (any id), or fails after the timeout. */
  JsonObject nextResponse(Duration timeout) throws InterruptedException {
    JsonObject r = responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no response within " + timeout + serverLog.get());
    }
    return r;
  }

  /** Waits for the response with this id, keeping others for later. */
  JsonObject awaitResponse(Object id) throws InterruptedException {
    return awaitResponse(id, ServerProcess.TIMEOUT);
  }

  public JsonObject awaitResponse(Object id, Duration timeout) throws InterruptedException {
    String wanted = id instanceof Number n ? GSON.toJson(n) : GSON.toJson(id.toString());
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonObject> others = new ArrayList<>();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject r = left <= 0 ? null : responses.poll(left, TimeUnit.NANOSECONDS);
        if (r == null) {
          throw new AssertionError(
              "no response with id "
                  + wanted
                  + " within "
                  + timeout
                  + "; got "
                  + others
                  + serverLog.get());
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

  /** Asserts that no response arrives within {@code quiet}. */
  public Optional<JsonObject> pollResponse(Duration quiet) throws InterruptedException {
    return Optional.ofNullable(responses.poll(quiet.toMillis(), TimeUnit.MILLISECONDS));
  }

  public List<JsonObject> notifications() {
    return List.copyOf(notifications);
  }

  /** Sends a cheap, always-answered request and waits for its reply: proves the server is alive. */
  JsonObject ping(Object id) throws IOException, InterruptedException {
    request(id, "workspace/executeCommand", Map.of("command", "codeloop.showSettings"));
    return awaitResponse(id);
  }

  public static int errorCode(JsonObject response) {
    if (!response.has("error")) {
      throw new AssertionError("expected an error response, got " + response);
    }
    return response.getAsJsonObject("error").get("code").getAsInt();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
