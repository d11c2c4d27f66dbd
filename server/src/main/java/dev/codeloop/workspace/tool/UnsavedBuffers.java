package dev.codeloop.workspace.tool;

import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.workspace.privacy.Containment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The open documents whose text differs from their saved file: what the tools must overlay. */
public final class UnsavedBuffers {
  private UnsavedBuffers() {}

  public static Map<Path, String> of(DocumentStore documents) {
    Map<Path, String> out = new HashMap<>();
    for (DocumentSnapshot d : documents.openDocuments()) {
      Optional<Path> path = Containment.path(d.uri());
      if (path.isEmpty()) {
        continue;
      }
      Path file = path.get().toAbsolutePath().normalize();
      try {
        if (Files.isRegularFile(file)
            && Files.size(file) == d.text().utf8Length()
            && d.text().contentEquals(Files.readString(file, StandardCharsets.UTF_8))) {
          continue;
        }
      } catch (IOException | RuntimeException e) {
        // unreadable on disk: overlay the buffer
      }
      out.put(file, d.content());
    }
    return out;
  }
}
