package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jar serving {@code --tcp 0}, and the editors the test connects to it over loopback sockets;
 * closing it closes every client, every socket and then the server process.
 */
final class TcpServerUnderTest implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("codeloop listening on 127\\.0\\.0\\.1:(\\d+)");

  private final ServerProcess process;
  private final int port;
  private final List<Socket> sockets = new ArrayList<>();
  private final List<LspClient> clients = new ArrayList<>();

  private TcpServerUnderTest(ServerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server on a free port and waits for its "listening" line. */
  static TcpServerUnderTest start(Path xdg) throws Exception {
    ServerProcess server = ServerProcess.start(xdg, "--tcp", "0");
    String stderr =
        server
            .awaitStderr("codeloop listening on", ServerProcess.TIMEOUT)
            .orElseThrow(
                () -> new AssertionError("no listening line on stderr: " + server.stderr()));
    Matcher m = LISTENING.matcher(stderr);
    assertThat(m.find()).as(stderr).isTrue();
    return new TcpServerUnderTest(server, Integer.parseInt(m.group(1)));
  }

  /** A new editor connection. */
  LspClient connect() throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(0);
    sockets.add(s);
    LspClient c = new LspClient(s.getInputStream(), s.getOutputStream());
    clients.add(c);
    return c;
  }

  /** The socket of the {@code i}-th connection (to drop it as a crashing editor would). */
  Socket socket(int i) {
    return sockets.get(i);
  }

  int port() {
    return port;
  }

  ServerProcess process() {
    return process;
  }

  @Override
  public void close() throws IOException {
    clients.forEach(LspClient::close);
    for (Socket s : sockets) {
      s.close();
    }
    process.close();
  }
}
