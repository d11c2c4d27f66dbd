package dev.codeloop.lsp.jsonrpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.internal.LazilyParsedNumber;

/**
 * Parses one JSON-RPC message body into a Gson tree, exactly as RFC 8259 describes JSON: no
 * comments, single quotes, trailing commas, unquoted names, bare words or unescaped control
 * characters — which JSON-RPC must answer with -32700 — but a lone surrogate escape such as {@code
 * "\\ud800"} (backslash, u, d800) is accepted, because the RFC's grammar allows it (section 8.2)
 * and editors send them (a half-typed emoji, a truncated UTF-16 buffer). Gson's strict mode rejects
 * those, its legacy mode accepts far more than JSON; hence our own parser.
 *
 * <p>The tree is handed to LSP4J as is ({@code Gson.fromJson(JsonElement, …)}), so every message is
 * parsed once. Nesting deeper than {@link #MAX_DEPTH} is a parse error, not a stack overflow.
 */
public final class JsonTree {
  /** Deeper nesting is refused; LSP messages nest a dozen levels. */
  static final int MAX_DEPTH = 512;

  private final String s;
  private int pos;
  private int depth;

  private JsonTree(String s) {
    this.s = s;
  }

  /**
   * @throws JsonSyntaxException naming what is wrong and where (character offset)
   */
  public static JsonElement parse(String text) {
    JsonTree p = new JsonTree(text);
    p.skipWhitespace();
    if (p.pos >= text.length()) {
      throw new JsonSyntaxException("empty message");
    }
    JsonElement value = p.value();
    p.skipWhitespace();
    if (p.pos < text.length()) {
      throw p.error("unexpected content after the JSON value");
    }
    return value;
  }

  private JsonElement value() {
    if (pos >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return new JsonPrimitive(string());
      case 't':
        literal("true");
        return new JsonPrimitive(Boolean.TRUE);
      case 'f':
        literal("false");
        return new JsonPrimitive(Boolean.FALSE);
      case 'n':
        literal("null");
        return JsonNull.INSTANCE;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + printable(c) + "'");
    }
  }

  private JsonObject object() {
    enter();
    pos++; // '{'
    JsonObject obj = new JsonObject();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return obj;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a name in double quotes");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      obj.add(name, value());
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        depth--;
        return obj;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private JsonArray array() {
    enter();
    pos++; // '['
    JsonArray arr = new JsonArray();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return arr;
    }
    while (true) {
      skipWhitespace();
      arr.add(value());
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        depth--;
        return arr;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private String string() {
    pos++; // opening quote
    int start = pos;
    // fast path: no escapes
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '"') {
        return s.substring(start, pos++);
      }
      if (c == '\\' || c < 0x20) {
        break;
      }
      pos++;
    }
    StringBuilder sb = new StringBuilder(Math.max(16, (pos - start) * 2));
    sb.append(s, start, pos);
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("unescaped control character U+" + hex4(c) + " in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= s.length()) {
        break;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(unicodeEscape());
        default -> {
          pos--;
          throw error("invalid escape '\\" + printable(e) + "'");
        }
      }
    }
    throw error("unterminated string");
  }

  /** The four hex digits after a backslash-u; any code unit, a lone surrogate included. */
  private char unicodeEscape() {
    if (pos + 4 > s.length()) {
      throw error("incomplete \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = hexValue(s.charAt(pos + i));
      if (d < 0) {
        throw error("invalid \\u escape");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private JsonPrimitive number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("invalid number");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw error("invalid number: a digit must follow '.'");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("invalid number: a digit must follow the exponent");
      }
      digits();
    }
    return new JsonPrimitive(new LazilyParsedNumber(s.substring(start, pos)));
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void literal(String word) {
    if (!s.startsWith(word, pos)) {
      throw error("unexpected word (expected " + word + ")");
    }
    pos += word.length();
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  /** The current character, or {@code \0} at the end (never valid where it is checked). */
  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private JsonSyntaxException error(String what) {
    return new JsonSyntaxException(what + " at character " + pos);
  }

  private static String printable(char c) {
    return c < 0x20 || Character.isSurrogate(c) ? "\\u" + hex4(c) : String.valueOf(c);
  }

  private static String hex4(char c) {
    return String.format("%04x", (int) c);
  }
}
