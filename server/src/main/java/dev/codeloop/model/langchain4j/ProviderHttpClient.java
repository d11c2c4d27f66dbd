package dev.codeloop.model.langchain4j;

import dev.codeloop.model.http.BoundedBody;
import dev.codeloop.model.http.Connections;
import dev.codeloop.model.http.PlainHttp;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP client given to LangChain4j. Blocking calls go through {@link java.net.http.HttpClient}
 * directly so that a 429's {@code Retry-After} header survives (LangChain4j's own client drops
 * response headers on errors); streams go through LangChain4j's JDK client, with their end observed
 * even when the provider integration ignores it (a truncated stream would otherwise leave the
 * handler waiting forever). A streaming call registers its callback in {@link #arm} on the thread
 * that starts the request.
 */
final class ProviderHttpClient {
  private final ThreadLocal<Runnable> armed = new ThreadLocal<>();
  private final List<java.net.http.HttpClient> built = new CopyOnWriteArrayList<>();
  private final long maxReplyBytes;
  private final String baseUrl;

  /**
   * @param maxReplyBytes the largest response body read into memory (the model's {@code
   *     maxReplyBytes})
   */
  ProviderHttpClient(long maxReplyBytes, String baseUrl) {
    this.maxReplyBytes = maxReplyBytes;
    this.baseUrl = baseUrl;
  }

  /** Runs {@code onEnd} after the next stream started on this thread closes or fails. */
  void arm(Runnable onEnd) {
    armed.set(onEnd);
  }

  void disarm() {
    armed.remove();
  }

  /**
   * Opens a connection to the base URL's origin in each blocking client built so far ({@link
   * Connections#open}: a {@code HEAD}, nothing for the model), for the first call to use. Never
   * blocks; the future completes when every opening ended or failed.
   */
  CompletableFuture<Void> openConnections(Duration timeout) {
    if (baseUrl.isBlank()) {
      return CompletableFuture.completedFuture(null);
    }
    URI uri;
    try {
      uri = URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(null); // the first call reports the bad URL
    }
    List<CompletableFuture<Void>> opening = new ArrayList<>();
    for (java.net.http.HttpClient c : built) {
      opening.add(Connections.open(c, uri, timeout));
    }
    return CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0]));
  }

  HttpClientBuilder wrap(HttpClientBuilder delegate) {
    return new Builder(delegate);
  }

  private final class Builder implements HttpClientBuilder {
    private final HttpClientBuilder delegate;

    Builder(HttpClientBuilder delegate) {
      this.delegate = delegate;
    }

    @Override
    public Duration connectTimeout() {
      return delegate.connectTimeout();
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
      delegate.connectTimeout(timeout);
      return this;
    }

    @Override
    public Duration readTimeout() {
      return delegate.readTimeout();
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
      delegate.readTimeout(timeout);
      return this;
    }

    @Override
    public HttpClient build() {
      java.net.http.HttpClient.Builder jdk =
          PlainHttp.forBaseUrl(java.net.http.HttpClient.newBuilder(), baseUrl)
              .version(java.net.http.HttpClient.Version.HTTP_1_1);
      if (delegate.connectTimeout() != null) {
        jdk.connectTimeout(delegate.connectTimeout());
      }
      java.net.http.HttpClient blocking = jdk.build();
      built.add(blocking);
      return new Client(delegate.build(), blocking, delegate.readTimeout());
    }
  }

  private final class Client implements HttpClient {
    private final HttpClient delegate;
    private final java.net.http.HttpClient jdk;
    private final @Nullable Duration readTimeout;

    Client(HttpClient delegate, java.net.http.HttpClient jdk, @Nullable Duration readTimeout) {
      this.delegate = delegate;
      this.jdk = jdk;
      this.readTimeout = readTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
      boolean multipart =
          (request.formDataFields() != null && !request.formDataFields().isEmpty())
              || (request.formDataFiles() != null && !request.formDataFiles().isEmpty());
      if (multipart) {
        return delegate.execute(request);
      }
      java.net.http.HttpRequest.Builder b =
          java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
              .method(
                  request.method().name(),
                  request.body() == null
                      ? java.net.http.HttpRequest.BodyPublishers.noBody()
                      : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
      if (request.headers() != null) {
        request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
      }
      if (readTimeout != null) {
        b.timeout(readTimeout);
      }
      HttpResponse<byte[]> response;
      try {
        response = jdk.send(b.build(), BoundedBody.handler(maxReplyBytes));
      } catch (HttpTimeoutException e) {
        throw new TimeoutException(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted");
      }
      String body = new String(response.body(), StandardCharsets.UTF_8);
      if (response.statusCode() / 100 != 2) {
        throw new StatusException(
            response.statusCode(), body, response.headers().firstValue("Retry-After").orElse(null));
      }
      return SuccessfulHttpResponse.builder()
          .statusCode(response.statusCode())
          .headers(response.headers().map())
          .body(response.body())
          .build();
    }

    @Override
    public void execute(
        HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
      Runnable onEnd = armed.get();
      armed.remove();
      delegate.execute(request, parser, onEnd == null ? listener : new Listener(listener, onEnd));
    }
  }

  /** An error status with the {@code Retry-After} header LangChain4j's own exception lacks. */
  static final class StatusException extends HttpException {
    private static final long serialVersionUID = 1L;
    private final @Nullable String retryAfter;

    StatusException(int status, String body, @Nullable String retryAfter) {
      super(status, body);
      this.retryAfter = retryAfter;
    }

    @Nullable String retryAfter() {
      return retryAfter;
    }
  }

  private static final class Listener implements ServerSentEventListener {
    private final ServerSentEventListener delegate;
    private final @Nullable Runnable onEnd;

    Listener(ServerSentEventListener delegate, Runnable onEnd) {
      this.delegate = delegate;
      this.onEnd = onEnd;
    }

    @Override
    public void onOpen(SuccessfulHttpResponse response) {
      delegate.onOpen(response);
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
      delegate.onEvent(event, context);
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      delegate.onEvent(event);
    }

    @Override
    public void onError(Throwable error) {
      try {
        delegate.onError(error);
      } finally {
        onEnd.run();
      }
    }

    @Override
    public void onClose() {
      try {
        delegate.onClose();
      } finally {
        onEnd.run();
      }
    }
  }
}
