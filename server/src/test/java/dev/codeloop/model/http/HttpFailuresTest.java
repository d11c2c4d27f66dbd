package dev.codeloop.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.ModelException;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpFailuresTest {
  private static final ModelSpec SPEC =
      ModelSpec.builder("fast", ProviderKind.OPENAI, "gpt").build();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "401 | {}                                                    | AUTHENTICATION",
        "403 | {}                                                    | AUTHENTICATION",
        "429 | {}                                                    | RATE_LIMITED",
        "500 | {}                                                    | SERVER_ERROR",
        "503 | {}                                                    | SERVER_ERROR",
        "404 | {}                                                    | SERVER_ERROR",
        "408 | {}                                                    | TIMEOUT",
        "400 | {\"error\":{\"code\":\"context_length_exceeded\"}}    | CONTEXT_OVERFLOW",
        "400 | {\"error\":\"prompt is too long: 300000 tokens\"}      | CONTEXT_OVERFLOW",
        "400 | {\"error\":\"bad temperature\"}                        | INVALID_REQUEST",
      })
  void should_map_http_statuses_to_failure_kinds(
      int status, String body, ModelException.Kind kind) {
    // when
    ModelException e = HttpFailures.forStatus(SPEC, status, body, Optional.empty(), body);
    // then
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.model()).isEqualTo("fast");
  }

  @ParameterizedTest
  @CsvSource({"0,0", "7,7", "120,120"})
  void should_parse_retry_after_seconds(String header, long seconds) {
    assertThat(HttpFailures.parseRetryAfter(header)).contains(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @CsvSource({"soon", "-3"})
  void should_ignore_an_unreadable_retry_after(String header) {
    assertThat(HttpFailures.parseRetryAfter(header)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void should_name_the_key_variable_on_authentication_failure() {
    // when
    ModelException e = HttpFailures.forStatus(SPEC, 401, "", Optional.empty(), "");
    // then
    assertThat(e.getMessage()).contains("OPENAI_API_KEY").contains("'fast'");
  }
}
