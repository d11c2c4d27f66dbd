package dev.codeloop.workspace.tool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first and the last bytes of a stream of unbounded length: at most {@code limit} bytes
 * in memory (half head, half tail), whatever the tool prints. One reader fills it; the text may be
 * taken while it still writes.
 */
final class CappedOutput {
  private final byte[] head;
  private final byte[] tail;
  private int headLength;
  private long tailWritten;
  private long total;

  CappedOutput(int limit) {
    if (limit < 2) {
      throw new IllegalArgumentException("limit must be at least 2 bytes: " + limit);
    }
    this.head = new byte[limit / 2];
    this.tail = new byte[limit - limit / 2];
  }

  /** Reads {@code in} to its end. */
  void readFully(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      write(buffer, 0, n);
    }
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    total += length;
    int toHead = Math.min(length, head.length - headLength);
    System.arraycopy(bytes, offset, head, headLength, toHead);
    headLength += toHead;
    for (int i = offset + toHead; i < offset + length; i++) {
      tail[(int) (tailWritten++ % tail.length)] = bytes[i];
    }
  }

  /** Bytes dropped from the middle. */
  synchronized long cutBytes() {
    return Math.max(0, total - head.length - tail.length);
  }

  /** The text kept, decoded as UTF-8 (a character split at a cut becomes U+FFFD). */
  synchronized String text() {
    String start = new String(head, 0, headLength, StandardCharsets.UTF_8);
    int kept = (int) Math.min(tailWritten, tail.length);
    byte[] end = new byte[kept];
    long first = tailWritten - kept;
    for (int i = 0; i < kept; i++) {
      end[i] = tail[(int) ((first + i) % tail.length)];
    }
    String last = new String(end, StandardCharsets.UTF_8);
    long cut = cutBytes();
    if (cut == 0) {
      return start + last;
    }
    return start + "\n… " + cut + " bytes cut …\n" + last;
  }
}
