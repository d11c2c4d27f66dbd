package dev.codeloop.launcher;

import dev.codeloop.ServerComponents;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves many editor connections at once on 127.0.0.1: each connection is its own LSP session (own
 * documents, client, lifecycle) on its own dispatch thread, all sharing one backend.
 */
final class TcpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);

  private final ServerComponents components;
  private final ServerSocket socket;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sessionIds = new AtomicInteger();

  TcpServer(ServerComponents components, int port) throws IOException {
    this.components = components;
    this.socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
  }

  int port() {
    return socket.getLocalPort();
  }

  /** The editors' connections now open. */
  Set<Socket> connections() {
    return Set.copyOf(connections);
  }

  /** Accepts connections until the socket is closed. */
  void serve() {
    while (!socket.isClosed()) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        if (!socket.isClosed()) {
          LOG.warn("accept failed: {}", e.toString());
        }
        continue;
      }
      try {
        // Each message is written as a header and then a body: with Nagle's algorithm on, the
        // body waited for the editor's (delayed) acknowledgement of the header, about 40 ms a
        // reply.
        s.setTcpNoDelay(true);
      } catch (IOException e) {
        LOG.warn("cannot set TCP_NODELAY: {}", e.toString());
      }
      int id = sessionIds.incrementAndGet();
      connections.add(s);
      Thread t = new Thread(() -> runSession(s, id), "codeloop-session-" + id);
      t.setDaemon(true);
      t.start();
    }
  }

  private void runSession(Socket s, int id) {
    LOG.info("session {} connected from {}", id, s.getRemoteSocketAddress());
    try (s) {
      var session =
          components.newSession(
              new java.io.BufferedInputStream(s.getInputStream(), 1 << 16),
              s.getOutputStream(),
              () -> closeQuietly(s),
              () -> {});
      int code = session.run();
      LOG.info("session {} ended (exit code {})", id, code);
    } catch (IOException | RuntimeException e) {
      LOG.warn("session {} failed: {}", id, e.toString());
    } finally {
      connections.remove(s);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    connections.forEach(TcpServer::closeQuietly);
  }
}
