package dev.codeloop.model.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a connection ahead of the first model call, sending the model nothing: a {@code HEAD} of
 * the endpoint, without a key or a body, whose answer (any status; model servers say 404 or 405) is
 * discarded. The JDK client's pool keeps the connection — name lookup, TCP and TLS handshakes done
 * — for the next request to the same origin, until it has been idle longer than the client or the
 * server allows.
 */
public final class Connections {
  /** The longest an opening may take (it never delays a call: nothing waits for it). */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Connections() {}

  /**
   * Starts opening a connection to {@code endpoint}'s origin through {@code client}; completes
   * (never exceptionally) when the exchange ended or failed. Never blocks.
   */
  public static CompletableFuture<Void> open(HttpClient client, URI endpoint, Duration timeout) {
    try {
      return client
          .sendAsync(
              HttpRequest.newBuilder(endpoint)
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .timeout(timeout.compareTo(TIMEOUT) < 0 ? timeout : TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .handle((r, failure) -> null);
    } catch (RuntimeException e) {
      // an endpoint the client refuses outright: the first call reports it
      return CompletableFuture.completedFuture(null);
    }
  }
}
