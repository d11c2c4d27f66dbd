package dev.codeloop.model.embedded;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@link EmbeddedCodeModel#indexWorkspace} run may learn, on top of the model's own limits
 * (the smaller one applies). Files are taken in order of relevance: first those in the folders of
 * {@code first} (the files open in an editor), then the most recently modified; once a budget is
 * spent the rest of the workspace is not learned (and a document learned earlier beyond it is
 * forgotten), so memory stays bounded whatever the workspace's size.
 *
 * @param maxFiles at most this many files of the workspace are learned
 * @param maxFileBytes larger files are not learned
 * @param maxModelBytes estimated heap of what the workspace's files add to the model (counts,
 *     document tokens and vocabulary; the caches of recent and open files have their own bounds)
 * @param first files whose folders are learned first (e.g. the open documents)
 * @param platformLibrary whether the model's {@link PlatformLibrary} is learned into what the
 *     workspace left of the budget (the user's {@code embedded.platformLibrary})
 */
public record IndexLimits(
    int maxFiles,
    long maxFileBytes,
    long maxModelBytes,
    List<Path> first,
    boolean platformLibrary) {
  /** No limits beyond the model's own. */
  public static final IndexLimits NONE =
      new IndexLimits(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, List.of());

  /** With the model's platform library learned. */
  public IndexLimits(int maxFiles, long maxFileBytes, long maxModelBytes, List<Path> first) {
    this(maxFiles, maxFileBytes, maxModelBytes, first, true);
  }

  public IndexLimits {
    if (maxFiles < 0 || maxFileBytes < 0 || maxModelBytes < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
    first = List.copyOf(first);
  }
}
