package dev.codeloop.lsp.handler;

import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextPosition;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.convert.WorkspaceEditFactory;
import dev.codeloop.workflow.FileChange;
import dev.codeloop.workflow.WorkspaceEditor;
import dev.codeloop.workspace.privacy.Containment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.CreateFileOptions;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * A workflow's edits as one versioned {@code workspace/applyEdit}: an open file is replaced whole
 * at the version its change was computed for (the editor refuses it when the user's version moved);
 * a file that is not open is created or replaced ({@code CreateFile} with overwrite, then its
 * text). The tools read the disk, so once the editor applied the edit each file's text is also
 * written to disk. Refused (false) before anything is sent when a version already moved.
 */
public final class LspWorkspaceEditor implements WorkspaceEditor {
  private final SessionContext context;
  private final DocumentStore documents;
  private final Duration timeout;

  public LspWorkspaceEditor(SessionContext context, DocumentStore documents, Duration timeout) {
    this.context = context;
    this.documents = documents;
    this.timeout = timeout;
  }

  @Override
  public Optional<Current> read(Path file) {
    return documents
        .snapshotOrDisk(file.toUri().toString())
        .map(s -> new Current(s.content(), s.version()));
  }

  @Override
  public Map<Path, Integer> openVersions() {
    Map<Path, Integer> out = new HashMap<>();
    for (DocumentSnapshot d : documents.openDocuments()) {
      Containment.path(d.uri()).ifPresent(p -> out.put(p.normalize(), d.version()));
    }
    return out;
  }

  @Override
  public CompletableFuture<Boolean> apply(String label, List<FileChange> changes) {
    return Futures.now(
        () -> {
          List<Either<TextDocumentEdit, ResourceOperation>> ops = new ArrayList<>();
          for (FileChange c : changes) {
            String uri = c.file().toUri().toString();
            Optional<DocumentSnapshot> open = documents.snapshot(uri);
            int now = open.map(DocumentSnapshot::version).orElse(DocumentSnapshot.NOT_OPEN);
            if (now != c.version()) {
              return CompletableFuture.completedFuture(false);
            }
            if (open.isPresent()) {
              TextPosition end = open.get().positionAt(open.get().text().length());
              Range all = new Range(new Position(0, 0), new Position(end.line(), end.character()));
              ops.add(
                  Either.forLeft(
                      new TextDocumentEdit(
                          new VersionedTextDocumentIdentifier(uri, c.version()),
                          WorkspaceEditFactory.plain(List.of(new TextEdit(all, c.text()))))));
            } else {
              ops.add(Either.forRight(new CreateFile(uri, new CreateFileOptions(true, false))));
              ops.add(
                  Either.forLeft(
                      new TextDocumentEdit(
                          new VersionedTextDocumentIdentifier(uri, null),
                          WorkspaceEditFactory.plain(
                              List.of(
                                  new TextEdit(
                                      new Range(new Position(0, 0), new Position(0, 0)),
                                      c.text()))))));
            }
          }
          if (!context.capabilities().applyEdit()) {
            throw CodeloopException.requestFailed(
                "The editor cannot apply edits sent by the server (workspace.applyEdit)");
          }
          WorkspaceEdit edit = new WorkspaceEdit(ops);
          return context
              .client()
              .applyEdit(new ApplyWorkspaceEditParams(edit, label))
              .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .thenApply(
                  response -> {
                    if (response == null || !response.isApplied()) {
                      return false;
                    }
                    for (FileChange c : changes) {
                      write(c);
                    }
                    return true;
                  });
        });
  }

  private static void write(FileChange c) {
    try {
      Files.createDirectories(c.file().getParent());
      Files.writeString(c.file(), c.text(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + c.file(), e);
    }
  }
}
