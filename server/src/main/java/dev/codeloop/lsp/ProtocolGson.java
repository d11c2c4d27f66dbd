package dev.codeloop.lsp;

import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;

/**
 * What a session's JSON-RPC connection reads differently from LSP4J's defaults: values that clients
 * in use send though the final protocol has other numbers for them.
 *
 * <p>{@code InlineCompletionContext.triggerKind}: LSP 3.18 numbers it {@code Invoked = 1}, {@code
 * Automatic = 2}; the proposal before it (and VS Code's own API, which some clients pass through)
 * numbered it {@code Invoked = 0}, {@code Automatic = 1}. LSP4J reads 0 as no value, so such a
 * client's explicit request was refused with {@code -32602} and its user got no ghost text when
 * asking for one. 0 is now read as {@code Invoked} — it means nothing else in either numbering; 1
 * keeps its final meaning (the proposal's {@code Automatic} is then read as an explicit request:
 * several candidates, no debounce); any other number is still no value, and the request is refused
 * as before.
 */
public final class ProtocolGson {
  private ProtocolGson() {}

  /** Registers this class's adapters on {@code builder} (after LSP4J's own, so that they win). */
  public static void configure(GsonBuilder builder) {
    builder.registerTypeAdapter(InlineCompletionTriggerKind.class, new InlineTriggerKinds());
  }

  /** {@link InlineCompletionTriggerKind} by number, with the proposal's {@code Invoked = 0}. */
  static final class InlineTriggerKinds extends TypeAdapter<InlineCompletionTriggerKind> {
    @Override
    public void write(JsonWriter out, InlineCompletionTriggerKind value) throws IOException {
      if (value == null) {
        out.nullValue();
      } else {
        out.value(value.getValue());
      }
    }

    @Override
    public InlineCompletionTriggerKind read(JsonReader in) throws IOException {
      JsonToken token = in.peek();
      if (token == JsonToken.NULL) {
        in.nextNull();
        return null;
      }
      if (token != JsonToken.NUMBER) {
        in.skipValue();
        return null; // refused by the validator: triggerKind must have a value
      }
      double number = in.nextDouble();
      if (number == 0) {
        return InlineCompletionTriggerKind.Invoked; // the 3.18 proposal's numbering
      }
      if (number == 1) {
        return InlineCompletionTriggerKind.Invoked;
      }
      if (number == 2) {
        return InlineCompletionTriggerKind.Automatic;
      }
      return null;
    }
  }
}
