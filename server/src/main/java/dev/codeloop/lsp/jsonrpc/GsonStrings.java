package dev.codeloop.lsp.jsonrpc;

/** JSON text written byte for byte as LSP4J's Gson writes it, for answers written without Gson. */
public final class GsonStrings {
  private GsonStrings() {}

  /** A JSON string as Gson writes it (HTML-safe, as LSP4J configures it). */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\f' -> sb.append("\\f");
        case '<', '>', '&', '=', '\'', '\u2028', '\u2029' ->
            sb.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
