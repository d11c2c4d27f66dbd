package dev.codeloop.protocol.actions;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions} server on 127.0.0.1 with scripted replies
 * (a JSON body, or SSE chunks when the request asks for {@code "stream": true}), a configurable
 * latency, and every request recorded.
 */
final class OpenAiLoopback implements AutoCloseable {
  private static final Gson GSON = new Gson();

  /** One recorded request. */
  record Recorded(String method, String path, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    boolean streaming() {
      JsonElement s = json().get("stream");
      return s != null && s.isJsonPrimitive() && s.getAsBoolean();
    }

    /** The {@code content} of every message, in order. */
    List<String> contents() {
      List<String> out = new ArrayList<>();
      JsonArray messages = json().getAsJsonArray("messages");
      for (JsonElement m : messages) {
        JsonElement c = m.getAsJsonObject().get("content");
        out.add(
            c == null || c.isJsonNull()
                ? ""
                : c.isJsonPrimitive() ? c.getAsString() : c.toString());
      }
      return out;
    }

    String lastUserText() {
      JsonArray messages = json().getAsJsonArray("messages");
      for (int i = messages.size() - 1; i >= 0; i--) {
        JsonObject m = messages.get(i).getAsJsonObject();
        if ("user".equals(m.get("role").getAsString())) {
          return m.get("content").getAsString();
        }
      }
      throw new AssertionError("no user message in " + body);
    }
  }

  /** How one request is answered. */
  interface Reply {
    void send(HttpExchange exchange, Recorded request) throws IOException;
  }

  final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private volatile Reply reply = status(404, "{}");
  private volatile long latencyMillis;

  OpenAiLoopback() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext(
        "/",
        ex -> {
          try {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (WarmUpHead.answered(ex)) {
              return;
            }
            Recorded r = new Recorded(ex.getRequestMethod(), ex.getRequestURI().getPath(), body);
            requests.add(r);
            if (latencyMillis > 0) {
              release.await(latencyMillis, TimeUnit.MILLISECONDS);
            }
            reply.send(ex, r);
          } catch (Exception e) {
            // the client went away (e.g. the request was cancelled): nothing to do
          } finally {
            ex.close();
          }
        });
    server.start();
  }

  /** The {@code baseUrl} of an {@code openai-compatible} model. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  OpenAiLoopback answering(Reply r) {
    this.reply = r;
    return this;
  }

  /** Every reply waits this long first (released at once when the loopback closes). */
  OpenAiLoopback latency(Duration d) {
    this.latencyMillis = d.toMillis();
    return this;
  }

  int count() {
    return requests.size();
  }

  /** Waits until at least {@code n} requests arrived. */
  void awaitRequests(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + n + " model requests, got " + requests.size());
      }
      Thread.sleep(10);
    }
  }

  /** Answers with {@code content}: a JSON completion, or SSE chunks for a streaming request. */
  static Reply text(String content) {
    return computed(r -> content);
  }

  /** Answers with a text computed from the request. */
  static Reply computed(Function<Recorded, String> content) {
    return (ex, r) -> {
      String text = content.apply(r);
      if (r.streaming()) {
        stream(ex, text);
      } else {
        send(
            ex,
            200,
            "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"test-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + GSON.toJson(text)
                + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}");
      }
    };
  }

  /**
   * Streams {@code parts} as SSE chunks, waiting {@code gap} before each (released at once when the
   * loopback closes).
   */
  Reply streamedSlowly(List<String> parts, Duration gap) {
    return (ex, r) -> {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        write(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
        for (String part : parts) {
          try {
            release.await(gap.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          write(out, chunk("{\"content\":" + GSON.toJson(part) + "}", "null"));
        }
        write(out, chunk("{}", "\"stop\"") + "data: [DONE]\n\n");
      }
    };
  }

  static Reply status(int code, String body) {
    return (ex, r) -> send(ex, code, body);
  }

  private static void stream(HttpExchange ex, String text) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      write(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
      // a few chunks, so that the server sees a real stream
      int parts = Math.min(3, Math.max(1, text.length()));
      int size = (text.length() + parts - 1) / parts;
      for (int i = 0; i < text.length(); i += size) {
        String part = text.substring(i, Math.min(text.length(), i + size));
        write(out, chunk("{\"content\":" + GSON.toJson(part) + "}", "null"));
      }
      write(out, chunk("{}", "\"stop\"") + "data: [DONE]\n\n");
    }
  }

  private static String chunk(String delta, String finish) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"test-model\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + finish
        + "}]}\n\n";
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
