package dev.codeloop.model;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes <em>our own</em> credentials — the API keys in use and authorization headers — from text
 * that may reach logs, exceptions, stats or the doctor report. Always on, not reversible.
 *
 * <p>Not the same idea as {@code workspace.privacy.SecretRedactor}, which masks secrets found in
 * the <em>user's code</em> before a prompt leaves the machine: that one is pattern-only (it cannot
 * know the user's secrets), switched by {@code privacy.redactSecrets}, and reversible (a mask in
 * the reply is put back). This one knows the literal key values of the configured models and the
 * header syntax of provider errors, and must never be turned off by a setting. The model layer
 * cannot depend on {@code workspace.privacy} either (that package wraps the model gateway).
 */
public final class CredentialRedactor {
  private static final String MASK = "[redacted]";
  private static final List<Pattern> PATTERNS =
      List.of(
          Pattern.compile("(?i)(authorization\\s*[:=]\\s*)(bearer\\s+)?[^\\s,;\"'}]+"),
          Pattern.compile("(?i)(x-api-key\\s*[:=]\\s*)[^\\s,;\"'}]+"),
          Pattern.compile("(?i)(x-goog-api-key\\s*[:=]\\s*)[^\\s,;\"'}]+"),
          Pattern.compile("(?i)(\"?api[_-]?key\"?\\s*[:=]\\s*\"?)[^\\s,;\"'}&]+"),
          Pattern.compile("(?i)([?&]key=)[^\\s&\"']+"),
          Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}"),
          Pattern.compile("()\\b(sk|pk)-[A-Za-z0-9_-]{8,}"));

  private final List<String> secrets;

  /** {@code secrets}: the literal key values in use (blank ones ignored). */
  public CredentialRedactor(Collection<String> secrets) {
    this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
  }

  public String redact(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    for (Pattern p : PATTERNS) {
      Matcher m = p.matcher(out);
      out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK));
    }
    return out;
  }
}
