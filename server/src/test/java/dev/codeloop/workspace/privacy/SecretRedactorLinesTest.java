package dev.codeloop.workspace.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The line rules applied to a whole text equal the rules applied to each of its lines. */
class SecretRedactorLinesTest {
  private static final String[] PIECES = {
    "int total = 0;",
    "return values;",
    "  ",
    "x",
    "=",
    ":",
    "Token",
    "TOKEN",
    "api_key",
    "API-KEY",
    "ApiKey",
    "secret",
    "pAsSwOrD",
    "pwd",
    "auth",
    "credential",
    "private_key",
    "akia",
    "asia",
    "ghp_",
    "github_pat_",
    "sk-",
    "xoxb-",
    "aiza",
    "glpat-",
    "_live_",
    "npm_",
    "Bearer",
    "eyJ",
    "://",
    "https://user:hunter2pass@host",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB",
    "sk-proj-abcdefghijklmnopqrstuvwx",
    "\"password\": \"correct-horse-battery\"",
    "Authorization: Bearer abcdefghijklmnopqrstu",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKBwko6",
    "İ",
    "TOKİN",
    "\u212Aey",
    "API_\u212AEY=",
    "Σ",
    "é",
    "😀",
    "\t",
    "\r",
  };

  @Test
  void should_redact_a_text_as_its_lines_one_by_one() {
    Random random = new Random(11);
    SecretRedactor redactor = new SecretRedactor(true);
    int changed = 0;
    for (int t = 0; t < 3_000; t++) {
      // given: a text of random lines of code, secret-looking words and secrets, in any case
      StringBuilder text = new StringBuilder();
      int lines = 1 + random.nextInt(12);
      for (int l = 0; l < lines; l++) {
        if (l > 0) {
          text.append('\n');
        }
        for (int p = random.nextInt(7); p > 0; p--) {
          text.append(PIECES[random.nextInt(PIECES.length)]);
          if (random.nextBoolean()) {
            text.append(' ');
          }
        }
      }
      String input = text.toString();

      // when
      String redacted = redactor.redact(input);

      // then: what the line rules make of each line on its own
      StringBuilder expected = new StringBuilder();
      String[] split = input.split("\n", -1);
      for (int l = 0; l < split.length; l++) {
        String line = split[l];
        if (l > 0) {
          expected.append('\n');
        }
        expected.append(
            line.length() < 8 || !SecretRedactor.mayHoldSecret(line)
                ? line
                : SecretRedactor.applyLineRules(line));
      }
      assertThat(redacted).as(input).isEqualTo(expected.toString());
      changed += redacted.equals(input) ? 0 : 1;
    }
    assertThat(changed).isGreaterThan(100);
  }
}
