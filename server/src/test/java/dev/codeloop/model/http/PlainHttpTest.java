package dev.codeloop.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainHttpTest {
  @TempDir Path tmp;

  @Test
  void should_talk_plain_http_and_refuse_a_redirect_to_https() throws Exception {
    // given: a loopback server that answers /ok and sends /away to an https:// address
    AtomicInteger tlsAttempts = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ok",
        ex -> {
          byte[] body = "{\"models\":[]}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/away",
        ex -> {
          ex.getResponseHeaders()
              .add("Location", "https://127.0.0.1:" + server.getAddress().getPort() + "/tls");
          ex.sendResponseHeaders(302, -1);
          ex.close();
        });
    server.createContext(
        "/tls",
        ex -> {
          tlsAttempts.incrementAndGet();
          ex.sendResponseHeaders(500, -1);
          ex.close();
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      HttpClient client =
          PlainHttp.forBaseUrl(
                  HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS), base)
              .build();

      // when
      HttpResponse<String> ok =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/ok")).build(),
              HttpResponse.BodyHandlers.ofString());

      // then
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("{\"models\":[]}");
      assertThat(client.sslContext()).isInstanceOf(PlainHttp.NoTlsContext.class);
      assertThatThrownBy(
              () ->
                  client.send(
                      HttpRequest.newBuilder(URI.create(base + "/away")).build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("TLS is off");
      assertThat(tlsAttempts).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void should_leave_a_client_of_an_https_endpoint_as_it_was() {
    HttpClient client =
        PlainHttp.forBaseUrl(HttpClient.newBuilder(), "https://api.example.invalid/v1").build();
    assertThat(client.sslContext()).isNotInstanceOf(PlainHttp.NoTlsContext.class);
    HttpClient odd = PlainHttp.forBaseUrl(HttpClient.newBuilder(), "not a url").build();
    assertThat(odd.sslContext()).isNotInstanceOf(PlainHttp.NoTlsContext.class);
  }

  /** Builds a plain client and exchanges once: run in a JVM of its own by the test below. */
  public static void main(String[] args) throws Exception {
    HttpClient client = PlainHttp.forBaseUrl(HttpClient.newBuilder(), args[0]).build();
    try {
      client.send(
          HttpRequest.newBuilder(URI.create(args[0] + "/api/tags")).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // nothing listens there: the connection is refused, as intended
    }
  }

  @Test
  void should_load_no_tls_implementation_for_a_plain_endpoint() throws Exception {
    // given: a fresh JVM that builds a plain client and tries one exchange (port 9: refused)
    Path log = tmp.resolve("classes.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xlog:class+load:file=" + log,
                    "-cp",
                    System.getProperty("java.class.path"),
                    PlainHttpTest.class.getName(),
                    "http://127.0.0.1:9"))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .start();

    // when
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then: the HTTP client ran, and nothing of TLS nor its providers was loaded
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("out.txt"))).isZero();
    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).anyMatch(l -> l.contains("jdk.internal.net.http.HttpClientImpl "));
    assertThat(loaded)
        .noneMatch(l -> l.contains("sun.security.ssl."))
        .noneMatch(l -> l.contains("sun.security.jca.ProviderList "));
  }
}
