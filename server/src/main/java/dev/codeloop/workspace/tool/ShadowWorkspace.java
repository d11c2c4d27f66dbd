package dev.codeloop.workspace.tool;

import dev.codeloop.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A private copy of a workspace root where the tools run on what the user sees rather than on what
 * is saved: the root's files synced in (only files whose size or modification time changed are
 * copied again), then the unsaved editor buffers — or a proposed edit being verified — written over
 * their files. The user's files are never written. Build output ({@code target}, {@code build},
 * caches) is neither copied nor deleted, so the copy keeps its own incremental build between runs;
 * dependency folders ({@code node_modules}, virtual environments) are linked, not copied; {@code
 * .git} is left out.
 */
public final class ShadowWorkspace {
  private static final Set<String> OWN_OUTPUT =
      Set.of(
          "target",
          "build",
          "out",
          "dist",
          "__pycache__",
          ".pytest_cache",
          ".gradle",
          ".mypy_cache",
          ".ruff_cache");
  private static final Set<String> LINKED = Set.of("node_modules", ".venv", "venv");
  private static final Set<String> LEFT_OUT = Set.of(".git", ".codeloop", ".hg", ".svn");

  private final Path dir;

  /** The end of the last run given the copy ({@link #exclusive}); guarded by {@code this}. */
  private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

  /**
   * @param dir where the copy lives (created when missing); one per session and root, never shared
   */
  public ShadowWorkspace(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts {@code run} (which prepares the copy, runs a tool in it and reads its output) once every
   * run given the copy before it has ended, however it ended: one run at a time owns the copy, so a
   * check-on-save cannot write the saved text back over an edit being verified while its tests run.
   * Nothing waits on a thread: the next run is chained to the end of the one before.
   */
  public synchronized <T> CompletableFuture<T> exclusive(Supplier<CompletableFuture<T>> run) {
    CompletableFuture<T> mine = tail.handle((r, t) -> null).thenCompose(ignored -> run.get());
    tail = mine.handle((r, t) -> null);
    return mine;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Syncs {@code root} into the copy and writes {@code overlays} (absolute paths inside {@code
   * root} → their text) over it.
   *
   * @return the copy's root
   */
  public Path prepare(Path root, Map<Path, String> overlays) {
    try {
      Files.createDirectories(dir);
      Set<Path> seen = new HashSet<>();
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
                throws IOException {
              Path rel = root.relativize(d);
              String name = d.equals(root) ? "" : d.getFileName().toString();
              if (LEFT_OUT.contains(name) || OWN_OUTPUT.contains(name.toLowerCase(Locale.ROOT))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              Path target = dir.resolve(rel.toString());
              seen.add(target);
              if (LINKED.contains(name)) {
                if (!Files.isSymbolicLink(target)) {
                  FileTrees.delete(target);
                  Files.createSymbolicLink(target, d.toAbsolutePath());
                }
                return FileVisitResult.SKIP_SUBTREE;
              }
              Files.createDirectories(target);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
              if (!attrs.isRegularFile()) {
                return FileVisitResult.CONTINUE;
              }
              Path target = dir.resolve(root.relativize(f).toString());
              seen.add(target);
              if (!same(f, attrs, target)) {
                Files.copy(
                    f,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
      removeDeleted(seen);
      for (Map.Entry<Path, String> o : overlays.entrySet()) {
        Path abs = o.getKey().toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
          continue;
        }
        Path target = dir.resolve(root.relativize(abs).toString());
        Files.createDirectories(target.getParent());
        Files.writeString(target, o.getValue(), StandardCharsets.UTF_8);
        // a time no saved file has, so the next sync copies the saved file back over it
        Files.setLastModifiedTime(
            target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 1));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the shadow copy of " + root + " in " + dir, e);
    }
  }

  /** The path in the user's root for a path in the copy (unchanged when outside the copy). */
  public Path toRoot(Path root, Path inCopy) {
    Path p = inCopy.toAbsolutePath().normalize();
    return p.startsWith(dir) ? root.resolve(dir.relativize(p).toString()).normalize() : p;
  }

  private static boolean same(Path source, BasicFileAttributes attrs, Path target)
      throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    BasicFileAttributes t = Files.readAttributes(target, BasicFileAttributes.class);
    return t.size() == attrs.size() && t.lastModifiedTime().equals(attrs.lastModifiedTime());
  }

  /** Deletes what the root no longer has (its own build output is kept). */
  private void removeDeleted(Set<Path> seen) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            if (d.equals(dir)) {
              return FileVisitResult.CONTINUE;
            }
            String name = d.getFileName().toString().toLowerCase(Locale.ROOT);
            if (OWN_OUTPUT.contains(name)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (!seen.contains(d)) {
              FileTrees.delete(d);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            if (!seen.contains(f)) {
              Files.deleteIfExists(f);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
