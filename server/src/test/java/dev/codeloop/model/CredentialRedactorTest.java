package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialRedactorTest {
  private final CredentialRedactor redactor =
      new CredentialRedactor(List.of("literal-secret-value"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization: Bearer abcdefghijklmnop",
        "authorization=Bearer abcdefghijklmnop",
        "x-api-key: abcdefghijklmnop",
        "{\"api_key\": \"abcdefghijklmnop\"}",
        "GET /v1beta/models/x?key=abcdefghijklmnop",
        "the key is sk-abcdefghijklmnop",
        "value literal-secret-value leaked",
      })
  void should_remove_keys_and_authorization_headers(String text) {
    // when
    String out = redactor.redact(text);
    // then
    assertThat(out)
        .doesNotContain("abcdefghijklmnop")
        .doesNotContain("literal-secret-value")
        .contains("[redacted]");
  }
}
