package dev.codeloop.action.plan;

import dev.codeloop.action.ActionContext;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.ActionKinds;
import dev.codeloop.action.ActionProposal;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.AsyncActionProvider;
import dev.codeloop.action.CodeRewriter;
import dev.codeloop.action.ResolveRequest;
import dev.codeloop.action.prompt.Prompts;
import dev.codeloop.action.source.CodeRegion;
import dev.codeloop.action.source.SymbolLocator;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.Task;
import dev.codeloop.workspace.command.Commands;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * "Plan this change with AI": hands off to the workflow command {@code codeloop.plan}, which asks
 * the {@code plan} route for a structured plan (JSON), shows it as a Markdown document and saves it
 * under {@code .codeloop/plans/}, where {@code codeloop.implement} can carry it out.
 */
public final class PlanProvider implements AsyncActionProvider {
  public static final String ID = "plan";

  /** The workflow command the action hands off to. */
  public static final String COMMAND = Commands.PLAN;

  /** The system prompt of every plan (also the workspace-level plan of {@code codeloop.plan}). */
  public static final String SYSTEM =
      "You are a staff engineer planning a code change. Do not write the code. Plan first: the"
          + " modules involved, the interfaces added or changed, the data flow, the test strategy,"
          + " then small numbered steps, each one implementable and testable on its own, naming"
          + " the workspace-relative files it touches. Reply with one JSON object only: "
          + Plan.JSON_SHAPE
          + ".";

  private final CodeRewriter rewriter;

  public PlanProvider(CodeRewriter rewriter) {
    this.rewriter = rewriter;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean bindsToVersion(ActionData data) {
    return false;
  }

  @Override
  public List<ActionProposal> propose(ActionContext context) {
    if (context.inChatTranscript()) {
      return List.of();
    }
    return List.of(
        ActionProposal.answer("Plan this change with AI", ActionKinds.PLAN, ID, Task.PLAN)
            .withCommand(COMMAND));
  }

  @Override
  public CompletableFuture<ActionResult> resolveAsync(
      ResolveRequest request, CancelChecker cancel) {
    var snapshot = request.snapshot();
    CodeRegion region = SymbolLocator.locate(snapshot, request.data().range());
    String goal =
        request
            .data()
            .arg("instruction")
            .orElse("Improve this code: find what should change and plan it.");
    String user =
        "Goal: "
            + goal
            + "\nFile: "
            + Prompts.displayPath(snapshot.uri(), request.files().roots())
            + "\nFocus on "
            + region.describe()
            + ":\n\n"
            + Prompts.fence(snapshot.languageId(), region.text());
    return rewriter
        .prompter()
        .askAsync(Task.PLAN, SYSTEM, user, cancel)
        .thenApply(
            reply -> {
              Plan plan = rewriter.parser().json(reply, Plan.class);
              if (plan.steps().isEmpty()) {
                throw CodeloopException.requestFailed("The model's plan had no steps");
              }
              String title = "Plan: " + (goal.length() > 60 ? goal.substring(0, 59) + "…" : goal);
              return new ActionResult.Answer("plan", title, plan.toMarkdown(title));
            });
  }
}
