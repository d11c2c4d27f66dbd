package dev.codeloop.workspace.command;

import dev.codeloop.errors.CodeloopException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps command ids to handlers; filled once in the composition root, read-only afterwards. */
public final class CommandRegistry {
  private final Map<String, CommandHandler> handlers;

  private CommandRegistry(Map<String, CommandHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<String> ids() {
    return handlers.keySet().stream().sorted().toList();
  }

  public Optional<CommandHandler> handler(String id) {
    return Optional.ofNullable(handlers.get(id));
  }

  public CommandHandler require(String id) {
    return handler(id)
        .orElseThrow(
            () ->
                CodeloopException.invalidParams(
                    "Unknown command '" + id + "' (known: " + ids() + ")"));
  }

  public static final class Builder {
    private final Map<String, CommandHandler> handlers = new LinkedHashMap<>();

    public Builder register(String id, CommandHandler handler) {
      if (handlers.putIfAbsent(id, handler) != null) {
        throw new IllegalStateException("command registered twice: " + id);
      }
      return this;
    }

    public CommandRegistry build() {
      return new CommandRegistry(handlers);
    }
  }
}
