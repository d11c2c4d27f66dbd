package dev.codeloop.lsp.jsonrpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The start of a stdio session before the session exists: the first message is read (every byte
 * kept) and, when it is an {@code initialize} request the given answer can be sure of, answered at
 * once. The session then reads the kept bytes first, so it sees every message in order, the {@code
 * initialize} included: it initializes as always, and its own response to that request is not
 * written again ({@link JsonRpcConnection#run(EarlyStart)}).
 *
 * @param consumed the bytes read from the stream
 * @param answered the request answered early, or null
 */
public record EarlyStart(byte[] consumed, Answered answered) {
  private static final Set<String> ENVELOPE = Set.of("jsonrpc", "id", "method", "params");

  /**
   * @param id the request's id: a string, or the digits of a number
   * @param numericId whether the id is a number
   * @param body the response as written
   * @param fallbackParams what LSP4J reads instead of the params if it cannot read them
   */
  public record Answered(
      String id, boolean numericId, String body, UnaryOperator<JsonObject> fallbackParams) {}

  /** Nothing read, nothing answered. */
  public static EarlyStart none() {
    return new EarlyStart(new byte[0], null);
  }

  /**
   * Reads the first message from {@code in} and answers it on {@code out} if it is an {@code
   * initialize} request for which {@code answer} gives a result.
   *
   * @param answer the result's JSON for the params, or empty to leave the request to the session
   */
  public static EarlyStart answerFirst(
      InputStream in,
      OutputStream out,
      long maxMessageBytes,
      Function<JsonObject, Optional<String>> answer,
      UnaryOperator<JsonObject> fallbackParams) {
    Recording recording = new Recording(in);
    Answered answered = null;
    try {
      Optional<FrameReader.Frame> frame = new FrameReader(recording, maxMessageBytes).next();
      if (frame.isPresent() && frame.get() instanceof FrameReader.Frame.Message m) {
        answered = answer(m.content(), answer, fallbackParams);
        if (answered != null) {
          byte[] body = answered.body().getBytes(StandardCharsets.UTF_8);
          byte[] header =
              ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
          byte[] all = new byte[header.length + body.length];
          System.arraycopy(header, 0, all, 0, header.length);
          System.arraycopy(body, 0, all, header.length, body.length);
          out.write(all);
          out.flush();
        }
      }
    } catch (IOException e) {
      // the session meets the same end of stream or failure when it reads on
      answered = null;
    }
    return new EarlyStart(recording.bytes(), answered);
  }

  private static Answered answer(
      String content,
      Function<JsonObject, Optional<String>> answer,
      UnaryOperator<JsonObject> fallbackParams) {
    JsonElement json;
    try {
      json = JsonTree.parse(content);
    } catch (JsonParseException | StackOverflowError e) {
      return null;
    }
    if (!json.isJsonObject()) {
      return null;
    }
    JsonObject o = json.getAsJsonObject();
    if (!ENVELOPE.containsAll(o.keySet())
        || !isString(o.get("jsonrpc"), "2.0")
        || !isString(o.get("method"), "initialize")
        || o.get("params") == null
        || !o.get("params").isJsonObject()
        || RangeCheck.firstProblem(o.get("params")) != null) {
      return null;
    }
    JsonElement id = o.get("id");
    if (id == null || !id.isJsonPrimitive()) {
      return null;
    }
    String idText = id.getAsString();
    boolean numeric = id.getAsJsonPrimitive().isNumber();
    if (numeric ? !isSmallNumber(idText) : !isPrintableAscii(idText)) {
      return null;
    }
    Optional<String> result = answer.apply(o.getAsJsonObject("params"));
    if (result.isEmpty()) {
      return null;
    }
    StringBuilder body = new StringBuilder(result.get().length() + 64);
    body.append("{\"jsonrpc\":\"2.0\",\"id\":");
    if (numeric) {
      body.append(idText);
    } else {
      GsonStrings.quote(body, idText);
    }
    body.append(",\"result\":").append(result.get()).append('}');
    return new Answered(idText, numeric, body.toString(), fallbackParams);
  }

  /**
   * {@code 0|[1-9][0-9]{0,8}}: an id LSP4J reads back as the same number (by hand: a first regex
   * costs milliseconds of the reply's start-up path).
   */
  static boolean isSmallNumber(String s) {
    int n = s.length();
    if (n == 0 || n > 9 || (s.charAt(0) == '0' && n > 1)) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** 1 to 200 printable ASCII characters (space to {@code ~}). */
  static boolean isPrintableAscii(String s) {
    int n = s.length();
    if (n == 0 || n > 200) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static boolean isString(JsonElement e, String value) {
    return e != null
        && e.isJsonPrimitive()
        && e.getAsJsonPrimitive().isString()
        && e.getAsString().equals(value);
  }

  /** Keeps every byte read. */
  private static final class Recording extends FilterInputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(4096);

    Recording(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        kept.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        kept.write(buf, off, n);
      }
      return n;
    }

    byte[] bytes() {
      return kept.toByteArray();
    }
  }
}
