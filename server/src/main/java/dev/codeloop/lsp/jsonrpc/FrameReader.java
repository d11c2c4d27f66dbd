package dev.codeloop.lsp.jsonrpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code Content-Length}-framed messages and never wedges on bad framing: a header block
 * without a usable {@code Content-Length} is skipped (reported as {@link Frame.Bad}), junk between
 * messages is skipped up to the next header, and an oversized message is drained without being held
 * in memory. Not thread-safe: one reader thread per connection.
 */
public final class FrameReader {
  private static final int MAX_HEADER_LINE = 8 * 1024;
  private static final byte[] CONTENT_LENGTH =
      "content-length:".getBytes(StandardCharsets.US_ASCII);

  /** What one read produced. */
  public sealed interface Frame {
    /** A complete message body. */
    record Message(String content) implements Frame {}

    /** Framing was broken; the stream was resynchronised. {@code reason} is for the log. */
    record Bad(String reason) implements Frame {}

    /** A body larger than the limit was skipped. */
    record TooLarge(long length) implements Frame {}
  }

  private final InputStream in;
  private final long maxContentLength;
  private byte[] pushback = new byte[0];
  private int pushbackPos;

  /**
   * Bytes read from {@link #in} and not yet consumed, {@code [bufferPos, bufferEnd)}: the stream is
   * read in blocks of what is available, never a byte per call (a call per byte was a synchronized
   * {@code BufferedInputStream.read()} on standard input, or an allocation on an in-memory pipe).
   */
  private final byte[] buffer = new byte[BUFFER_SIZE];

  private int bufferPos;
  private int bufferEnd;

  private static final int BUFFER_SIZE = 16 * 1024;

  public FrameReader(InputStream in, long maxContentLength) {
    this.in = in;
    this.maxContentLength = maxContentLength;
  }

  private int read() throws IOException {
    if (pushbackPos < pushback.length) {
      return pushback[pushbackPos++] & 0xff;
    }
    if (bufferPos == bufferEnd && !fill()) {
      return -1;
    }
    return buffer[bufferPos++] & 0xff;
  }

  /**
   * Reads what the stream has (at least one byte, blocking only until one arrives) into the empty
   * buffer; false at end of stream.
   */
  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    bufferPos = 0;
    bufferEnd = n;
    return true;
  }

  /**
   * Reads up to {@code len} bytes into {@code into} (pushed-back bytes first, then the buffer, then
   * the stream straight into {@code into}); fewer only at end of stream. With a null {@code into}
   * the bytes are skipped. Returns how many.
   */
  private int readFully(byte[] into, int len) throws IOException {
    int n = 0;
    while (n < len && pushbackPos < pushback.length) {
      int take = Math.min(len - n, pushback.length - pushbackPos);
      if (into != null) {
        System.arraycopy(pushback, pushbackPos, into, n, take);
      }
      pushbackPos += take;
      n += take;
    }
    if (n < len && bufferPos < bufferEnd) {
      int take = Math.min(len - n, bufferEnd - bufferPos);
      if (into != null) {
        System.arraycopy(buffer, bufferPos, into, n, take);
      }
      bufferPos += take;
      n += take;
    }
    while (n < len) {
      if (into == null || len - n < buffer.length) {
        // a short rest (or a skip) through the buffer, so the stream is read in blocks
        if (!fill()) {
          return n;
        }
        int take = Math.min(len - n, bufferEnd);
        if (into != null) {
          System.arraycopy(buffer, 0, into, n, take);
        }
        bufferPos = take;
        n += take;
      } else {
        int r = in.read(into, n, len - n);
        if (r < 0) {
          return n;
        }
        n += r;
      }
    }
    return n;
  }

  /** Puts bytes back to be read again first (used to resynchronise inside a bad body). */
  private void unread(byte[] bytes, int from) {
    byte[] rest = new byte[bytes.length - from + (pushback.length - pushbackPos)];
    System.arraycopy(bytes, from, rest, 0, bytes.length - from);
    System.arraycopy(
        pushback, pushbackPos, rest, bytes.length - from, pushback.length - pushbackPos);
    pushback = rest;
    pushbackPos = 0;
  }

  /** Returns the next frame, or empty at end of stream. */
  public Optional<Frame> next() throws IOException {
    long contentLength = -1;
    Charset charset = StandardCharsets.UTF_8;
    boolean sawHeader = false;
    String badReason = null;
    while (true) {
      String line = readLine();
      if (line == null) {
        return Optional.empty();
      }
      if (line.isEmpty()) {
        if (!sawHeader) {
          continue; // stray blank lines between messages
        }
        break;
      }
      sawHeader = true;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        badReason = "malformed header line '" + abbreviate(line) + "'";
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        try {
          contentLength = Long.parseLong(value);
          if (contentLength < 0) {
            badReason = "negative Content-Length";
            contentLength = -1;
          }
        } catch (NumberFormatException e) {
          badReason = "Content-Length '" + abbreviate(value) + "' is not a number";
        }
      } else if (name.equals("content-type")) {
        int cs = value.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (cs >= 0) {
          String csName = value.substring(cs + 8).trim().replace("\"", "");
          if (csName.equalsIgnoreCase("utf8")) {
            csName = "UTF-8";
          }
          try {
            charset = Charset.forName(csName);
          } catch (RuntimeException e) {
            badReason = "unsupported charset '" + abbreviate(csName) + "'";
          }
        }
      }
    }
    if (contentLength < 0) {
      return Optional.of(
          new Frame.Bad(badReason != null ? badReason : "header block without Content-Length"));
    }
    if (contentLength > maxContentLength) {
      long skipped = 0;
      while (skipped < contentLength) {
        int step = (int) Math.min(contentLength - skipped, 1 << 20);
        int n = readFully(null, step);
        skipped += n;
        if (n < step) {
          break;
        }
      }
      return Optional.of(new Frame.TooLarge(contentLength));
    }
    byte[] body = new byte[(int) contentLength];
    if (readFully(body, body.length) < body.length) {
      return Optional.of(new Frame.Bad("stream ended inside a message body"));
    }
    int embedded = indexOfHeader(body);
    if (embedded > 0) {
      // A Content-Length that was too long swallowed the next message's header: keep the part
      // before it
      // as this message and read the rest again.
      unread(body, embedded);
      byte[] head = new byte[embedded];
      System.arraycopy(body, 0, head, 0, embedded);
      return Optional.of(new Frame.Message(new String(head, charset)));
    }
    return Optional.of(new Frame.Message(new String(body, charset)));
  }

  /**
   * Position of a {@code Content-Length:} header swallowed by {@code body}, or -1. Only positions
   * outside JSON strings count, and only after the top-level value has closed or at the start of a
   * raw line: a string in a valid message may contain header-like text (e.g. {@code
   * "}Content-Length: 3"}) and must not be split.
   */
  private static int indexOfHeader(byte[] body) {
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    boolean closed = false;
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
        continue;
      }
      if (i > 0 && (closed || body[i - 1] == '\n') && headerAt(body, i, closed)) {
        return i;
      }
      switch (b) {
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case '}', ']' -> {
          depth--;
          if (depth == 0) {
            closed = true;
          }
        }
        default -> {}
      }
    }
    return -1;
  }

  /**
   * Whether a {@code Content-Length:} header starts at {@code i}. After the message's value has
   * closed, a prefix of one that runs to the end of the body also counts (the length was too long
   * by fewer bytes than the header name).
   */
  private static boolean headerAt(byte[] body, int i, boolean allowPrefixAtEnd) {
    int available = Math.min(CONTENT_LENGTH.length, body.length - i);
    if (available < CONTENT_LENGTH.length && !allowPrefixAtEnd) {
      return false;
    }
    for (int k = 0; k < available; k++) {
      int c = body[i + k];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != CONTENT_LENGTH[k]) {
        return false;
      }
    }
    return available > 0;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    int b;
    boolean any = false;
    while ((b = read()) >= 0) {
      any = true;
      if (b == '\n') {
        break;
      }
      if (buf.size() < MAX_HEADER_LINE) {
        buf.write(b);
      }
    }
    if (!any) {
      return null;
    }
    String s = buf.toString(StandardCharsets.US_ASCII);
    if (s.endsWith("\r")) {
      s = s.substring(0, s.length() - 1);
    }
    // Junk before a header on the same line (e.g. the tail of a body whose length was too short).
    int idx = s.toLowerCase(Locale.ROOT).indexOf("content-length:");
    if (idx > 0) {
      s = s.substring(idx);
    }
    return s;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
