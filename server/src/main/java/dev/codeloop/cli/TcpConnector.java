package dev.codeloop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

/** {@code --connect PORT}: a session with a server running {@code --tcp PORT} on 127.0.0.1. */
final class TcpConnector implements ServerConnector {
  private final int port;

  TcpConnector(int port) {
    this.port = port;
  }

  @Override
  public Connection open() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    return new Connection() {
      @Override
      public InputStream fromServer() {
        return in;
      }

      @Override
      public OutputStream toServer() {
        return out;
      }

      @Override
      public void close() {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    };
  }
}
