package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workspace folders added and removed over the wire change what the privacy filter ignores. */
class WorkspaceFoldersServerTest {
  private static final String JAVA = "class Gen {\n  int x = foo(bar);\n}\n";
  private static final Range BAR = new Range(new Position(1, 14), new Position(1, 17));

  @TempDir Path root;
  @TempDir Path other;
  private ServerHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private List<CodeAction> actions(String uri) throws Exception {
    return h
        .server
        .getTextDocumentService()
        .codeAction(
            new CodeActionParams(
                new TextDocumentIdentifier(uri), BAR, new CodeActionContext(List.of())))
        .get(10, TimeUnit.SECONDS)
        .stream()
        .map(Either::getRight)
        .toList();
  }

  private void changeFolders(List<WorkspaceFolder> added, List<WorkspaceFolder> removed) {
    h.server
        .getWorkspaceService()
        .didChangeWorkspaceFolders(
            new DidChangeWorkspaceFoldersParams(new WorkspaceFoldersChangeEvent(added, removed)));
  }

  @Test
  void should_apply_the_gitignore_of_a_folder_added_after_initialize() throws Exception {
    // given: a second folder whose own .gitignore ignores generated/
    Files.writeString(other.resolve(".gitignore"), "generated/\n");
    Path file = other.resolve("generated/Gen.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, JAVA);
    h = ServerHarness.start(root, new ServerHarness.Caps());
    String uri = file.toUri().toString();
    h.client.open(uri, "java", JAVA);
    assertThat(actions(uri)).isNotEmpty().allSatisfy(a -> assertThat(a.getDisabled()).isNull());
    WorkspaceFolder folder = new WorkspaceFolder(other.toUri().toString(), "other");

    // when
    changeFolders(List.of(folder), List.of());

    // then
    assertThat(actions(uri))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.getDisabled().getReason()).contains(".gitignore"));

    // and when the folder is removed again, its ignore files no longer apply
    changeFolders(List.of(), List.of(folder));
    assertThat(actions(uri)).allSatisfy(a -> assertThat(a.getDisabled()).isNull());
  }
}
