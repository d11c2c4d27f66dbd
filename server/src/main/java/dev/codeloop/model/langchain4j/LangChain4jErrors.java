package dev.codeloop.model.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.codeloop.model.CredentialRedactor;
import dev.codeloop.model.ModelException;
import dev.codeloop.model.RateLimitedException;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.http.BoundedBody;
import dev.codeloop.model.http.HttpFailures;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place where LangChain4j's exceptions become {@link ModelException} kinds. */
final class LangChain4jErrors {
  private LangChain4jErrors() {}

  static ModelException map(Throwable thrown, ModelSpec spec, CredentialRedactor redactor) {
    Throwable t = unwrap(thrown);
    if (t instanceof ModelException me) {
      return me;
    }
    BoundedBody.TooLargeException tooLarge = BoundedBody.find(t);
    if (tooLarge != null) {
      return BoundedBody.failure(spec, tooLarge);
    }
    String who = HttpFailures.describe(spec);
    String detail = redactor.redact(String.valueOf(t.getMessage()));
    Optional<HttpException> http = find(t, HttpException.class);
    if (find(t, AuthenticationException.class).isPresent()) {
      return new ModelException(
          ModelException.Kind.AUTHENTICATION,
          spec.name(),
          who + ": authentication failed; " + HttpFailures.keyHint(spec));
    }
    if (find(t, RateLimitException.class).isPresent()) {
      Optional<Duration> retryAfter =
          find(t, ProviderHttpClient.StatusException.class)
              .map(ProviderHttpClient.StatusException::retryAfter)
              .flatMap(HttpFailures::parseRetryAfter);
      return new RateLimitedException(
          spec.name(),
          who
              + ": rate limited (HTTP 429"
              + retryAfter.map(d -> ", retry after " + d.toSeconds() + " s").orElse("")
              + ")",
          retryAfter);
    }
    if (find(t, TimeoutException.class).isPresent()
        || find(t, java.net.http.HttpTimeoutException.class).isPresent()
        || find(t, java.net.SocketTimeoutException.class).isPresent()) {
      return new ModelException(ModelException.Kind.TIMEOUT, spec.name(), who + ": timed out");
    }
    if (find(t, InternalServerException.class).isPresent()) {
      int status = http.map(HttpException::statusCode).orElse(500);
      return new ModelException(
          ModelException.Kind.SERVER_ERROR,
          spec.name(),
          who + ": server error (HTTP " + status + ")");
    }
    if (find(t, ModelNotFoundException.class).isPresent()) {
      return new ModelException(
          ModelException.Kind.SERVER_ERROR,
          spec.name(),
          who + ": not found (HTTP 404): check baseUrl and the model id");
    }
    if (find(t, InvalidRequestException.class).isPresent() || http.isPresent()) {
      int status = http.map(HttpException::statusCode).orElse(400);
      String body = http.map(Throwable::getMessage).orElse(detail);
      return HttpFailures.forStatus(spec, status, body, Optional.empty(), redactor.redact(body));
    }
    if (find(t, UnresolvedModelServerException.class).isPresent()
        || find(t, java.net.ConnectException.class).isPresent()) {
      return HttpFailures.forIo(spec, new java.net.ConnectException());
    }
    if (find(t, JsonProcessingException.class).isPresent()) {
      return new ModelException(
          ModelException.Kind.MALFORMED_REPLY,
          spec.name(),
          who + ": malformed reply (invalid JSON)");
    }
    if (find(t, IOException.class).isPresent()) {
      return HttpFailures.forIo(spec, find(t, IOException.class).get());
    }
    if (HttpFailures.looksLikeContextOverflow(detail)) {
      return new ModelException(
          ModelException.Kind.CONTEXT_OVERFLOW,
          spec.name(),
          who + ": the prompt exceeds the model's context window");
    }
    return new ModelException(
        ModelException.Kind.MALFORMED_REPLY,
        spec.name(),
        who + ": unexpected failure (" + t.getClass().getSimpleName() + "): " + truncate(detail));
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  private static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 10; c = c.getCause(), depth++) {
      if (type.isInstance(c)) {
        return Optional.of(type.cast(c));
      }
    }
    return Optional.empty();
  }

  private static String truncate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
