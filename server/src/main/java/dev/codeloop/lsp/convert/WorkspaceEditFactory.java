package dev.codeloop.lsp.convert;

import dev.codeloop.action.ActionResult;
import dev.codeloop.action.FileEdit;
import dev.codeloop.action.TextReplacement;
import dev.codeloop.lsp.capability.ClientCapabilitiesView;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CreateFile;
import org.eclipse.lsp4j.CreateFileOptions;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ResourceOperation;
import org.eclipse.lsp4j.SnippetTextEdit;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Turns edit results into a {@link WorkspaceEdit} the client can apply: versioned {@code
 * TextDocumentEdit}s ({@code documentChanges}) when supported, else the plain {@code changes} map;
 * a new file is a {@code CreateFile} operation when the client supports it, else it has to exist
 * (empty) before the edit is applied, which {@link Converted#filesToCreate()} lists.
 */
public final class WorkspaceEditFactory {

  /** The edit, and files the caller must create (empty) on disk first. */
  public record Converted(WorkspaceEdit edit, List<Path> filesToCreate) {
    public Converted {
      filesToCreate = List.copyOf(filesToCreate);
    }
  }

  public Converted convert(ActionResult.Edits result, ClientCapabilitiesView caps) {
    List<Path> toCreate = new ArrayList<>();
    if (caps.documentChanges()) {
      List<Either<TextDocumentEdit, ResourceOperation>> changes = new ArrayList<>();
      for (FileEdit f : result.files()) {
        if (f instanceof FileEdit.Change c) {
          changes.add(
              Either.forLeft(
                  new TextDocumentEdit(identifier(c.uri(), c.version()), plain(edits(c)))));
        } else if (f instanceof FileEdit.Create n) {
          if (caps.resourceOperations()) {
            changes.add(
                Either.forRight(new CreateFile(n.uri(), new CreateFileOptions(false, true))));
          } else {
            toCreate.add(Path.of(URI.create(n.uri())));
          }
          changes.add(
              Either.forLeft(
                  new TextDocumentEdit(identifier(n.uri(), -1), plain(List.of(insertAll(n))))));
        }
      }
      WorkspaceEdit edit = new WorkspaceEdit();
      edit.setDocumentChanges(changes);
      return new Converted(edit, toCreate);
    }
    Map<String, List<TextEdit>> changes = new LinkedHashMap<>();
    for (FileEdit f : result.files()) {
      if (f instanceof FileEdit.Change c) {
        changes.computeIfAbsent(c.uri(), u -> new ArrayList<>()).addAll(edits(c));
      } else if (f instanceof FileEdit.Create n) {
        toCreate.add(Path.of(URI.create(n.uri())));
        changes.computeIfAbsent(n.uri(), u -> new ArrayList<>()).add(insertAll(n));
      }
    }
    return new Converted(new WorkspaceEdit(changes), toCreate);
  }

  /** LSP4J's {@code TextDocumentEdit} also takes snippet edits; ours are all plain. */
  public static List<Either<TextEdit, SnippetTextEdit>> plain(List<TextEdit> edits) {
    List<Either<TextEdit, SnippetTextEdit>> out = new ArrayList<>(edits.size());
    edits.forEach(e -> out.add(Either.forLeft(e)));
    return out;
  }

  private static VersionedTextDocumentIdentifier identifier(String uri, int version) {
    return new VersionedTextDocumentIdentifier(uri, version < 0 ? null : version);
  }

  private static List<TextEdit> edits(FileEdit.Change c) {
    List<TextEdit> out = new ArrayList<>(c.edits().size());
    for (TextReplacement r : c.edits()) {
      out.add(new TextEdit(LspRanges.toLsp(r.range()), r.text()));
    }
    return out;
  }

  private static TextEdit insertAll(FileEdit.Create n) {
    return new TextEdit(new Range(new Position(0, 0), new Position(0, 0)), n.content());
  }
}
