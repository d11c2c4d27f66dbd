package dev.codeloop.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.model.http.PlainHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks {@code GET {baseUrl}/api/tags} with a short timeout. Where nothing listens at a plain {@code
 * http://} address (most machines: no Ollama), a socket's refused connection says so before any
 * HTTP client is built: the JDK's client (about 1,300 classes, a selector thread and their memory,
 * some 15 MB of a fresh server's RSS) is then never loaded by a server that has no model
 * configured.
 */
public final class HttpOllamaProbe implements OllamaProbe {
  private static final Logger LOG = LoggerFactory.getLogger(HttpOllamaProbe.class);
  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:11434";

  private final String baseUrl;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  public HttpOllamaProbe(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
  }

  public static HttpOllamaProbe localDefault() {
    return new HttpOllamaProbe(DEFAULT_BASE_URL, Duration.ofMillis(500));
  }

  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public Optional<List<String>> installedModels() {
    if (!mayListen()) {
      return Optional.empty();
    }
    HttpClient client =
        PlainHttp.forBaseUrl(HttpClient.newBuilder(), baseUrl).connectTimeout(timeout).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/tags")).timeout(timeout).GET().build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode models = json.readTree(response.body()).path("models");
      List<String> names = new ArrayList<>();
      models.forEach(m -> names.add(m.path("name").asText(m.path("model").asText())));
      names.removeIf(String::isBlank);
      return Optional.of(names);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      LOG.debug("no Ollama at {}: {}", baseUrl, e.toString());
      return Optional.empty();
    }
  }

  /**
   * False when a plain {@code http://} address refuses a connection (or none opens within the
   * timeout); true when one opened or the address is not such (the HTTP client then decides).
   */
  private boolean mayListen() {
    Optional<URI> plain = PlainHttp.plainAddress(baseUrl);
    if (plain.isEmpty() || plain.get().getHost() == null) {
      return true;
    }
    URI uri = plain.get();
    int port = uri.getPort() >= 0 ? uri.getPort() : 80;
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(uri.getHost(), port), (int) Math.max(1, timeout.toMillis()));
      return true;
    } catch (IOException e) {
      LOG.debug("no Ollama at {}: {}", baseUrl, e.toString());
      return false;
    }
  }
}
