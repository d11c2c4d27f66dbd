package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpOllamaProbeTest {

  @Test
  void should_list_the_installed_models_of_an_answering_ollama() throws Exception {
    // given
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/tags",
        ex -> {
          byte[] body =
              "{\"models\":[{\"name\":\"llama3:8b\"},{\"name\":\"qwen2.5-coder:7b-base\"}]}"
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      HttpOllamaProbe probe =
          new HttpOllamaProbe(
              "http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(2));
      // when
      Optional<List<String>> models = probe.installedModels();
      // then
      assertThat(models).contains(List.of("llama3:8b", "qwen2.5-coder:7b-base"));
      assertThat(ZeroConfig.pickOllamaModel(models.get())).contains("qwen2.5-coder:7b-base");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void should_find_nothing_when_no_server_listens() throws Exception {
    // given: a loopback port that was free a moment ago
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HttpOllamaProbe probe = new HttpOllamaProbe("http://127.0.0.1:" + port, Duration.ofMillis(300));
    // when / then
    assertThat(probe.installedModels()).isEmpty();
  }

  /** Probes a free port once: run in a JVM of its own by the test below. */
  public static void main(String[] args) {
    System.out.println(new HttpOllamaProbe(args[0], Duration.ofMillis(500)).installedModels());
  }

  @Test
  void should_build_no_http_client_when_nothing_listens(@TempDir Path tmp) throws Exception {
    // given: a fresh JVM probing a loopback port that was free a moment ago
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = tmp.resolve("classes.log");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load:file=" + log,
                    "-cp",
                    System.getProperty("java.class.path"),
                    HttpOllamaProbeTest.class.getName(),
                    "http://127.0.0.1:" + port))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .start();

    // when
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then: nothing found, and the JDK's HTTP client never loaded
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(tmp.resolve("out.txt"))).contains("Optional.empty");
    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).anyMatch(l -> l.contains(HttpOllamaProbe.class.getName() + " "));
    assertThat(loaded).noneMatch(l -> l.contains("jdk.internal.net.http."));
  }
}
