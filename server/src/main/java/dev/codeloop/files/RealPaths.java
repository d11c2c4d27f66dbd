package dev.codeloop.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a path really leads, symbolic links resolved: the real path of its longest existing prefix
 * with the rest appended and normalized (so a file not created yet, below a linked folder, resolves
 * through the link). The one resolution behind workspace trust and containment.
 */
public final class RealPaths {
  private RealPaths() {}

  public static Path of(Path path) {
    Path p = path.toAbsolutePath().normalize();
    Path existing = p;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return p;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(p)).normalize();
    } catch (IOException | SecurityException e) {
      return p;
    }
  }
}
