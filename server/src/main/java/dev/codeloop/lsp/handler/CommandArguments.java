package dev.codeloop.lsp.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.TextRange;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.lsp.JsonConvert;
import dev.codeloop.lsp.convert.ActionDataCodec;
import dev.codeloop.workspace.command.CommandInvocation;
import java.util.Optional;

/** Reads the arguments of our commands: encoded action data, or positional uri/range arguments. */
public final class CommandArguments {
  private final ActionDataCodec codec;
  private final JsonConvert json;

  public CommandArguments(ActionDataCodec codec, JsonConvert json) {
    this.codec = codec;
    this.json = json;
  }

  /** Argument {@code index} when it is encoded {@link ActionData}. */
  Optional<ActionData> actionData(CommandInvocation invocation, int index) {
    Optional<JsonNode> arg = invocation.argument(index);
    if (arg.isPresent() && arg.get().isObject() && arg.get().has("schemaVersion")) {
      return Optional.of(codec.decode(json.toGson(arg.get())));
    }
    return Optional.empty();
  }

  Optional<String> string(CommandInvocation invocation, int index, String name) {
    if (invocation.argument(index).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(invocation.requireString(index, name));
  }

  Optional<TextRange> range(CommandInvocation invocation, int index) {
    return invocation
        .argument(index)
        .map(
            n -> {
              if (!n.isObject()) {
                throw CodeloopException.invalidParams(
                    invocation.command() + ": argument " + index + " (range) must be an object");
              }
              return codec.range(json.toGson(n), invocation.command() + ": argument " + index);
            });
  }
}
