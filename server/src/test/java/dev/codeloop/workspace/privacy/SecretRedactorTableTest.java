package dev.codeloop.workspace.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per real secret format (formats as published by maintained rule sets such as gitleaks'):
 * the secret never survives redaction, and the text around it does.
 */
class SecretRedactorTableTest {
  private final SecretRedactor redactor = new SecretRedactor(true);

  // Fake values of the real shapes, assembled so that no scanner flags this file.
  private static final String AWS_ID = "AKIA" + "Q3EGRWLNZ7YXJ4TB";
  private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY";
  private static final String PEM_BODY =
      "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" + "VJTUt9Us8cKj";

  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of("AWS access key id", "aws_key = " + AWS_ID + "\n", AWS_ID),
        Arguments.of(
            "AWS secret paired with its id, unlabelled",
            "creds(\"" + AWS_ID + "\", \"" + AWS_SECRET + "\")\n",
            AWS_SECRET),
        Arguments.of(
            "AWS secret labelled", "aws_secret_access_key = " + AWS_SECRET + "\n", AWS_SECRET),
        Arguments.of(
            "GitHub classic token",
            "token: ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
            "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"),
        Arguments.of(
            "GitHub OAuth token",
            "x(gho_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8)",
            "gho_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"),
        Arguments.of(
            "GitHub app token",
            "x(ghs_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8)",
            "ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"),
        Arguments.of(
            "GitHub fine-grained token",
            "use(github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH)",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH"),
        Arguments.of(
            "npm token",
            "//registry.npmjs.org/:_authToken=npm_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
            "npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"),
        Arguments.of(
            "Slack bot token",
            "slack(\"xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx\")",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"),
        Arguments.of(
            "Stripe live secret key",
            "stripe(sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc)",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        Arguments.of(
            "Stripe restricted key",
            "stripe(rk_live_" + "4eC39HqLyjWDarjtT1zdp7dc)",
            "rk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        Arguments.of(
            "Google API key",
            "maps(\"AIza" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY\")",
            "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"),
        Arguments.of(
            "OpenAI project key",
            "client(\"sk-proj-" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\")",
            "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
        Arguments.of(
            "Anthropic key",
            "client(\"sk-ant-" + "api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\")",
            "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
        Arguments.of(
            "JWT",
            "jwt(eyJ"
                + "hbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U)",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
        Arguments.of(
            "opaque Bearer token",
            "headers.put(\"Authorization\", \"Bearer " + "q8Zr2kP0vLm4XwT9yB3nC6dF\");",
            "q8Zr2kP0vLm4XwT9yB3nC6dF"),
        Arguments.of(
            "Basic authorization",
            "Authorization: Basic " + "dXNlcjpwYXNzd29yZDEyMw==",
            "dXNlcjpwYXNzd29yZDEyMw=="),
        Arguments.of(
            "URL with credentials",
            "db = \"postgres://admin:" + "S3cr3tPassw0rd@db.internal:5432/app\"",
            "S3cr3tPassw0rd"),
        Arguments.of("password assignment", "password=" + "hunter2hunter2X9", "hunter2hunter2X9"),
        Arguments.of("secret in YAML", "client_secret: " + "9f8e7d6c5b4a3928", "9f8e7d6c5b4a3928"),
        Arguments.of(
            "high-entropy value under a secret-looking name",
            "SIGNING_KEY_SECRET = \"" + "Zx81LmQ0pWr7TyV3\"",
            "Zx81LmQ0pWr7TyV3"),
        Arguments.of(
            "private key block",
            "-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "\n-----END RSA PRIVATE KEY-----\n",
            PEM_BODY),
        Arguments.of(
            "a window that starts inside a key block",
            PEM_BODY + "\n" + PEM_BODY + "\n-----END PRIVATE KEY-----\nint x = 1;\n",
            PEM_BODY),
        Arguments.of(
            "a lone body line of a key block",
            "int a = 1;\n" + PEM_BODY + "\nint b = 2;\n",
            PEM_BODY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void should_redact_each_real_secret_format(String format, String text, String secret) {
    // when
    String out = redactor.redact(text);
    // then
    assertThat(out).as(format).doesNotContain(secret).contains(SecretRedactor.MASK);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void should_keep_ordinary_code_around_a_secret(String format, String text, String secret) {
    // given
    String code = "int total = price * quantity;\n";
    // when
    String out = redactor.redact(code + text + "\n" + code);
    // then
    assertThat(out).as(format).startsWith(code).endsWith(code);
  }

  @org.junit.jupiter.api.Test
  void should_leave_code_without_secrets_alone() {
    // given
    String code =
        "String token = request.getHeader(\"X-Token\");\n"
            + "password = System.getenv(\"DB_PASSWORD\");\n"
            + "for (int i = 0; i < 40; i++) { sum += values[i]; }\n";
    // then
    assertThat(redactor.redact(code)).isEqualTo(code);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secrets")
  void should_run_the_line_rules_on_every_line_a_rule_would_change(
      String format, String text, String secret) {
    // given: each line of the case, as written, upper-cased and lower-cased
    for (String line : (text + "\n" + text.toUpperCase() + "\n" + text.toLowerCase()).split("\n")) {
      // then: a line the rules would change is never skipped by the shortcut
      if (!SecretRedactor.applyLineRules(line).equals(line)) {
        assertThat(SecretRedactor.mayHoldSecret(line)).as(format + ": " + line).isTrue();
      }
    }
  }

  @org.junit.jupiter.api.Test
  void should_skip_only_lines_the_rules_leave_alone_in_our_own_sources() throws Exception {
    // given: every line of this module's sources (the tests hold many secret-shaped strings)
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (String tree : java.util.List.of("src/main/java", "src/test/java")) {
      try (Stream<java.nio.file.Path> files =
          java.nio.file.Files.walk(java.nio.file.Path.of(tree))) {
        for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          lines.addAll(java.nio.file.Files.readAllLines(f));
        }
      }
    }
    int changed = 0;
    int skipped = 0;

    // when / then
    for (String line : lines) {
      boolean mayHold = SecretRedactor.mayHoldSecret(line);
      if (!SecretRedactor.applyLineRules(line).equals(line)) {
        changed++;
        assertThat(mayHold).as(line).isTrue();
      }
      if (!mayHold) {
        skipped++;
      }
    }
    assertThat(lines).hasSizeGreaterThan(10_000);
    assertThat(changed).isPositive();
    assertThat(skipped).isGreaterThan(lines.size() / 2);
  }
}
