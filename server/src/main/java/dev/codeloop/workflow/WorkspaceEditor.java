package dev.codeloop.workflow;

import java.nio.file.Path;
import java.util.List;
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
   * Applies every change at once; {@code false} when it was refused because a file moved past the
   * version its change was computed against (the user edited it), and then nothing is applied. The
   * tools read the disk, so an applied change is on disk when the future completes.
   */
  CompletableFuture<Boolean> apply(List<FileChange> changes);
}
