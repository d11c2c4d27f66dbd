package dev.codeloop.action;

import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link ProjectFiles} over the session's document store (open documents win over the disk). */
public final class StoreProjectFiles implements ProjectFiles {
  private final DocumentStore documents;
  private final Supplier<List<Path>> roots;

  public StoreProjectFiles(DocumentStore documents, Supplier<List<Path>> roots) {
    this.documents = documents;
    this.roots = roots;
  }

  @Override
  public Optional<DocumentSnapshot> document(String uri) {
    return documents.snapshotOrDisk(uri);
  }

  @Override
  public Optional<String> read(Path file) {
    return documents.snapshotOrDisk(file.toUri().toString()).map(DocumentSnapshot::content);
  }

  @Override
  public boolean exists(Path file) {
    return documents.snapshot(file.toUri().toString()).isPresent() || Files.exists(file);
  }

  @Override
  public List<Path> roots() {
    return roots.get();
  }
}
