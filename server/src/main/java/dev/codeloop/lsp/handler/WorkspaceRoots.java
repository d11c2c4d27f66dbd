package dev.codeloop.lsp.handler;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The workspace roots {@code initialize} names: its {@code file:} workspace folders, else its
 * {@code rootUri}, else its {@code rootPath}. Shared by the early answer and the session.
 */
public final class WorkspaceRoots {
  private WorkspaceRoots() {}

  /**
   * @param warn told about an unusable {@code rootPath}
   */
  public static List<Path> of(
      List<String> folderUris, String rootUri, String rootPath, Consumer<String> warn) {
    List<Path> out = new ArrayList<>();
    // no lambdas: this runs before the early initialize answer (see EarlyInitializeAnswer)
    for (String uri : folderUris) {
      addPath(out, uri);
    }
    if (out.isEmpty() && rootUri != null) {
      addPath(out, rootUri);
    }
    if (out.isEmpty() && rootPath != null) {
      try {
        out.add(Path.of(rootPath));
      } catch (InvalidPathException e) {
        warn.accept(e.getMessage());
      }
    }
    return out;
  }

  private static void addPath(List<Path> out, String uri) {
    Optional<Path> p = toPath(uri);
    if (p.isPresent()) {
      out.add(p.get());
    }
  }

  static Optional<Path> toPath(String uri) {
    try {
      URI u = URI.create(uri);
      return "file".equalsIgnoreCase(u.getScheme()) ? Optional.of(Path.of(u)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
