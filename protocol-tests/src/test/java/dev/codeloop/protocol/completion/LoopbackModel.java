package dev.codeloop.protocol.completion;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.codeloop.protocol.WarmUpHead;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted OpenAI-compatible model on 127.0.0.1: {@code POST /v1/completions} (raw FIM) and
 * {@code POST /v1/chat/completions}, with configurable latency, status and replies; records every
 * request.
 */
final class LoopbackModel implements AutoCloseable {
  record Recorded(String path, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }
  }

  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private volatile long latencyMs;
  private volatile int status = 200;
  private volatile List<String> replies = List.of("x");

  LoopbackModel() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The {@code baseUrl} to configure: {@code http://127.0.0.1:PORT/v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  LoopbackModel replies(String... texts) {
    this.replies = List.of(texts);
    return this;
  }

  LoopbackModel latency(Duration latency) {
    this.latencyMs = latency.toMillis();
    return this;
  }

  LoopbackModel status(int status) {
    this.status = status;
    return this;
  }

  int count() {
    return requests.size();
  }

  /** Waits until at least {@code n} requests arrived. */
  boolean awaitCount(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (count() >= n) {
        return true;
      }
      Thread.sleep(10);
    }
    return count() >= n;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (WarmUpHead.answered(ex)) {
        return;
      }
      String path = ex.getRequestURI().getPath();
      requests.add(new Recorded(path, body));
      if (latencyMs > 0) {
        try {
          Thread.sleep(latencyMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (status != 200) {
        send(
            ex, status, "{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}");
        return;
      }
      int n = 1;
      try {
        JsonObject json = JsonParser.parseString(body).getAsJsonObject();
        if (json.has("n")) {
          n = json.get("n").getAsInt();
        }
      } catch (RuntimeException ignored) {
        // not JSON: answer one choice
      }
      boolean chat = path.endsWith("/chat/completions");
      JsonArray choices = new JsonArray();
      List<String> texts = replies;
      for (int i = 0; i < Math.min(n, texts.size()); i++) {
        JsonObject choice = new JsonObject();
        choice.addProperty("index", i);
        if (chat) {
          JsonObject message = new JsonObject();
          message.addProperty("role", "assistant");
          message.addProperty("content", texts.get(i));
          choice.add("message", message);
        } else {
          choice.addProperty("text", texts.get(i));
        }
        choice.addProperty("finish_reason", "stop");
        choices.add(choice);
      }
      JsonObject reply = new JsonObject();
      reply.addProperty("id", "cmpl-" + requests.size());
      reply.addProperty("object", chat ? "chat.completion" : "text_completion");
      reply.addProperty("model", "scripted");
      reply.add("choices", choices);
      JsonObject usage = new JsonObject();
      usage.addProperty("prompt_tokens", 10);
      usage.addProperty("completion_tokens", 3);
      usage.addProperty("total_tokens", 13);
      reply.add("usage", usage);
      send(ex, 200, reply.toString());
    } catch (IOException e) {
      // the server under test hung up (cancelled call): nothing to answer
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

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
