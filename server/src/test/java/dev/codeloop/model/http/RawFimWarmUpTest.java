package dev.codeloop.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.CallControl;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.ModelOutput;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up opens the connection the first completion then uses, and sends the model nothing: a
 * {@code HEAD} without a key or a body. Against a loopback HTTP/1.1 server that counts connections.
 */
class RawFimWarmUpTest {
  private final HttpOnce server = new HttpOnce();

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void should_open_the_connection_the_first_completion_reuses_and_send_the_model_nothing()
      throws Exception {
    // given
    RawFimClient client =
        new RawFimClient(
            ModelSpec.builder("fast", ProviderKind.OPENAI_COMPATIBLE, "qwen2.5-coder-7b")
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .fimTemplate("qwen")
                .build(),
            "sk-test-key-0123456789",
            Runnable::run);

    // when: warmed up
    client.warmUp().get(10, TimeUnit.SECONDS);

    // then: one connection, one HEAD of the endpoint, no key, no body
    assertThat(server.connections.get()).isEqualTo(1);
    assertThat(server.requests).hasSize(1);
    String head = server.requests.get(0);
    assertThat(head).startsWith("HEAD /v1/completions HTTP/1.1");
    assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("authorization").doesNotContain("sk-");
    assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("content-length: 1");

    // when: the first completion
    ModelOutput out =
        client
            .completeAsync(
                new FimRequest("a.py", "python", "def f(x):\n    return ", "\n", List.of(), false),
                16,
                1,
                new CallControl())
            .get(10, TimeUnit.SECONDS);

    // then: answered over the same connection
    assertThat(out.texts()).containsExactly("x + 1");
    assertThat(server.requests).hasSize(2);
    assertThat(server.requests.get(1)).startsWith("POST /v1/completions HTTP/1.1");
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void should_complete_its_warm_up_when_nothing_listens() throws Exception {
    // given: a port nothing listens on
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RawFimClient client =
        new RawFimClient(
            ModelSpec.builder("fast", ProviderKind.OPENAI_COMPATIBLE, "qwen2.5-coder-7b")
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .fimTemplate("qwen")
                .timeout(Duration.ofSeconds(2))
                .build(),
            null,
            Runnable::run);

    // when / then: the refused connection ends the warm-up quietly
    assertThat(client.warmUp().get(10, TimeUnit.SECONDS)).isNull();
  }

  /**
   * A loopback HTTP/1.1 server with keep-alive: {@code HEAD} gets a 405 with an empty body, {@code
   * POST} an OpenAI-style completion; it records each request's head and counts connections.
   */
  private static final class HttpOnce implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    HttpOnce() {
      try {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Thread t = new Thread(this::accept, "http-once");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          accepted.add(s);
          Thread t = new Thread(() -> serve(s), "http-once-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s;
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          OutputStream out = s.getOutputStream()) {
        while (true) {
          List<String> head = new ArrayList<>();
          String line;
          while ((line = in.readLine()) != null && !line.isEmpty()) {
            head.add(line);
          }
          if (line == null || head.isEmpty()) {
            return;
          }
          int length = 0;
          for (String h : head) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(h.substring(15).strip());
            }
          }
          char[] body = new char[length];
          int read = 0;
          while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
              return;
            }
            read += n;
          }
          requests.add(String.join("\n", head));
          String reply;
          if (head.get(0).startsWith("HEAD ")) {
            reply = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n";
          } else {
            String json =
                "{\"choices\":[{\"index\":0,\"text\":\"x + 1\"}],"
                    + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}";
            reply =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + json.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n"
                    + json;
          }
          out.write(reply.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
