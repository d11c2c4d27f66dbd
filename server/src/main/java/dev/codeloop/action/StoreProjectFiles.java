package dev.codeloop.action;

import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.workspace.privacy.Containment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link ProjectFiles} over the session's document store (open documents win over the disk). A file
 * that is not open is read only when it lies inside a workspace root (symbolic links resolved): a
 * document the user opened is theirs to act on, but nothing else from outside the workspace is read
 * into a prompt.
 */
public final class StoreProjectFiles implements ProjectFiles {
  private final DocumentStore documents;
  private final Supplier<List<Path>> roots;

  public StoreProjectFiles(DocumentStore documents, Supplier<List<Path>> roots) {
    this.documents = documents;
    this.roots = roots;
  }

  @Override
  public Optional<DocumentSnapshot> document(String uri) {
    Optional<DocumentSnapshot> open = documents.snapshot(uri);
    if (open.isPresent()) {
      return open;
    }
    return Containment.inside(uri, roots.get()) ? documents.snapshotOrDisk(uri) : Optional.empty();
  }

  @Override
  public Optional<String> read(Path file) {
    return document(file.toUri().toString()).map(DocumentSnapshot::content);
  }

  @Override
  public boolean exists(Path file) {
    return documents.snapshot(file.toUri().toString()).isPresent()
        || (Containment.inside(file, roots.get()) && Files.exists(file));
  }

  @Override
  public boolean contains(String uri) {
    return Containment.inside(uri, roots.get());
  }

  @Override
  public List<Path> roots() {
    return roots.get();
  }
}
