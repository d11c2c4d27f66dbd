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
      String text = d.content();
      try {
        if (Files.isRegularFile(file)
            && Files.size(file) == text.getBytes(StandardCharsets.UTF_8).length
            && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
          continue;
        }
      } catch (IOException | RuntimeException e) {
        // unreadable on disk: overlay the buffer
      }
      out.put(file, text);
    }
    return out;
  }
}
