package dev.codeloop.model.langchain4j;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Wraps LangChain4j's HTTP client so that the end of a streamed body is seen even when the provider
 * integration ignores it (a truncated stream would otherwise leave the handler waiting forever).
 * The streaming call registers its callback in {@link #arm} on the thread that starts the request.
 */
final class StreamEndWatcher {
  private final ThreadLocal<Runnable> armed = new ThreadLocal<>();

  /** Runs {@code onEnd} after the next stream started on this thread closes or fails. */
  void arm(Runnable onEnd) {
    armed.set(onEnd);
  }

  void disarm() {
    armed.remove();
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
      return new Client(delegate.build());
    }
  }

  private final class Client implements HttpClient {
    private final HttpClient delegate;

    Client(HttpClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
      return delegate.execute(request);
    }

    @Override
    public void execute(
        HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
      Runnable onEnd = armed.get();
      armed.remove();
      delegate.execute(request, parser, onEnd == null ? listener : new Listener(listener, onEnd));
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
