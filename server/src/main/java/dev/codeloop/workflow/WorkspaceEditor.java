package dev.codeloop.workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The port through which a workflow reads and changes the workspace; the LSP layer implements it
 * with one versioned {@code workspace/applyEdit}.
 */
public interface WorkspaceEditor {
  /** A file's current text and editor version ({@code -1} when not open). */
  record Current(String text, int version) {}

  /** The file as the editor has it (open) or as it is on disk; empty when it does not exist. */
  Optional<Current> read(Path file);

  /**
   * The version of every file open in the editor now: taken when a prompt is built, a reply's
   * change to a file the user has edited since (or opened since) is refused.
   */
  Map<Path, Integer> openVersions();

  /**
   * Applies every change at once; {@code false} when it was refused because a file moved past the
   * version its change was computed against (the user edited it), and then nothing is applied. The
   * tools read the disk, so an applied change is on disk when the future completes.
   *
   * @param label what the editor may show for the edit (e.g. in its undo history)
   */
  CompletableFuture<Boolean> apply(String label, List<FileChange> changes);
}
