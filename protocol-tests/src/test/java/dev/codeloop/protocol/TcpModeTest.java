package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(90)
class TcpModeTest {
  private static final Pattern LISTENING =
      Pattern.compile("codeloop listening on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path xdg;
  private ServerProcess server;
  private final List<Socket> sockets = new ArrayList<>();
  private final List<LspClient> clients = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void tearDown() throws Exception {
    clients.forEach(LspClient::close);
    for (Socket s : sockets) {
      s.close();
    }
    pool.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  private int startTcpServer() throws Exception {
    server = ServerProcess.start(xdg, "--tcp", "0");
    String stderr =
        server
            .awaitStderr("codeloop listening on", ServerProcess.TIMEOUT)
            .orElseThrow(
                () -> new AssertionError("no listening line on stderr: " + server.stderr()));
    Matcher m = LISTENING.matcher(stderr);
    assertThat(m.find()).as(stderr).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private LspClient connect(int port) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(0);
    sockets.add(s);
    LspClient c = new LspClient(s.getInputStream(), s.getOutputStream());
    clients.add(c);
    return c;
  }

  @Test
  void should_serve_three_clients_independently_and_keep_listening() throws Exception {
    // given
    int port = startTcpServer();
    List<LspClient> three = List.of(connect(port), connect(port), connect(port));

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
    sockets.get(0).close();

    assertThat(three.get(1).showSettings()).isNotNull();
    assertThat(three.get(2).showSettings()).isNotNull();
    assertThat(server.isAlive()).isTrue();

    // a second client shuts down; the last one still works
    LspClient.await(three.get(1).server.shutdown());
    three.get(1).server.exit();
    assertThat(three.get(2).showSettings()).isNotNull();

    // and the process still accepts new connections after all sessions ended
    LspClient.await(three.get(2).server.shutdown());
    three.get(2).server.exit();
    Thread.sleep(300);
    assertThat(server.isAlive()).isTrue();
    LspClient late = connect(port);
    late.initialize();
    assertThat(late.showSettings()).isNotNull();
  }

  @Test
  void should_keep_other_sessions_when_one_connection_is_dropped_abruptly() throws Exception {
    // given
    int port = startTcpServer();
    LspClient a = connect(port);
    LspClient b = connect(port);
    a.initialize();
    b.initialize();

    // when: a disappears without shutdown/exit
    sockets.get(0).close();
    Thread.sleep(300);

    // then
    assertThat(b.showSettings()).isNotNull();
    assertThat(server.isAlive()).isTrue();
    assertThat(server.awaitExit(Duration.ofMillis(200))).isEmpty();
  }

  @Test
  void should_keep_process_running_when_a_session_exits_without_shutdown() throws Exception {
    // given
    int port = startTcpServer();
    LspClient a = connect(port);
    a.initialize();

    // when
    a.server.exit();
    Thread.sleep(300);

    // then
    LspClient b = connect(port);
    b.initialize();
    assertThat(b.showSettings()).isNotNull();
    assertThat(server.isAlive()).isTrue();
  }
}
