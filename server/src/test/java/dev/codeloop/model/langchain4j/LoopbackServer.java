package dev.codeloop.model.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** An HTTP server on 127.0.0.1 speaking whatever the test scripts; records every request. */
final class LoopbackServer implements AutoCloseable {
  /** One scripted reply. */
  interface Handler {
    void handle(HttpExchange exchange, Recorded request) throws Exception;
  }

  /**
   * @param clientPort the client's port: one connection's requests share it
   */
  record Recorded(
      String method, String path, String query, Headers headers, String body, int clientPort) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("request body is not JSON: " + body, e);
      }
    }
  }

  final List<Recorded> requests = new CopyOnWriteArrayList<>();

  /** Released on close: slow handlers wait on it instead of sleeping. */
  final CountDownLatch release = new CountDownLatch(1);

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private volatile Handler handler = (ex, r) -> status(ex, 404, "{}");

  LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext(
        "/",
        ex -> {
          try {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Recorded r =
                new Recorded(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders(),
                    body,
                    ex.getRemoteAddress().getPort());
            requests.add(r);
            handler.handle(ex, r);
          } catch (Exception e) {
            // the client may have gone away; nothing to do
          } finally {
            ex.close();
          }
        });
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void on(Handler h) {
    handler = h;
  }

  /**
   * {@code otherwise}, but a {@code HEAD} (the warm-up opening its connection) answered as model
   * servers do: 405, no body.
   */
  static Handler answeringHead(Handler otherwise) {
    return (ex, r) -> {
      if (r.method().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
      } else {
        otherwise.handle(ex, r);
      }
    };
  }

  static void status(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  static void json(HttpExchange ex, String body) throws IOException {
    status(ex, 200, body);
  }

  /** Starts a chunked streaming body; write parts with {@link #write}. */
  static OutputStream startStream(HttpExchange ex, String contentType) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(200, 0);
    return ex.getResponseBody();
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * Waits until at least {@code n} requests arrived or {@code timeout} passed (for requests the
   * client sends in the background, such as a warm-up's); whether they did.
   */
  boolean awaitRequests(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return requests.size() >= n;
  }

  /** Waits (without sleeping a fixed time) until the test ends or {@code millis} pass. */
  void stall(long millis) throws InterruptedException {
    release.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
