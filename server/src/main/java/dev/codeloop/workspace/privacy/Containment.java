package dev.codeloop.workspace.privacy;

import dev.codeloop.files.RealPaths;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a path lies inside a workspace root, with symbolic links resolved: the real path of the
 * longest existing prefix, then the rest normalized (so {@code ../} and a link pointing out both
 * count as outside). Every path the server reads into a prompt or writes goes through here.
 */
public final class Containment {
  private Containment() {}

  /** Whether {@code path} is inside one of {@code roots} (never when there are no roots). */
  public static boolean inside(Path path, List<Path> roots) {
    if (roots.isEmpty()) {
      return false;
    }
    Path real = RealPaths.of(path);
    for (Path root : roots) {
      if (real.startsWith(RealPaths.of(root))) {
        return true;
      }
    }
    return false;
  }

  /** {@link #inside} for a {@code file:} URI; any other URI is outside. */
  public static boolean inside(String uri, List<Path> roots) {
    return path(uri).map(p -> inside(p, roots)).orElse(false);
  }

  /** The path of a {@code file:} URI. */
  public static Optional<Path> path(String uri) {
    try {
      URI u = URI.create(uri);
      return "file".equalsIgnoreCase(u.getScheme()) ? Optional.of(Path.of(u)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The message of the error raised when a path is outside every root. */
  public static String outsideMessage(String what, Object path) {
    return what
        + " "
        + path
        + " is outside the workspace folders: Codeloop reads into prompts and writes only files"
        + " inside them; nothing was read or written";
  }
}
