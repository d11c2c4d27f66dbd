package dev.codeloop.bench;

import java.util.Collections;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks' answer to a request of the server's own, as an editor that offers nothing would:
 * {@code null}, or for {@code workspace/configuration} a {@code null} per item asked. Some servers
 * handle nothing else until it is answered (tsgo's {@code client/registerCapability}).
 */
final class ServerRequests {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");

  private ServerRequests() {}

  /** The response to {@code body}, a message with a method; empty for a notification. */
  static Optional<String> answer(String body) {
    Matcher id = ID.matcher(body);
    if (!id.find()) {
      return Optional.empty();
    }
    String result = "null";
    if (body.contains("\"workspace/configuration\"")) {
      int items = Math.max(1, body.split("\"section\"", -1).length - 1);
      result = "[" + String.join(",", Collections.nCopies(items, "null")) + "]";
    }
    return Optional.of(
        "{\"jsonrpc\":\"2.0\",\"id\":" + id.group(1) + ",\"result\":" + result + "}");
  }
}
