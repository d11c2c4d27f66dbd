package dev.codeloop.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.action.ModelPrompter;
import dev.codeloop.action.plan.Plan;
import dev.codeloop.action.plan.PlanProvider;
import dev.codeloop.action.reply.ReplyParser;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.Task;
import dev.codeloop.workspace.command.AsyncCommandHandler;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import dev.codeloop.workspace.command.Commands;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * {@code codeloop.plan [goal, uri?, range?]}: a goal → a Markdown plan (modules, interfaces, data
 * flow, test strategy, numbered steps) from the {@code plan} route, saved under the workspace's
 * {@code .codeloop/plans/} and answered for the editor to show. With a document ({@code uri}) the
 * plan is about the code there (the "Plan this change with AI" action); without one it is about the
 * workspace, whose file names the prompt lists. Nothing runs, so no trust is needed; the file is
 * written only inside the workspace folders.
 */
public final class PlanCommand implements AsyncCommandHandler {
  private static final int LISTED_FILES = 300;

  private final CommandHandler onDocument;
  private final ModelPrompter prompter;
  private final ReplyParser parser;
  private final PlanStore store;
  private final Supplier<List<Path>> roots;
  private final Predicate<Path> excluded;
  private final ObjectMapper mapper;

  /**
   * @param onDocument the plan action run on a document (answers {@code title} and {@code
   *     markdown})
   */
  public PlanCommand(
      CommandHandler onDocument,
      ModelPrompter prompter,
      ReplyParser parser,
      PlanStore store,
      Supplier<List<Path>> roots,
      Predicate<Path> excluded,
      ObjectMapper mapper) {
    this.onDocument = onDocument;
    this.prompter = prompter;
    this.parser = parser;
    this.store = store;
    this.roots = roots;
    this.excluded = excluded;
    this.mapper = mapper;
  }

  @Override
  public CompletableFuture<JsonNode> executeAsync(
      CommandInvocation invocation, CancelChecker cancel) {
    boolean onADocument = invocation.argument(1).filter(JsonNode::isTextual).isPresent();
    if (onADocument) {
      return onDocument
          .executeAsync(invocation, cancel)
          .thenApply(
              out -> {
                ObjectNode result = out.deepCopy();
                save(
                    result,
                    out.path("title").asText("Plan"),
                    out.path("markdown").asText(""),
                    goal(invocation));
                return result;
              });
    }
    String goal = goal(invocation);
    if (goal.isBlank()) {
      throw CodeloopException.invalidParams(
          Commands.PLAN
              + ": argument 0 must be the goal (what to change), e.g. \"Add a CSV export\"");
    }
    return planWorkspace(goal, cancel)
        .thenApply(
            markdown -> {
              ObjectNode result = mapper.createObjectNode();
              String title = title(goal);
              result.put("title", title);
              result.put("markdown", markdown);
              result.put("shown", false);
              save(result, title, markdown, goal);
              return result;
            });
  }

  /** Asks the plan route for a workspace-level plan of {@code goal}, as Markdown. */
  public CompletableFuture<String> planWorkspace(String goal, CancelChecker cancel) {
    List<Path> scope = roots.get();
    if (scope.isEmpty()) {
      throw CodeloopException.invalidParams(
          Commands.PLAN + ": no workspace folder is open, so there is nothing to plan in");
    }
    String user =
        "Goal: " + goal + "\n\n" + WorkspaceListing.describe(scope.get(0), excluded, LISTED_FILES);
    return prompter
        .askAsync(Task.PLAN, PlanProvider.SYSTEM, user, cancel)
        .thenApply(
            reply -> {
              Plan plan = parser.json(reply, Plan.class);
              if (plan.steps().isEmpty()) {
                throw CodeloopException.requestFailed(
                    "The model's plan had no steps, so nothing was saved");
              }
              return plan.toMarkdown(title(goal));
            });
  }

  /** Saves the plan and adds where to {@code result} (a failure to save is said, not thrown). */
  private void save(ObjectNode result, String title, String markdown, String goal) {
    if (markdown.isBlank()) {
      return;
    }
    try {
      Path file = store.save(goal.isBlank() ? title : goal, "", markdown);
      result.put("planUri", file.toUri().toString());
      result.put("planPath", file.toString());
    } catch (CodeloopException e) {
      result.put("saveError", e.getMessage());
    }
  }

  private static String goal(CommandInvocation invocation) {
    return invocation.argument(0).filter(JsonNode::isTextual).map(JsonNode::asText).orElse("");
  }

  static String title(String goal) {
    String g = goal.strip().replaceAll("\\s+", " ");
    return "Plan: " + (g.length() > 60 ? g.substring(0, 59) + "…" : g);
  }
}
