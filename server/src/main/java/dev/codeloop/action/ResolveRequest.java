package dev.codeloop.action;

import dev.codeloop.document.DocumentSnapshot;
import java.util.Objects;

/** The input of {@link ActionProvider#resolve}: the stored data and the snapshot at its version. */
public record ResolveRequest(ActionData data, DocumentSnapshot snapshot, ProjectFiles files) {
  public ResolveRequest {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(files, "files");
  }
}
