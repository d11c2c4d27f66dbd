package dev.codeloop.model.http;

import dev.codeloop.model.ModelException;
import dev.codeloop.model.RateLimitedException;
import dev.codeloop.model.config.ModelSpec;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Maps HTTP statuses and I/O failures of provider calls to {@link ModelException}s. */
public final class HttpFailures {
  private static final Pattern CONTEXT =
      Pattern.compile(
          "(?i)context[_ ]length|maximum context|context window|prompt is too long|too many tokens"
              + "|exceeds? the (model'?s? )?(maximum|context)|input is too long");
  private static final int BODY_EXCERPT = 300;

  private HttpFailures() {}

  /** Whether a provider's error text says the prompt was too long. */
  public static boolean looksLikeContextOverflow(String text) {
    return text != null && CONTEXT.matcher(text).find();
  }

  /** The failure for a non-2xx status. {@code retryAfter}: the raw header value, if any. */
  public static ModelException forStatus(
      ModelSpec spec, int status, String body, Optional<String> retryAfter, String redactedBody) {
    String who = describe(spec);
    String excerpt = excerpt(redactedBody);
    if (status == 401 || status == 403) {
      return new ModelException(
          ModelException.Kind.AUTHENTICATION,
          spec.name(),
          who + ": authentication failed (HTTP " + status + "); " + keyHint(spec));
    }
    if (status == 429) {
      Optional<Duration> after = retryAfter.flatMap(HttpFailures::parseRetryAfter);
      return new RateLimitedException(
          spec.name(),
          who
              + ": rate limited (HTTP 429"
              + after.map(d -> ", retry after " + d.toSeconds() + " s").orElse("")
              + ")",
          after);
    }
    if (status >= 500) {
      return new ModelException(
          ModelException.Kind.SERVER_ERROR,
          spec.name(),
          who + ": server error (HTTP " + status + ") " + excerpt);
    }
    if (looksLikeContextOverflow(body)) {
      return new ModelException(
          ModelException.Kind.CONTEXT_OVERFLOW,
          spec.name(),
          who + ": the prompt exceeds the model's context window (HTTP " + status + ")");
    }
    if (status == 404) {
      return new ModelException(
          ModelException.Kind.SERVER_ERROR,
          spec.name(),
          who + ": not found (HTTP 404): check baseUrl and the model id " + excerpt);
    }
    if (status == 408) {
      return new ModelException(ModelException.Kind.TIMEOUT, spec.name(), who + ": HTTP 408");
    }
    return new ModelException(
        ModelException.Kind.INVALID_REQUEST,
        spec.name(),
        who + ": request rejected (HTTP " + status + ") " + excerpt);
  }

  /** The failure for an exception thrown while sending or reading. */
  public static ModelException forIo(ModelSpec spec, Throwable t) {
    String who = describe(spec);
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof HttpTimeoutException || c instanceof java.net.SocketTimeoutException) {
        return new ModelException(
            ModelException.Kind.TIMEOUT, spec.name(), who + ": timed out", null);
      }
      if (c instanceof ConnectException
          || c instanceof java.nio.channels.UnresolvedAddressException) {
        return new ModelException(
            ModelException.Kind.CONNECTION,
            spec.name(),
            who
                + ": cannot connect to "
                + spec.effectiveBaseUrl().orElse("?")
                + " (is the server running?)");
      }
    }
    return new ModelException(
        ModelException.Kind.CONNECTION,
        spec.name(),
        who + ": connection failed (" + t.getClass().getSimpleName() + ")");
  }

  /** {@code Retry-After}: delta seconds or an HTTP date. */
  public static Optional<Duration> parseRetryAfter(String value) {
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(Instant.now(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  public static String describe(ModelSpec spec) {
    return "model '"
        + spec.name()
        + "' ("
        + spec.provider().id()
        + (spec.modelId().isEmpty() ? "" : " " + spec.modelId())
        + ")";
  }

  public static String keyHint(ModelSpec spec) {
    return spec.apiKeyEnv()
        .map(e -> "check the API key in the environment variable " + e)
        .orElse(
            "set models." + spec.name() + ".apiKeyEnv to the environment variable holding the key");
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String b = body.strip().replaceAll("\\s+", " ");
    return "— " + (b.length() > BODY_EXCERPT ? b.substring(0, BODY_EXCERPT) + "…" : b);
  }
}
