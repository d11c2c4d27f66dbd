package dev.codeloop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.ServerComponents;
import dev.codeloop.concurrent.ServerExecutors;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TcpServerTest {
  @TempDir Path home;

  @Test
  void should_send_every_reply_at_once_without_waiting_for_the_editor_to_acknowledge_the_last()
      throws Exception {
    // given: the server on a free loopback port (each reply is written as a header, then a body:
    // with Nagle's algorithm the body waited for the editor's delayed ACK, ~40 ms per reply)
    ServerComponents components =
        ServerComponents.production(
            ServerExecutors.defaults(),
            Map.of(
                "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_CACHE_HOME", home.resolve("cache").toString(),
                "XDG_STATE_HOME", home.resolve("state").toString()),
            "test",
            log -> {},
            true);
    try (TcpServer server = new TcpServer(components, 0)) {
      Thread accepting = new Thread(server::serve, "test-tcp-accept");
      accepting.setDaemon(true);
      accepting.start();

      // when: two editors connect
      try (Socket one = new Socket(InetAddress.getLoopbackAddress(), server.port());
          Socket two = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.connections().size() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }

        // then: the server holds both editors' connections, and both send without Nagle's delay
        assertThat(server.connections())
            .extracting(Socket::getPort)
            .containsExactlyInAnyOrder(one.getLocalPort(), two.getLocalPort());
        for (Socket s : server.connections()) {
          assertThat(s.getTcpNoDelay()).as("TCP_NODELAY of " + s).isTrue();
        }
      }
    } finally {
      components.close();
    }
  }
}
