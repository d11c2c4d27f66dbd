package dev.codeloop.model.embedded;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of {@link EmbeddedCodeModel#indexWorkspace}.
 *
 * @param files source files now in the model from this workspace
 * @param reused files whose persisted tokens were reused (unchanged since the last run)
 * @param skipped files skipped (unreadable)
 * @param tokens model tokens of those files
 * @param millis wall time
 * @param deferred files not learned yet because their saved version is not stable (saved too
 *     recently, or held by an editor with unsaved edits): learn them later with {@link
 *     EmbeddedCodeModel#learnFileIfStable}
 * @param overBudget files not learned because a budget ({@link IndexLimits}, the model's token or
 *     byte budget) was spent on more relevant ones
 * @param platformFiles files of the languages' standard libraries now in the model ({@link
 *     PlatformLibrary}; not counted in {@code files})
 * @param platformTokens their tokens (not counted in {@code tokens})
 */
public record IndexStats(
    int files,
    int reused,
    int skipped,
    long tokens,
    long millis,
    List<Path> deferred,
    int overBudget,
    int platformFiles,
    long platformTokens) {

  public IndexStats {
    deferred = List.copyOf(deferred);
  }

  public IndexStats(int files, int reused, int skipped, long tokens, long millis) {
    this(files, reused, skipped, tokens, millis, List.of(), 0, 0, 0);
  }
}
