package dev.codeloop.ignore;

import java.util.Locale;
import java.util.Set;

/** Recognises files whose content is secret by nature, whatever the settings say. */
public final class SecretFiles {
  private static final Set<String> EXTENSIONS =
      Set.of("pem", "key", "p12", "pfx", "jks", "keystore", "der", "asc", "gpg", "kdbx", "ppk");
  private static final Set<String> NAMES =
      Set.of(
          ".env",
          ".netrc",
          ".npmrc",
          ".pypirc",
          ".pgpass",
          "credentials",
          "credentials.json",
          "secrets.json",
          "secrets.yaml",
          "secrets.yml",
          ".htpasswd",
          "known_hosts",
          "authorized_keys");

  private SecretFiles() {}

  public static boolean isSecret(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (NAMES.contains(n) || n.startsWith(".env.") || n.startsWith("id_rsa")) {
      return !n.endsWith(".example") && !n.endsWith(".sample") && !n.endsWith(".template");
    }
    if (n.startsWith("id_dsa") || n.startsWith("id_ecdsa") || n.startsWith("id_ed25519")) {
      return true;
    }
    int dot = n.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(n.substring(dot + 1));
  }
}
