package dev.codeloop.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.settings.WorkflowSettings;
import dev.codeloop.workspace.command.AsyncCommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import dev.codeloop.workspace.command.Commands;
import dev.codeloop.workspace.privacy.Containment;
import dev.codeloop.workspace.tool.TestTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeloop.fixFailingTests [options?]} and {@code codeloop.implement [goalOrPlan,
 * options?]}: the {@link FixLoop}, refused with nothing run in an untrusted workspace. The budget
 * is the {@code workflow} settings, overridden for one run by the options {@code {"maxRounds": n,
 * "wallTimeSeconds": s, "maxTokens": t}}.
 */
public final class WorkflowCommand implements AsyncCommandHandler {
  private final boolean implement;
  private final FixLoop loop;
  private final BooleanSupplier trusted;
  private final Supplier<WorkflowSettings> settings;

  public WorkflowCommand(
      boolean implement,
      FixLoop loop,
      BooleanSupplier trusted,
      Supplier<WorkflowSettings> settings) {
    this.implement = implement;
    this.settings = settings;
    this.loop = loop;
    this.trusted = trusted;
  }

  /**
   * {@code {"uri": testFile, "line": n}}: "Fix this failing test" — the runs are narrowed to that
   * file, and to the test declared at or above line {@code n} (0-based) when given.
   */
  private Optional<TestTarget> target(JsonNode options) {
    if (options == null || !options.path("uri").isTextual()) {
      return Optional.empty();
    }
    Path file =
        Containment.path(options.path("uri").textValue())
            .map(p -> p.toAbsolutePath().normalize())
            .orElseThrow(
                () -> CodeloopException.invalidParams(command() + ": uri must be a file: URI"));
    if (!Files.isRegularFile(file)) {
      throw CodeloopException.invalidParams(command() + ": " + file + " is not a file");
    }
    if (!options.path("line").canConvertToInt()) {
      return Optional.of(TestTarget.file(file));
    }
    try {
      return Optional.of(TestTarget.at(file, options.path("line").intValue()));
    } catch (IOException e) {
      throw CodeloopException.invalidParams(command() + ": cannot read " + file + ": " + e);
    }
  }

  private String command() {
    return implement ? Commands.IMPLEMENT : Commands.FIX_FAILING_TESTS;
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
            goal = Optional.of(invocation.requireString(0, "goal or plan"));
            if (goal.get().isBlank()) {
              throw CodeloopException.invalidParams(
                  command() + ": argument 0 must be a goal or a saved plan (.codeloop/plans/…)");
            }
            optionsAt = 1;
          }
          JsonNode options = invocation.argument(optionsAt).orElse(null);
          WorkflowSettings s = settings.get();
          int rounds = s.maxRounds();
          long seconds = s.wallTimeSeconds();
          long tokens = s.maxTokens();
          if (options != null && options.isObject()) {
            rounds = options.path("maxRounds").asInt(rounds);
            seconds = options.path("wallTimeSeconds").asLong(seconds);
            tokens = options.path("maxTokens").asLong(tokens);
            if (rounds < 1 || rounds > 20 || seconds < 1 || tokens < 1) {
              throw CodeloopException.invalidParams(
                  command() + ": maxRounds must be 1–20, wallTimeSeconds and maxTokens positive");
            }
          } else if (options != null && !options.isNull()) {
            throw CodeloopException.invalidParams(
                command() + ": the options must be an object such as {\"maxRounds\": 2}");
          }
          FixLoop.Budget budget = new FixLoop.Budget(rounds, Duration.ofSeconds(seconds), tokens);
          return loop.run(goal, target(options), budget, cancel);
        });
  }
}
