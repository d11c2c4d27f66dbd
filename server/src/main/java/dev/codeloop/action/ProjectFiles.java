package dev.codeloop.action;

import dev.codeloop.document.DocumentSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Read-only access to the workspace for providers: open documents first, else the disk. */
public interface ProjectFiles {

  /** The open document or the file on disk (version {@link DocumentSnapshot#NOT_OPEN}). */
  Optional<DocumentSnapshot> document(String uri);

  /** The content of a file on disk (or open), if it exists and is small enough. */
  Optional<String> read(Path file);

  boolean exists(Path file);

  /**
   * Whether a file lies inside a workspace folder (symbolic links resolved): only such files are
   * written or read into prompts unless the user has them open.
   */
  default boolean contains(String uri) {
    return false;
  }

  /** The workspace folders. */
  List<Path> roots();
}
