package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(90)
class TcpModeTest {
  @TempDir Path xdg;
  private TcpServerUnderTest server;
  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void should_serve_three_clients_independently_and_keep_listening() throws Exception {
    // given
    server = TcpServerUnderTest.start(xdg);
    List<LspClient> three = List.of(server.connect(), server.connect(), server.connect());

    // when: each initializes, opens its own document and asks for its settings, concurrently
    List<Future<Boolean>> sessions = new ArrayList<>();
    for (int i = 0; i < three.size(); i++) {
      LspClient c = three.get(i);
      String uri = "file:///tcp/Client" + i + ".java";
      Callable<Boolean> session =
          () -> {
            c.initialize();
            c.open(uri, "class Client {}\n");
            return c.showSettings().getAsJsonObject().has("completion");
          };
      sessions.add(pool.submit(session));
    }
    for (Future<Boolean> f : sessions) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
    }

    // then: the first shuts down and leaves; the others are unaffected
    LspClient first = three.get(0);
    first
        .server
        .getTextDocumentService()
        .didClose(
            new DidCloseTextDocumentParams(new TextDocumentIdentifier("file:///tcp/Client0.java")));
    LspClient.await(first.server.shutdown());
    first.server.exit();
    server.socket(0).close();

    assertThat(three.get(1).showSettings()).isNotNull();
    assertThat(three.get(2).showSettings()).isNotNull();
    assertThat(server.process().isAlive()).isTrue();

    // a second client shuts down; the last one still works
    LspClient.await(three.get(1).server.shutdown());
    three.get(1).server.exit();
    assertThat(three.get(2).showSettings()).isNotNull();

    // and the process still accepts new connections after all sessions ended
    LspClient.await(three.get(2).server.shutdown());
    three.get(2).server.exit();
    Thread.sleep(300);
    assertThat(server.process().isAlive()).isTrue();
    LspClient late = server.connect();
    late.initialize();
    assertThat(late.showSettings()).isNotNull();
  }

  @Test
  void should_keep_other_sessions_when_one_connection_is_dropped_abruptly() throws Exception {
    // given
    server = TcpServerUnderTest.start(xdg);
    LspClient a = server.connect();
    LspClient b = server.connect();
    a.initialize();
    b.initialize();

    // when: a disappears without shutdown/exit
    server.socket(0).close();
    Thread.sleep(300);

    // then
    assertThat(b.showSettings()).isNotNull();
    assertThat(server.process().isAlive()).isTrue();
    assertThat(server.process().awaitExit(Duration.ofMillis(200))).isEmpty();
  }

  @Test
  void should_keep_process_running_when_a_session_exits_without_shutdown() throws Exception {
    // given
    server = TcpServerUnderTest.start(xdg);
    LspClient a = server.connect();
    a.initialize();

    // when
    a.server.exit();
    Thread.sleep(300);

    // then
    LspClient b = server.connect();
    b.initialize();
    assertThat(b.showSettings()).isNotNull();
    assertThat(server.process().isAlive()).isTrue();
  }
}
