package dev.codeloop.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import dev.codeloop.workspace.command.Commands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeloop.fixFailingTests [options?]} and {@code codeloop.implement [goal, options?]}: the
 * {@link FixLoop}, refused with nothing run in an untrusted workspace. Options: {@code
 * {"maxRounds": n, "wallTimeSeconds": s}}.
 */
public final class WorkflowCommand implements CommandHandler {
  private final boolean implement;
  private final FixLoop loop;
  private final BooleanSupplier trusted;

  public WorkflowCommand(boolean implement, FixLoop loop, BooleanSupplier trusted) {
    this.implement = implement;
    this.loop = loop;
    this.trusted = trusted;
  }

  private String command() {
    return implement ? Commands.IMPLEMENT : Commands.FIX_FAILING_TESTS;
  }

  @Override
  public JsonNode execute(CommandInvocation invocation, CancelChecker cancel) {
    return Futures.join(executeAsync(invocation, cancel));
  }

  @Override
  public CompletableFuture<JsonNode> executeAsync(
      CommandInvocation invocation, CancelChecker cancel) {
    return Futures.now(
        () -> {
          if (!trusted.getAsBoolean()) {
            throw CodeloopException.requestFailed(
                command()
                    + ": this workspace is not trusted, so Codeloop runs none of its tests and"
                    + " changes nothing. If you trust its code, run the command"
                    + " codeloop.trustWorkspace, then try again.");
          }
          Optional<String> goal = Optional.empty();
          int optionsAt = 0;
          if (implement) {
            goal = Optional.of(invocation.requireString(0, "goal"));
            optionsAt = 1;
          }
          JsonNode options = invocation.argument(optionsAt).orElse(null);
          FixLoop.Budget budget = FixLoop.Budget.DEFAULT;
          if (options != null && options.isObject()) {
            int rounds = options.path("maxRounds").asInt(budget.maxRounds());
            long seconds = options.path("wallTimeSeconds").asLong(budget.wallTime().toSeconds());
            if (rounds < 1 || rounds > 20 || seconds < 1) {
              throw CodeloopException.invalidParams(
                  command() + ": maxRounds must be 1–20 and wallTimeSeconds positive");
            }
            budget = new FixLoop.Budget(rounds, Duration.ofSeconds(seconds));
          }
          return loop.run(goal, budget, cancel);
        });
  }
}
