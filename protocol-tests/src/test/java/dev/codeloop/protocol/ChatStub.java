package dev.codeloop.protocol;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 that answers every {@code POST .../chat/completions}
 * with {@code "answer from <name>"} and records every request it gets (on any path): headers and
 * body.
 */
final class ChatStub implements AutoCloseable {
  /** One request as it arrived. */
  record Request(String path, Map<String, List<String>> headers, String body) {
    /** Headers and body as one text, to search for a leaked value. */
    String everything() {
      return path + "\n" + headers + "\n" + body;
    }
  }

  final String name;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer http;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  ChatStub(String name) throws Exception {
    this.name = name;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    http.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          if (WarmUpHead.answered(exchange)) {
            exchange.close();
            return;
          }
          requests.add(
              new Request(
                  exchange.getRequestURI().toString(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          byte[] out =
              ("{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                      + "\"content\":\"answer from "
                      + name
                      + "\"},\"finish_reason\":\"stop\"}],"
                      + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3,\"total_tokens\":6}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, out.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        });
    http.setExecutor(pool);
    http.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
  }

  /** The bodies of the chat requests. */
  List<String> bodies() {
    return requests.stream().map(Request::body).toList();
  }

  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
  }
}
