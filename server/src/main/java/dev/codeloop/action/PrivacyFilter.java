package dev.codeloop.action;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Which files are never sent to a model, as the action features see it: files matched by {@code
 * .gitignore}/{@code .codeloopignore}, secret-looking files and {@code privacy.excludeGlobs}.
 * Actions on such files are shown disabled and refused on resolve; the chat does not include them
 * when referenced. The rules themselves live in {@code workspace.privacy}; this is the actions'
 * view of them.
 */
public final class PrivacyFilter {
  private final Predicate<String> excludedUri;

  /**
   * @param excludedUri whether the document at a URI must not be sent
   */
  public PrivacyFilter(Predicate<String> excludedUri) {
    this.excludedUri = excludedUri;
  }

  public static PrivacyFilter none() {
    return new PrivacyFilter(uri -> false);
  }

  public boolean excluded(Path file) {
    return excludedUri.test(file.toUri().toString());
  }

  /** Whether a document URI names an excluded file. */
  public boolean excluded(String uri) {
    try {
      URI.create(uri);
    } catch (RuntimeException e) {
      return false;
    }
    return excludedUri.test(uri);
  }

  /** Why actions are disabled on an excluded file. */
  public static final String REASON =
      "this file is ignored (.gitignore/.codeloopignore), looks like a secret, or matches"
          + " privacy.excludeGlobs, so it is never sent to a model";
}
