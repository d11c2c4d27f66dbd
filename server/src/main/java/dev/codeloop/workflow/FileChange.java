package dev.codeloop.workflow;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file's new full text, computed against one version of it.
 *
 * @param file absolute, inside a workspace root (checked before it gets here)
 * @param version the editor's version the text was computed against; {@code -1} when the file is
 *     not open in the editor (it is then created or replaced)
 */
public record FileChange(Path file, String text, int version) {
  public FileChange {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
  }
}
