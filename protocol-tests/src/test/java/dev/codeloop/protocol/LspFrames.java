package dev.codeloop.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The LSP base protocol's frames for the byte-level clients of the tests ({@link RawClient}) and
 * the benchmarks, JDK only (the benchmarks run from {@code target/test-classes} alone): read on the
 * caller's thread, no hand-off in a timed path.
 */
public final class LspFrames {
  private LspFrames() {}

  /** Writes {@code body} as one frame and flushes; callers sharing a stream hold its lock. */
  public static void write(OutputStream out, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
  }

  /**
   * The next frame's body (header lines up to an empty line, then exactly Content-Length bytes), or
   * null at the end of the stream (also within a frame cut short).
   */
  public static String read(InputStream in) throws IOException {
    int length = -1;
    while (true) {
      String line = headerLine(in);
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (length >= 0) {
          break;
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return body.length < length ? null : new String(body, StandardCharsets.UTF_8);
  }

  /** A header line without its line break and surrounding blanks; null at the end of the stream. */
  private static String headerLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(32);
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      line.write(c);
    }
    if (c < 0 && line.size() == 0) {
      return null;
    }
    return line.toString(StandardCharsets.US_ASCII).trim();
  }
}
