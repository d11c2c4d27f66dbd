package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.PreviousResultId;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceDiagnosticParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceDocumentDiagnosticReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull diagnostics over the wire: what a check run found is answered to {@code
 * textDocument/diagnostic} and {@code workspace/diagnostic}, with result ids; a client that pulls
 * is not pushed to.
 */
@DisabledOnOs(OS.WINDOWS)
class PullDiagnosticsServerTest {
  @TempDir Path root;
  private ServerHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private void start(boolean pull) throws Exception {
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/A.java"), "class A {\n  int x = ;\n}\n");
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.pullDiagnostics = pull;
    caps.diagnosticRefresh = pull;
    caps.parsers =
        id -> id.equals("simple") ? Optional.of(ToolRunServerTest.SIMPLE) : Optional.empty();
    caps.settingsJson =
        "{\"trustedWorkspaces\": [\""
            + root
            + "\"],"
            + "\"tools\": {\"checks\": [{\"command\": [\"sh\", \"check.sh\"], \"parser\": \"simple\"}]}}";
    h = ServerHarness.start(root, caps);
  }

  private DocumentDiagnosticReport pull(String uri, String previousResultId) throws Exception {
    DocumentDiagnosticParams params = new DocumentDiagnosticParams(new TextDocumentIdentifier(uri));
    params.setPreviousResultId(previousResultId);
    return h.server.getTextDocumentService().diagnostic(params).get(10, TimeUnit.SECONDS);
  }

  private WorkspaceDiagnosticReport pullWorkspace(List<PreviousResultId> previous)
      throws Exception {
    return h.server
        .getWorkspaceService()
        .diagnostic(new WorkspaceDiagnosticParams(previous))
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void should_answer_pulls_with_the_findings_unchanged_and_then_cleared() throws Exception {
    // given
    start(true);
    var provider = h.initialized.getCapabilities().getDiagnosticProvider();
    assertThat(provider).isNotNull();
    assertThat(provider.getIdentifier()).isEqualTo("codeloop");
    assertThat(provider.isInterFileDependencies()).isTrue();
    assertThat(provider.isWorkspaceDiagnostics()).isTrue();
    Files.writeString(root.resolve("check.sh"), "echo 'src/A.java:2:5: broken'\nexit 1\n");
    String uri = root.resolve("src/A.java").toUri().toString();

    // when
    h.command("codeloop.runChecks");
    DocumentDiagnosticReport first = pull(uri, null);

    // then: a full report with the finding; nothing pushed, a refresh asked for
    assertThat(first.isRelatedFullDocumentDiagnosticReport()).isTrue();
    var full = first.getRelatedFullDocumentDiagnosticReport();
    assertThat(full.getItems()).hasSize(1);
    assertThat(full.getItems().get(0).getMessage().getLeft()).isEqualTo("broken");
    assertThat(full.getItems().get(0).getSource()).isEqualTo("codeloop:check");
    assertThat(full.getResultId()).isNotBlank();
    assertThat(h.client.diagnostics).isEmpty();
    assertThat(h.client.diagnosticRefreshes.get()).isGreaterThanOrEqualTo(1);

    // and the same result id is answered unchanged
    DocumentDiagnosticReport second = pull(uri, full.getResultId());
    assertThat(second.isRelatedUnchangedDocumentDiagnosticReport()).isTrue();
    assertThat(second.getRelatedUnchangedDocumentDiagnosticReport().getResultId())
        .isEqualTo(full.getResultId());

    // and workspace/diagnostic lists the file
    WorkspaceDiagnosticReport workspace = pullWorkspace(List.of());
    assertThat(workspace.getItems()).hasSize(1);
    var item = workspace.getItems().get(0).getWorkspaceFullDocumentDiagnosticReport();
    assertThat(item.getUri()).isEqualTo(uri);
    assertThat(item.getItems()).hasSize(1);
    assertThat(
            pullWorkspace(List.of(new PreviousResultId(uri, full.getResultId())))
                .getItems()
                .get(0)
                .isWorkspaceUnchangedDocumentDiagnosticReport())
        .isTrue();

    // when the check passes
    Files.writeString(root.resolve("check.sh"), "exit 0\n");
    h.command("codeloop.runChecks");

    // then: an empty full report with a new result id, also for the stale result id
    DocumentDiagnosticReport clean = pull(uri, full.getResultId());
    assertThat(clean.isRelatedFullDocumentDiagnosticReport()).isTrue();
    assertThat(clean.getRelatedFullDocumentDiagnosticReport().getItems()).isEmpty();
    assertThat(clean.getRelatedFullDocumentDiagnosticReport().getResultId())
        .isNotEqualTo(full.getResultId());
    assertThat(pullWorkspace(List.of()).getItems()).isEmpty();
    List<WorkspaceDocumentDiagnosticReport> cleared =
        pullWorkspace(List.of(new PreviousResultId(uri, full.getResultId()))).getItems();
    assertThat(cleared).hasSize(1);
    assertThat(cleared.get(0).getWorkspaceFullDocumentDiagnosticReport().getItems()).isEmpty();
    assertThat(h.client.diagnostics).isEmpty();
  }

  @Test
  void should_not_advertise_pull_diagnostics_to_a_client_without_them_and_push_instead()
      throws Exception {
    // given
    start(false);
    Files.writeString(root.resolve("check.sh"), "echo 'src/A.java:2:5: broken'\nexit 1\n");

    // when
    h.command("codeloop.runChecks");

    // then
    assertThat(h.initialized.getCapabilities().getDiagnosticProvider()).isNull();
    assertThat(h.client.diagnostics).isNotEmpty();
    assertThat(h.client.diagnosticRefreshes.get()).isZero();
  }
}
