package dev.codeloop.model.embedded;

/**
 * Outcome of {@link EmbeddedCodeModel#indexWorkspace}.
 *
 * @param files source files now in the model from this workspace
 * @param reused files whose persisted tokens were reused (unchanged since the last run)
 * @param skipped files skipped (unreadable, or over the token budget)
 * @param tokens model tokens of those files
 * @param millis wall time
 */
public record IndexStats(int files, int reused, int skipped, long tokens, long millis) {}
