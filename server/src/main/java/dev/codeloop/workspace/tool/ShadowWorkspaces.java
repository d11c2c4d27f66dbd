package dev.codeloop.workspace.tool;

import dev.codeloop.files.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow copies of one session, one per workspace root, in folders named {@code
 * codeloop-shadow-<pid>-<session>-<root>} under the temporary folder. They hold copies of the
 * user's code and the tools' build output, so they go when the session ends ({@link #close}); the
 * folders of a server that ended without deleting its own (killed, crashed) are removed by a later
 * server ({@link #sweepStale}).
 */
public final class ShadowWorkspaces implements Function<Path, ShadowWorkspace> {
  private static final Logger LOG = LoggerFactory.getLogger(ShadowWorkspaces.class);
  static final String PREFIX = "codeloop-shadow-";

  private final Path parent;
  private final String owner;
  private final Map<Path, ShadowWorkspace> byRoot = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param parent the folder the copies live in (the temporary folder, private to the user)
   * @param pid the server process's id, which names its copies (see {@link #sweepStale})
   * @param session tells this session's copies from another's in the same process
   */
  public ShadowWorkspaces(Path parent, long pid, String session) {
    this.parent = parent;
    this.owner = PREFIX + pid + "-" + session + "-";
  }

  /** The copy of {@code root}; refused once the session has ended. */
  @Override
  public ShadowWorkspace apply(Path root) {
    if (closed) {
      throw new IllegalStateException("the session has ended: no shadow copy of " + root);
    }
    return byRoot.computeIfAbsent(
        root,
        r ->
            new ShadowWorkspace(
                parent.resolve(owner + Integer.toHexString(r.toString().hashCode()))));
  }

  /**
   * Deletes every copy of this session. Call it after the session's tool processes were ended; what
   * cannot be deleted is logged and left to {@link #sweepStale}.
   */
  public void close() {
    closed = true;
    for (ShadowWorkspace s : byRoot.values()) {
      try {
        FileTrees.delete(s.dir());
      } catch (IOException | RuntimeException e) {
        LOG.warn("Cannot delete the shadow copy {}: {}", s.dir(), e.toString());
      }
    }
    byRoot.clear();
  }

  /**
   * Deletes the shadow copies under {@code parent} of server processes that are gone: a folder
   * named by a process id that {@code alive} says is not running, not modified for {@code quietFor}
   * (a folder of a live server in another process namespace that shares the temporary folder is
   * still written to when it runs tools). Folders of other users cannot be deleted and are skipped.
   *
   * @return how many folders were deleted
   */
  public static int sweepStale(Path parent, LongPredicate alive, Duration quietFor, Instant now) {
    int deleted = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path dir : entries) {
        long pid = pidOf(dir.getFileName().toString());
        if (pid < 0 || alive.test(pid) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try {
          Instant modified = Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toInstant();
          if (modified.plus(quietFor).isAfter(now)) {
            continue;
          }
          FileTrees.delete(dir);
          deleted++;
        } catch (IOException e) {
          LOG.debug("Cannot delete the stale shadow copy {}: {}", dir, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.debug("Cannot list {} for stale shadow copies: {}", parent, e.toString());
    }
    if (deleted > 0) {
      LOG.info("Deleted {} shadow copies left by servers that have ended", deleted);
    }
    return deleted;
  }

  /** Whether process {@code pid} is running (on this machine, in this process namespace). */
  public static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The process id a copy's folder name starts with, or -1 when it is not one of ours. */
  static long pidOf(String name) {
    if (!name.startsWith(PREFIX)) {
      return -1;
    }
    int end = name.indexOf('-', PREFIX.length());
    if (end <= PREFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(PREFIX.length(), end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
