package dev.codeloop.lsp.jsonrpc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.lsp4j.jsonrpc.JsonRpcException;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes messages as LSP4J does, except that a lone surrogate in a string (which the reader
 * accepts, e.g. in a document's text) is written as its escape ({@code \\ud800}) instead of the
 * {@code ?} that UTF-8 encoding would put there: what came in goes out unchanged.
 *
 * <p>Every message is serialized into a text buffer of this writer's and encoded into a byte buffer
 * of its own in one pass (surrogates escaped on the way), both kept for the next message: LSP4J's
 * way made a growing {@code StringWriter}, its string and the string's bytes per message, about
 * half of what answering a code action allocated. A buffer grown past {@link #KEEP_CHARS} for a
 * large message is let go after it, so a session keeps a few kilobytes, not its largest reply.
 */
final class MessageWriter extends StreamMessageConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(MessageWriter.class);

  /** The most characters of a message whose buffers are kept for the next one. */
  static final int KEEP_CHARS = 16 * 1024;

  private static final int INITIAL_CHARS = 4 * 1024;

  private final Object lock = new Object();
  private final OutputStream output;
  private final MessageJsonHandler json;

  /** The message being written, as text; guarded by {@link #lock}. */
  private StringBuilder text = new StringBuilder(INITIAL_CHARS);

  /** Appends to {@link #text} (whichever builder it holds); used under {@link #lock}. */
  private final Writer textWriter =
      new Writer() {
        @Override
        public void write(char[] chars, int offset, int length) {
          text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) {
          text.append(string, offset, offset + length);
        }

        @Override
        public void write(int c) {
          text.append((char) c);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  /** The message being written, as UTF-8; guarded by {@link #lock}. */
  private Utf8 bytes = new Utf8(INITIAL_CHARS);

  /** The request answered before the connection ran: its response is not written again. */
  private volatile EarlyStart.Answered answeredEarly;

  MessageWriter(OutputStream output, MessageJsonHandler json) {
    super(output, json);
    this.output = output;
    this.json = json;
  }

  void answeredEarly(EarlyStart.Answered answered) {
    this.answeredEarly = answered;
  }

  @Override
  public void consume(Message message) {
    EarlyStart.Answered early = answeredEarly;
    if (early != null
        && message instanceof ResponseMessage r
        && JsonRpcConnection.isId(early, r.getRawId())) {
      answeredEarly = null;
      String computed = new String(utf8(json.serialize(message)), StandardCharsets.UTF_8);
      if (!computed.equals(early.body())) {
        LOG.warn(
            "initialize was answered early with {} but the session computed {}",
            early.body(),
            computed);
      }
      return;
    }
    synchronized (lock) {
      try {
        text.setLength(0);
        json.serialize(message, textWriter);
        bytes.clear();
        bytes.append(text);
        byte[] header = getHeader(bytes.size()).getBytes(StandardCharsets.US_ASCII);
        output.write(header);
        output.write(bytes.array(), 0, bytes.size());
        output.flush();
      } catch (IOException e) {
        throw new JsonRpcException(e);
      } finally {
        if (text.capacity() > KEEP_CHARS) {
          text = new StringBuilder(INITIAL_CHARS);
        }
        if (bytes.capacity() > 3 * KEEP_CHARS) {
          bytes = new Utf8(INITIAL_CHARS);
        }
      }
    }
  }

  /** The UTF-8 bytes of serialized JSON, each unpaired surrogate written as its escape. */
  static byte[] utf8(String s) {
    Utf8 out = new Utf8(s.length());
    out.append(s);
    return Arrays.copyOf(out.array(), out.size());
  }

  /**
   * A growing byte buffer that takes text as UTF-8, an unpaired surrogate as its JSON escape
   * (serialized JSON holds surrogates only inside string literals, where the escape means the same
   * code unit; the JDK's encoder would write {@code ?}).
   */
  static final class Utf8 {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf;
    private int size;

    Utf8(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    void clear() {
      size = 0;
    }

    int size() {
      return size;
    }

    int capacity() {
      return buf.length;
    }

    byte[] array() {
      return buf;
    }

    void append(CharSequence s) {
      int n = s.length();
      ensure(n);
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          if (size == buf.length) {
            ensure(1);
          }
          buf[size++] = (byte) c;
          continue;
        }
        ensure(6);
        if (c < 0x800) {
          buf[size++] = (byte) (0xC0 | (c >> 6));
          buf[size++] = (byte) (0x80 | (c & 0x3F));
        } else if (!Character.isSurrogate(c)) {
          buf[size++] = (byte) (0xE0 | (c >> 12));
          buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buf[size++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[size++] = (byte) (0xF0 | (cp >> 18));
          buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          buf[size++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          buf[size++] = '\\';
          buf[size++] = 'u';
          buf[size++] = HEX[(c >> 12) & 0xF];
          buf[size++] = HEX[(c >> 8) & 0xF];
          buf[size++] = HEX[(c >> 4) & 0xF];
          buf[size++] = HEX[c & 0xF];
        }
      }
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }
  }
}
