package dev.codeloop.model.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persisted project models on disk ({@code <baseDir>/projects/<key>}), kept within bounds: one
 * folder is written per workspace root ever opened, each up to tens of MB (the standard library
 * learned into it included), and nothing else ever removes them.
 */
final class ProjectFolders {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectFolders.class);
  private static final Pattern KEY = Pattern.compile("[0-9a-f]{24}");

  /**
   * What {@link #prune} deletes: a model not written for {@code unusedFor}; a model whose root is
   * gone (its {@code root.txt} names no folder) and not written for {@code rootGoneFor} (a root on
   * a drive that is only unmounted keeps its model that long); then, while all of them together
   * exceed {@code maxBytes}, the least recently written.
   */
  record Policy(Duration unusedFor, Duration rootGoneFor, long maxBytes) {
    static final Policy DEFAULT = new Policy(Duration.ofDays(90), Duration.ofDays(7), 2L << 30);
  }

  private record Folder(Path dir, Instant written, long bytes, boolean rootGone) {}

  private ProjectFolders() {}

  /**
   * Deletes the project folders under {@code projects} that {@code policy} lets go, never one in
   * {@code inUse} (this process's models) nor one whose lock another writer holds, nor anything
   * that is not named as a project folder.
   *
   * @return the folders deleted
   */
  static List<Path> prune(Path projects, Set<Path> inUse, Policy policy, Instant now) {
    List<Folder> folders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(projects)) {
      for (Path dir : entries) {
        if (KEY.matcher(dir.getFileName().toString()).matches()
            && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
            && !inUse.contains(dir)) {
          read(dir).ifPresent(folders::add);
        }
      }
    } catch (IOException e) {
      LOG.debug("Cannot list the project models in {}: {}", projects, e.toString());
      return List.of();
    }
    long total = inUseBytes(inUse);
    List<Path> deleted = new ArrayList<>();
    List<Folder> kept = new ArrayList<>();
    for (Folder f : folders) {
      Duration age = Duration.between(f.written(), now);
      boolean go =
          age.compareTo(policy.unusedFor()) > 0
              || f.rootGone() && age.compareTo(policy.rootGoneFor()) > 0;
      if (go && delete(f.dir())) {
        deleted.add(f.dir());
      } else {
        kept.add(f);
        total += f.bytes();
      }
    }
    kept.sort(Comparator.comparing(Folder::written));
    for (Folder f : kept) {
      if (total <= policy.maxBytes()) {
        break;
      }
      if (delete(f.dir())) {
        deleted.add(f.dir());
        total -= f.bytes();
      }
    }
    if (!deleted.isEmpty()) {
      LOG.info(
          "Deleted {} embedded models of projects unused for long, gone, or over the cache's {} MB",
          deleted.size(),
          policy.maxBytes() >> 20);
    }
    return deleted;
  }

  private static java.util.Optional<Folder> read(Path dir) {
    try {
      Path model = dir.resolve(ModelStore.FILE_NAME);
      Instant written =
          Files.getLastModifiedTime(Files.exists(model) ? model : dir, LinkOption.NOFOLLOW_LINKS)
              .toInstant();
      return java.util.Optional.of(new Folder(dir, written, bytes(dir), rootGone(dir)));
    } catch (IOException e) {
      return java.util.Optional.empty(); // gone meanwhile, or unreadable: left alone
    }
  }

  /** The bytes of the files in a project folder (it holds no sub-folders). */
  private static long bytes(Path dir) throws IOException {
    long sum = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          sum += Files.size(f);
        }
      }
    }
    return sum;
  }

  private static long inUseBytes(Set<Path> inUse) {
    long sum = 0;
    for (Path dir : inUse) {
      try {
        sum += bytes(dir);
      } catch (IOException e) {
        // not written yet
      }
    }
    return sum;
  }

  /** Whether the folder's {@code root.txt} names a root that is no longer a folder. */
  private static boolean rootGone(Path dir) {
    Path about = dir.resolve("root.txt");
    try {
      String root = Files.readString(about, StandardCharsets.UTF_8).strip();
      return !root.isEmpty() && !Files.isDirectory(Path.of(root));
    } catch (IOException | InvalidPathException e) {
      return false; // unknown: only its age counts
    }
  }

  /** Deletes a folder under its lock (skipped while another writer holds it). */
  private static boolean delete(Path dir) {
    try {
      return ModelStore.deleteUnlessLocked(dir);
    } catch (IOException e) {
      LOG.debug("Cannot delete the project model {}: {}", dir, e.toString());
      return false;
    }
  }
}
