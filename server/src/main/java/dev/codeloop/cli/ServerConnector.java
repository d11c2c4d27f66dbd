package dev.codeloop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where the command line finds its server: a session of this jar's server in the same process (the
 * launcher provides it, so this package never sees the server's internals) or a running {@code
 * --tcp} server. Either way the command line talks LSP to it over a pair of streams, as an editor
 * does.
 */
@FunctionalInterface
public interface ServerConnector {
  /** Opens a session's streams; {@link Connection#close()} ends it. */
  Connection open() throws IOException;

  /** The streams of one session, and how to end it. */
  interface Connection extends AutoCloseable {
    /** What the server sends. */
    InputStream fromServer();

    /** Where the client writes. */
    OutputStream toServer();

    @Override
    void close();
  }
}
