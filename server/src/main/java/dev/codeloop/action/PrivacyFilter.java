package dev.codeloop.action;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code privacy.excludeGlobs}: files that are never sent to a model. Actions on such files are
 * shown disabled and refused on resolve; the chat does not include them when referenced.
 */
public final class PrivacyFilter {
  private final Supplier<List<String>> globs;

  public PrivacyFilter(Supplier<List<String>> globs) {
    this.globs = globs;
  }

  public static PrivacyFilter none() {
    return new PrivacyFilter(List::of);
  }

  public boolean excluded(Path file) {
    for (String glob : globs.get()) {
      try {
        if (FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(file)) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // a malformed glob excludes nothing; the settings report it
      }
    }
    return false;
  }

  /** Whether a document URI names an excluded file (non-file URIs never are). */
  public boolean excluded(String uri) {
    try {
      URI u = URI.create(uri);
      return "file".equalsIgnoreCase(u.getScheme()) && excluded(Path.of(u));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Why actions are disabled on an excluded file. */
  public static final String REASON =
      "this file matches privacy.excludeGlobs, so it is never sent to a model";
}
