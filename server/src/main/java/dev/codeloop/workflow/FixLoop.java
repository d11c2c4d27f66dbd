package dev.codeloop.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.action.ModelPrompter;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.model.Task;
import dev.codeloop.workspace.privacy.Containment;
import dev.codeloop.workspace.progress.Progress;
import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.ToolRunCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Plan → implement → run the tests → feed the failures back: rounds of running the tests (stop when
 * green), asking the {@code fixTests} route for edits with the failures, their code and the output
 * tail, and applying the edits through a {@link WorkspaceEditor}, until green or the budget
 * (rounds, wall time) is spent. With a goal, the {@code implement} route is asked first. Every step
 * composes futures; cancelling the result cancels the running model request or tool (which kills
 * it).
 */
public final class FixLoop {
  /** Failures put in a prompt, and lines of code shown either side of each. */
  static final int MAX_FAILURES = 10;

  static final int CONTEXT_LINES = 20;

  /** How many fix rounds, and how long in all. */
  public record Budget(int maxRounds, Duration wallTime) {
    public static final Budget DEFAULT = new Budget(3, Duration.ofMinutes(10));
  }

  private final Function<List<Path>, CompletableFuture<ToolRunCommand.Report>> tests;
  private final ModelPrompter prompter;
  private final WorkspaceEditor editor;
  private final Supplier<List<Path>> roots;
  private final Progress.Factory progress;
  private final ObjectMapper mapper;

  /** Files whose content never goes into a prompt (the session's privacy filter). */
  private final Predicate<Path> privateFile;

  /**
   * @param tests runs the tests of the given roots, publishes their diagnostics and answers what
   *     they found ({@link ToolRunCommand#runAsync})
   */
  public FixLoop(
      Function<List<Path>, CompletableFuture<ToolRunCommand.Report>> tests,
      ModelPrompter prompter,
      WorkspaceEditor editor,
      Supplier<List<Path>> roots,
      Predicate<Path> privateFile,
      Progress.Factory progress,
      ObjectMapper mapper) {
    this.privateFile = privateFile;
    this.tests = tests;
    this.prompter = prompter;
    this.editor = editor;
    this.roots = roots;
    this.progress = progress;
    this.mapper = mapper;
  }

  /** One run's state: what each round did, and the last test report. */
  private final class Run {
    final List<Path> scope;
    final Budget budget;
    final long deadline;
    final Progress bar;
    final CompletableFuture<JsonNode> result = new CompletableFuture<>();
    final AtomicReference<CompletableFuture<?>> current = new AtomicReference<>();
    final ArrayNode rounds = mapper.createArrayNode();
    final CancelChecker cancel;
    ToolRunCommand.Report last;
    String feedback = "";
    int round;

    Run(List<Path> scope, Budget budget, CancelChecker outer) {
      this.scope = scope;
      this.budget = budget;
      this.deadline = System.nanoTime() + budget.wallTime().toNanos();
      this.bar = progress.begin("Codeloop: fixing the tests", true, false);
      this.cancel =
          () -> {
            outer.checkCanceled();
            if (result.isCancelled()) {
              throw new CancellationException("cancelled");
            }
          };
      result.whenComplete(
          (r, t) -> {
            bar.end(t == null ? "done" : Futures.isCancellation(t) ? "cancelled" : "failed");
            CompletableFuture<?> running = current.get();
            if (t != null && running != null) {
              running.cancel(true);
            }
          });
    }

    <T> CompletableFuture<T> track(CompletableFuture<T> f) {
      current.set(f);
      if (result.isDone()) {
        f.cancel(true);
      }
      return f;
    }

    boolean outOfTime() {
      return System.nanoTime() - deadline > 0;
    }
  }

  /**
   * Runs the loop; with a {@code goal}, first asks the {@code implement} route for edits that
   * achieve it. Answers the summary (JSON with a Markdown {@code summary}).
   */
  public CompletableFuture<JsonNode> run(
      Optional<String> goal, Budget budget, CancelChecker cancel) {
    Run run = new Run(roots.get(), budget, cancel);
    CompletableFuture<Void> start =
        goal.isPresent() ? implement(run, goal.get()) : CompletableFuture.completedFuture(null);
    start
        .thenCompose(v -> test(run))
        .whenComplete(
            (v, t) -> {
              if (t != null && !run.result.isDone()) {
                run.result.completeExceptionally(Futures.unwrap(t));
              }
            });
    return run.result;
  }

  private CompletableFuture<Void> implement(Run run, String goal) {
    run.bar.report("implementing: asking the model", -1);
    String user = "Goal: " + goal + "\n\nWorkspace folders: " + run.scope + "\n\n" + REPLY_FORMAT;
    return run.track(prompter.askAsync(Task.IMPLEMENT, SYSTEM_IMPLEMENT, user, run.cancel))
        .thenCompose(reply -> applyReply(run, "implement", reply));
  }

  /** Runs the tests; green ends the run, else a fix round follows while the budget lasts. */
  private CompletableFuture<Void> test(Run run) {
    if (run.result.isDone()) {
      return CompletableFuture.completedFuture(null);
    }
    run.bar.report("round " + run.round + ": running the tests", -1);
    return run.track(tests.apply(run.scope))
        .thenCompose(
            report -> {
              run.last = report;
              if (report.summary().path("counts").path("tools").asInt() == 0) {
                return finish(run, "no tests are configured or detected (see codeloop.showTools)");
              }
              if (green(report)) {
                return finish(run, null);
              }
              if (run.round >= run.budget.maxRounds()) {
                return finish(run, "the budget of " + run.budget.maxRounds() + " rounds is spent");
              }
              if (run.outOfTime()) {
                return finish(
                    run,
                    "the budget of "
                        + run.budget.wallTime().toSeconds()
                        + " s of wall time is spent");
              }
              return fix(run).thenCompose(v -> test(run));
            });
  }

  private CompletableFuture<Void> fix(Run run) {
    run.round++;
    run.bar.report("round " + run.round + ": asking the model for a fix", -1);
    List<String> files = new ArrayList<>();
    String user = failurePrompt(run, files);
    return run.track(prompter.askAsync(Task.FIX_TESTS, SYSTEM_FIX, user, files, run.cancel))
        .thenCompose(reply -> applyReply(run, "round " + run.round, reply));
  }

  /** Parses a reply and applies it; a refusal or conflict ends the run. */
  private CompletableFuture<Void> applyReply(Run run, String label, String reply) {
    ObjectNode entry = run.rounds.addObject();
    entry.put("round", label);
    Path base = run.scope.get(0);
    EditReply.Result parsed =
        EditReply.parse(reply, p -> editor.read(base.resolve(p).normalize()).map(c -> c.text()));
    if (!parsed.ok()) {
      entry.put("note", parsed.error());
      run.feedback = "Your previous reply could not be applied: " + parsed.error();
      return CompletableFuture.completedFuture(null);
    }
    List<FileChange> changes = new ArrayList<>();
    ArrayNode changed = entry.putArray("changed");
    for (EditReply.Change c : parsed.changes()) {
      Path file = base.resolve(c.path()).normalize();
      if (!Containment.inside(file, run.scope)) {
        String why = Containment.outsideMessage("The reply's file", c.path());
        entry.put("note", why);
        return finish(run, "refused the reply of " + label + ": " + why);
      }
      int version = editor.read(file).map(WorkspaceEditor.Current::version).orElse(-1);
      changes.add(new FileChange(file, c.text(), version));
      changed.add(base.relativize(file).toString());
    }
    run.feedback = "";
    run.bar.report(label + ": applying " + changes.size() + " file(s)", -1);
    return run.track(editor.apply(changes))
        .thenCompose(
            applied ->
                applied
                    ? CompletableFuture.<Void>completedFuture(null)
                    : finish(
                        run,
                        "your edits conflict: a file changed in the editor while the model was"
                            + " working, so nothing of "
                            + label
                            + " was applied"));
  }

  private static boolean green(ToolRunCommand.Report report) {
    return report.summary().path("counts").path("failedTools").asInt() == 0
        && report.findings().stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
  }

  private String failurePrompt(Run run, List<String> files) {
    Path base = run.scope.get(0);
    StringBuilder sb = new StringBuilder("The tests fail. Fix the code so that they pass.\n\n");
    List<Finding> failures =
        run.last.findings().stream()
            .filter(f -> f.severity() == Finding.Severity.ERROR)
            .limit(MAX_FAILURES)
            .toList();
    for (Finding f : failures) {
      String rel = base.relativize(f.file()).toString();
      sb.append("## ").append(rel).append(':').append(f.line()).append('\n');
      sb.append(f.message()).append("\n\n");
      if (!Containment.inside(f.file(), run.scope) || privateFile.test(f.file())) {
        continue;
      }
      Optional<WorkspaceEditor.Current> text = editor.read(f.file());
      if (text.isEmpty()) {
        continue;
      }
      files.add(f.file().toUri().toString());
      List<String> lines = text.get().text().lines().toList();
      int from = Math.max(0, f.line() - 1 - CONTEXT_LINES);
      int to = Math.min(lines.size(), f.line() + CONTEXT_LINES);
      sb.append("```\n");
      for (int i = from; i < to; i++) {
        sb.append(i + 1).append(i + 1 == f.line() ? ">| " : " | ").append(lines.get(i));
        sb.append('\n');
      }
      sb.append("```\n\n");
    }
    if (!run.last.failedOutputTail().isBlank()) {
      sb.append("## Output (tail)\n```\n").append(run.last.failedOutputTail()).append("\n```\n\n");
    }
    if (!run.feedback.isEmpty()) {
      sb.append(run.feedback).append("\n\n");
    }
    return sb.append(REPLY_FORMAT).toString();
  }

  private CompletableFuture<Void> finish(Run run, String stopped) {
    ObjectNode out = mapper.createObjectNode();
    ToolRunCommand.Report last = run.last;
    boolean green = stopped == null;
    out.put("green", green);
    out.put("rounds", run.round);
    if (!green) {
      out.put("stopped", stopped);
    }
    out.set("changes", run.rounds);
    ArrayNode failing = out.putArray("stillFailing");
    if (last != null && !green) {
      last.findings().stream()
          .filter(f -> f.severity() == Finding.Severity.ERROR)
          .limit(MAX_FAILURES)
          .forEach(
              f -> {
                ObjectNode n = failing.addObject();
                n.put("file", f.file().toString());
                n.put("line", f.line());
                n.put("message", f.message());
              });
    }
    out.put("summary", markdown(run, green, stopped, failing));
    run.result.complete(out);
    return CompletableFuture.completedFuture(null);
  }

  private static String markdown(Run run, boolean green, String stopped, ArrayNode failing) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        green
            ? "**The tests pass** after " + run.round + " round(s).\n\n"
            : "**Stopped after " + run.round + " round(s)**: " + stopped + ".\n\n");
    for (JsonNode r : run.rounds) {
      sb.append("- ").append(r.path("round").asText()).append(": ");
      if (r.has("changed") && r.path("changed").size() > 0) {
        List<String> names = new ArrayList<>();
        r.path("changed").forEach(n -> names.add("`" + n.asText() + "`"));
        sb.append("changed ").append(String.join(", ", names));
      } else {
        sb.append("nothing applied");
      }
      if (r.has("note")) {
        sb.append(" (").append(r.path("note").asText()).append(')');
      }
      sb.append('\n');
    }
    if (!failing.isEmpty()) {
      sb.append("\nStill failing:\n");
      failing.forEach(
          f ->
              sb.append("- ")
                  .append(f.path("file").asText())
                  .append(':')
                  .append(f.path("line").asInt())
                  .append(": ")
                  .append(f.path("message").asText())
                  .append('\n'));
    }
    return sb.toString();
  }

  static final String SYSTEM_FIX =
      "You fix failing tests. Change the code under test, not the tests, unless a test is wrong.";

  static final String SYSTEM_IMPLEMENT = "You implement a change in a code base.";

  static final String REPLY_FORMAT =
      "Reply with each file you change in full: its path relative to the workspace folder on a"
          + " line of its own, then a fenced code block holding the whole new file. Or reply with"
          + " SEARCH/REPLACE blocks (the path line, then <<<<<<< SEARCH, the exact current lines,"
          + " =======, the new lines, >>>>>>> REPLACE).";
}
