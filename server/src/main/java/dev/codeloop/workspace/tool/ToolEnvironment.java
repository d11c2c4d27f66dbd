package dev.codeloop.workspace.tool;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment a tool process gets: the server's own, without credentials. A build or a test
 * suite of a repository has no business with the user's model API keys or cloud tokens.
 */
public final class ToolEnvironment {
  private static final Set<String> SUFFIXES =
      Set.of(
          "_API_KEY", "_APIKEY", "_TOKEN", "_SECRET", "_SECRET_KEY", "_ACCESS_KEY", "_CREDENTIALS");
  private static final Set<String> NAMES =
      Set.of(
          "AWS_SECRET_ACCESS_KEY",
          "AWS_ACCESS_KEY_ID",
          "AWS_SESSION_TOKEN",
          "API_KEY",
          "TOKEN",
          "SECRET",
          "GOOGLE_APPLICATION_CREDENTIALS",
          "AZURE_CLIENT_SECRET",
          "SSH_AUTH_SOCK");

  private ToolEnvironment() {}

  /** Whether a variable of that name is kept from tool processes. */
  public static boolean isSecret(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    return NAMES.contains(n)
        || n.contains("PASSWORD")
        || n.contains("PASSWD")
        || SUFFIXES.stream().anyMatch(n::endsWith);
  }

  /** {@code env} without the variables {@link #isSecret} names. */
  public static Map<String, String> scrub(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          if (!isSecret(k)) {
            out.put(k, v);
          }
        });
    return out;
  }
}
