package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code tools.checkOnSave} over the wire: saves run the root's checks, debounced. */
@DisabledOnOs(OS.WINDOWS)
class CheckOnSaveServerTest {
  @TempDir Path root;
  private ServerHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private String start(boolean checkOnSave, boolean trusted) throws Exception {
    Files.createDirectories(root.resolve("src"));
    Files.writeString(root.resolve("src/A.java"), "class A {\n  int x = ;\n}\n");
    Files.writeString(
        root.resolve("check.sh"), "echo run >> runs.txt\necho 'src/A.java:2:5: broken'\nexit 1\n");
    ServerHarness.Caps caps = new ServerHarness.Caps();
    caps.parsers =
        id -> id.equals("simple") ? Optional.of(ToolRunServerTest.SIMPLE) : Optional.empty();
    caps.settingsJson =
        "{"
            + (trusted ? "\"trustedWorkspaces\": [\"" + root + "\"]," : "")
            + "\"tools\": {\"checkOnSave\": "
            + checkOnSave
            + ", \"checks\": [{\"command\": [\"sh\", \"check.sh\"], \"parser\": \"simple\"}]}}";
    h = ServerHarness.start(root, caps);
    String uri = h.uri("src/A.java");
    h.client.open(uri, "java", Files.readString(root.resolve("src/A.java")));
    return uri;
  }

  private void save(String uri) {
    h.server
        .getTextDocumentService()
        .didSave(new DidSaveTextDocumentParams(new TextDocumentIdentifier(uri)));
  }

  private List<String> runs() throws Exception {
    Path runs = root.resolve("runs.txt");
    return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
  }

  @Test
  void should_run_the_checks_once_for_two_quick_saves_and_publish_the_finding() throws Exception {
    // given
    String uri = start(true, true);

    // when
    save(uri);
    save(uri);

    // then
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<PublishDiagnosticsParams> published = List.of();
    while (published.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      published = h.client.diagnostics.stream().filter(p -> p.getUri().equals(uri)).toList();
    }
    assertThat(published).hasSize(1);
    assertThat(published.get(0).getDiagnostics()).hasSize(1);
    assertThat(published.get(0).getDiagnostics().get(0).getSource()).isEqualTo("codeloop:check");
    Thread.sleep(800); // longer than the quiet period: a second run would have started by now
    assertThat(runs()).containsExactly("run");
    assertThat(h.client.diagnostics).hasSize(1);
  }

  @Test
  void should_run_nothing_on_save_when_off_or_untrusted() throws Exception {
    // given
    String uri = start(false, true);

    // when
    save(uri);
    Thread.sleep(800);

    // then
    assertThat(runs()).isEmpty();
    assertThat(h.client.diagnostics).isEmpty();

    // and an untrusted workspace runs nothing even when asked to
    h.close();
    h = null;
    uri = start(true, false);
    save(uri);
    Thread.sleep(800);
    assertThat(runs()).isEmpty();
    assertThat(h.client.diagnostics).isEmpty();
  }
}
