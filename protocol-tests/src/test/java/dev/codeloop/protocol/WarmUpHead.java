package dev.codeloop.protocol;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * The server's warm-up opens its model connection with a {@code HEAD} of the endpoint ({@code
 * model/http/Connections}): the loopback models of these tests answer it as model servers do (405)
 * and do not count it as a model request.
 */
public final class WarmUpHead {
  private WarmUpHead() {}

  /** Answers {@code ex} with 405 when it is a {@code HEAD}; whether it did (the caller stops). */
  public static boolean answered(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("HEAD")) {
      return false;
    }
    ex.sendResponseHeaders(405, -1);
    return true;
  }
}
