package dev.codeloop.lsp.jsonrpc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
 */
final class MessageWriter extends StreamMessageConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(MessageWriter.class);
  private final Object lock = new Object();
  private final OutputStream output;
  private final MessageJsonHandler json;

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
      String computed = escapeLoneSurrogates(json.serialize(message));
      if (!computed.equals(early.body())) {
        LOG.warn(
            "initialize was answered early with {} but the session computed {}",
            early.body(),
            computed);
      }
      return;
    }
    byte[] content = utf8(json.serialize(message));
    byte[] header = getHeader(content.length).getBytes(StandardCharsets.US_ASCII);
    try {
      synchronized (lock) {
        output.write(header);
        output.write(content);
        output.flush();
      }
    } catch (IOException e) {
      throw new JsonRpcException(e);
    }
  }

  /**
   * The UTF-8 bytes of serialized JSON, each unpaired surrogate written as its escape. The JDK's
   * encoder writes {@code ?} for an unpaired surrogate and no multi-byte sequence holds that byte,
   * so when the bytes hold as many {@code ?} as the text there was none: the text is not walked
   * character by character (a twentieth of a completion menu's CPU when it was).
   */
  static byte[] utf8(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int inBytes = 0;
    for (byte b : bytes) {
      if (b == '?') {
        inBytes++;
      }
    }
    int inText = 0;
    for (int i = s.indexOf('?'); i >= 0; i = s.indexOf('?', i + 1)) {
      inText++;
    }
    return inBytes == inText ? bytes : escapeLoneSurrogates(s).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Replaces each unpaired surrogate by its JSON escape. Serialized JSON holds surrogates only
   * inside string literals, where the escape means the same code unit.
   */
  static String escapeLoneSurrogates(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean lone;
      if (Character.isHighSurrogate(c)) {
        lone = i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        if (!lone) {
          if (sb != null) {
            sb.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        lone = Character.isLowSurrogate(c);
      }
      if (lone) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
