package dev.codeloop.workspace.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.errors.CodeloopException;
import java.util.List;
import java.util.Optional;

/** A command id and its arguments, already converted to Jackson trees. */
public record CommandInvocation(String command, List<JsonNode> arguments) {
  public CommandInvocation {
    arguments = List.copyOf(arguments);
  }

  public Optional<JsonNode> argument(int index) {
    return index < arguments.size()
            && arguments.get(index) != null
            && !arguments.get(index).isNull()
        ? Optional.of(arguments.get(index))
        : Optional.empty();
  }

  /** A required string argument, or InvalidParams naming the command and position. */
  public String requireString(int index, String name) {
    JsonNode n =
        argument(index)
            .orElseThrow(
                () ->
                    CodeloopException.invalidParams(
                        command + ": missing argument " + index + " (" + name + ")"));
    if (!n.isTextual()) {
      throw CodeloopException.invalidParams(
          command + ": argument " + index + " (" + name + ") must be a string");
    }
    return n.textValue();
  }
}
