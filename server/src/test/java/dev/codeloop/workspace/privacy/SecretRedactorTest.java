package dev.codeloop.workspace.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretRedactorTest {
  private final SecretRedactor redactor = new SecretRedactor(true);

  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of("key = \"AKIAIOSFODNN7EXAMPLE\"", "AKIAIOSFODNN7EXAMPLE"),
        Arguments.of(
            "token: ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
        Arguments.of(
            "OPENAI=sk-proj-abcdefghijklmnopqrstuvwx1234", "sk-proj-abcdefghijklmnopqrstuvwx1234"),
        Arguments.of("slack xoxb-1234567890-abcdefghij", "xoxb-1234567890-abcdefghij"),
        Arguments.of("String apiKey = \"h4ckm3pl34s3r34lly\";", "h4ckm3pl34s3r34lly"),
        Arguments.of("password: 'correct-horse-battery-1'", "correct-horse-battery-1"),
        Arguments.of("PASSWORD: 'correct-horse-battery-1'", "correct-horse-battery-1"),
        Arguments.of("DB_Api_Key = \"h4ckm3pl34s3r34lly\"", "h4ckm3pl34s3r34lly"),
        Arguments.of("x = 1; AuTh = \"h4ckm3pl34s3r34lly\"", "h4ckm3pl34s3r34lly"),
        Arguments.of("url = \"postgres://admin:s3cr3tpw@db:5432/app\"", "s3cr3tpw"),
        Arguments.of(
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEA"),
        Arguments.of(
            "auth = eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "dozjgNryP4J3jVmNHl0w5N"));
  }

  @ParameterizedTest
  @MethodSource("secrets")
  void should_redact_secret_looking_strings(String text, String secret) {
    // when
    String out = redactor.redact(text);

    // then
    assertThat(out).doesNotContain(secret).contains(SecretRedactor.MASK);
  }

  @Test
  void should_leave_ordinary_code_alone() {
    // given
    String code =
        "String token = request.getToken();\nString password = userInput;\nint tokens = countTokens(text);\n";

    // when / then
    assertThat(redactor.redact(code)).isEqualTo(code);
  }

  @Test
  void should_do_nothing_when_disabled() {
    assertThat(new SecretRedactor(false).redact("AKIAIOSFODNN7EXAMPLE"))
        .isEqualTo("AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void should_mask_a_secret_each_time_the_same_text_is_redacted() {
    // given: a clean text redacted once (it is remembered as clean)
    String clean = "int x = 1;\nString name = \"world\";";
    String secret = "String k = \"sk-proj-abcdefghijklmnopqrstuvwx1234\";";
    assertThat(redactor.redact(clean)).isSameAs(clean);

    // when: the same secret-holding object twice, and a text equal to the clean one's start
    String first = redactor.redact(secret);
    String second = redactor.redact(secret);
    String joined = redactor.redact(clean + "\n" + secret);

    // then
    assertThat(first).isEqualTo(second).doesNotContain("sk-proj").contains(SecretRedactor.MASK);
    assertThat(joined).doesNotContain("sk-proj").startsWith(clean);
    assertThat(redactor.redact(clean)).isSameAs(clean);
  }

  @Test
  void should_mask_indented_and_padded_key_body_lines() {
    // given: body lines of a key block whose BEGIN line is not in the text
    String body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";
    String text = "int a = 1;\n    " + body + "\n\t" + body.substring(4) + "==\t\nint b = 2;";

    // when
    String out = redactor.redact(text);

    // then
    assertThat(out)
        .doesNotContain(body.substring(4))
        .isEqualTo("int a = 1;\n    <redacted>\n\t<redacted>\t\nint b = 2;");
  }
}
