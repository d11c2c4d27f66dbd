package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.InitializeParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ParentWatcherTest {
  @TempDir Path xdg;
  private ServerProcess server;
  private LspClient lsp;
  private Process fakeEditor;

  @AfterEach
  void tearDown() {
    if (lsp != null) {
      lsp.close();
    }
    if (server != null) {
      server.close();
    }
    if (fakeEditor != null && fakeEditor.isAlive()) {
      fakeEditor.destroyForcibly();
    }
  }

  @Test
  void should_exit_when_the_process_named_in_initialize_dies() throws Exception {
    // given
    fakeEditor = new ProcessBuilder("sleep", "60").start();
    server = ServerProcess.start(xdg);
    lsp = LspClient.over(server);
    InitializeParams params = LspClient.defaultParams();
    params.setProcessId((int) fakeEditor.pid());
    lsp.initialize(params);
    assertThat(server.isAlive()).isTrue();

    // when
    fakeEditor.destroyForcibly();
    assertThat(fakeEditor.waitFor(5, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(server.awaitExit(Duration.ofSeconds(10))).isPresent();
  }

  @Test
  void should_exit_when_the_process_named_in_initialize_is_already_gone() throws Exception {
    // given
    fakeEditor = new ProcessBuilder("true").start();
    fakeEditor.waitFor(5, TimeUnit.SECONDS);
    long deadPid = fakeEditor.pid();
    server = ServerProcess.start(xdg);
    lsp = LspClient.over(server);
    InitializeParams params = LspClient.defaultParams();
    params.setProcessId((int) deadPid);

    // when: the reply may never come, the server is expected to exit instead
    lsp.server.initialize(params);

    // then
    assertThat(server.awaitExit(Duration.ofSeconds(10))).isPresent();
  }

  @Test
  void should_keep_running_while_the_process_named_in_initialize_lives() throws Exception {
    // given
    fakeEditor = new ProcessBuilder("sleep", "60").start();
    server = ServerProcess.start(xdg);
    lsp = LspClient.over(server);
    InitializeParams params = LspClient.defaultParams();
    params.setProcessId((int) fakeEditor.pid());

    // when
    lsp.initialize(params);

    // then
    assertThat(server.awaitExit(Duration.ofSeconds(2))).isEmpty();
    assertThat(lsp.showSettings()).isNotNull();
  }
}
