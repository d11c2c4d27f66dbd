package dev.codeloop.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.action.ModelPrompter;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.Task;
import dev.codeloop.workspace.privacy.Containment;
import dev.codeloop.workspace.progress.Progress;
import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.TestTarget;
import dev.codeloop.workspace.tool.ToolRunCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
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

  /** How many fix rounds, how long in all, and how many model tokens. */
  public record Budget(int maxRounds, Duration wallTime, long maxTokens) {
    public static final Budget DEFAULT = new Budget(3, Duration.ofMinutes(10), 200_000);
  }

  /** Writes a workspace-level plan of a goal, as Markdown ({@link PlanCommand#planWorkspace}). */
  @FunctionalInterface
  public interface Planner {
    CompletableFuture<String> plan(String goal, CancelChecker cancel);
  }

  /** Files whose content an implement step shows the model, and the bytes of each at most. */
  static final int STEP_FILES = 6;

  static final int STEP_FILE_BYTES = 48 * 1024;

  private static final int LISTED_FILES = 300;

  private final BiFunction<
          List<Path>, Optional<TestTarget>, CompletableFuture<ToolRunCommand.Report>>
      tests;
  private final ModelPrompter prompter;
  private final WorkspaceEditor editor;
  private final Supplier<List<Path>> roots;
  private final Progress.Factory progress;
  private final ObjectMapper mapper;
  private final Planner planner;
  private final PlanStore plans;

  /** Files whose content never goes into a prompt (the session's privacy filter). */
  private final Predicate<Path> privateFile;

  /**
   * @param tests runs the tests of the given roots, publishes their diagnostics and answers what
   *     they found ({@link ToolRunCommand#runAsync})
   * @param planner writes the plan {@code codeloop.implement} follows when it is given a goal
   * @param plans where plans are read from and the run's summary is saved
   */
  public FixLoop(
      BiFunction<List<Path>, Optional<TestTarget>, CompletableFuture<ToolRunCommand.Report>> tests,
      ModelPrompter prompter,
      WorkspaceEditor editor,
      Supplier<List<Path>> roots,
      Predicate<Path> privateFile,
      Progress.Factory progress,
      ObjectMapper mapper,
      Planner planner,
      PlanStore plans) {
    this.planner = planner;
    this.plans = plans;
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
    final Optional<TestTarget> target;
    final Budget budget;
    final long deadline;
    final Progress bar;
    final CompletableFuture<JsonNode> result = new CompletableFuture<>();
    final AtomicReference<CompletableFuture<?>> current = new AtomicReference<>();
    final ArrayNode rounds = mapper.createArrayNode();
    final CancelChecker cancel;
    final long started = System.nanoTime();

    /**
     * The version of each file when the last prompt was built (every open file, and each file the
     * prompt showed): the reply's change to it is applied at that version, so a user's edit made
     * while the model worked is never overwritten.
     */
    final Map<Path, Integer> seen = new ConcurrentHashMap<>();

    ToolRunCommand.Report last;
    String feedback = "";
    int round;
    long tokens;
    Path planFile;
    String planNote = "";
    int stepsDone;
    int stepsTotal;

    Run(
        List<Path> scope,
        Optional<TestTarget> target,
        Budget budget,
        CancelChecker outer,
        String title) {
      this.scope = scope;
      this.target = target;
      this.budget = budget;
      this.deadline = System.nanoTime() + budget.wallTime().toNanos();
      this.bar = progress.begin(title, true, false);
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

    /** Why the budget is spent, or null while it lasts (rounds are checked by the caller). */
    String spent() {
      if (outOfTime()) {
        return "the budget of " + budget.wallTime().toSeconds() + " s of wall time is spent";
      }
      if (tokens >= budget.maxTokens()) {
        return "the budget of "
            + budget.maxTokens()
            + " model tokens is spent ("
            + tokens
            + " used)";
      }
      return null;
    }

    /** Counts a reply's tokens: the provider's figures, else four characters a token. */
    String count(ModelReply reply, String prompt) {
      ModelReply.TokenUsage u = reply.usage();
      long used = u.inputTokens() + u.outputTokens();
      tokens += used > 0 ? used : (prompt.length() + reply.text().length()) / 4;
      return reply.text();
    }
  }

  /**
   * Runs the loop; with a {@code goalOrPlan}, first implements it step by step: a saved plan (a
   * Markdown file under {@code .codeloop/plans/}, named by path or {@code file:} URI) is followed
   * as written, a goal is first planned by the {@code plan} route (and the plan saved). Answers the
   * summary (JSON with a Markdown {@code markdown}), also saved beside the plan.
   */
  public CompletableFuture<JsonNode> run(
      Optional<String> goalOrPlan, Budget budget, CancelChecker cancel) {
    return run(goalOrPlan, Optional.empty(), budget, cancel);
  }

  /**
   * {@link #run(Optional, Budget, CancelChecker)} with the test runs narrowed to one test file or
   * test ("Fix this failing test").
   */
  public CompletableFuture<JsonNode> run(
      Optional<String> goalOrPlan,
      Optional<TestTarget> target,
      Budget budget,
      CancelChecker cancel) {
    List<Path> scope = roots.get();
    if (scope.isEmpty()) {
      return CompletableFuture.failedFuture(
          dev.codeloop.errors.CodeloopException.invalidParams(
              "No workspace folder is open, so there is nothing to run"));
    }
    Run run =
        new Run(
            scope,
            target,
            budget,
            cancel,
            goalOrPlan.isPresent() ? "Codeloop: implementing" : "Codeloop: fixing the tests");
    CompletableFuture<Void> start =
        goalOrPlan.isPresent()
            ? implement(run, goalOrPlan.get())
            : CompletableFuture.completedFuture(null);
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

  /** The plan (read, or written by the planner), then each of its steps in turn. */
  private CompletableFuture<Void> implement(Run run, String goalOrPlan) {
    Optional<Path> saved = plans.find(goalOrPlan);
    CompletableFuture<PlanDocument> plan;
    if (saved.isPresent()) {
      run.planFile = saved.get();
      plan = CompletableFuture.completedFuture(PlanDocument.parse(plans.read(saved.get())));
    } else {
      run.bar.report("planning: asking the model", -1);
      plan =
          run.track(planner.plan(goalOrPlan, run.cancel))
              .handle(
                  (markdown, t) -> {
                    if (t != null) {
                      Throwable c = Futures.unwrap(t);
                      if (Futures.isCancellation(c)) {
                        throw new CancellationException("cancelled");
                      }
                      // no plan: the goal is one step, and the summary says why
                      run.planNote = "no plan was written (" + c.getMessage() + ")";
                      return PlanDocument.parse("# Goal\n\n1. " + goalOrPlan.strip() + "\n");
                    }
                    run.tokens += markdown.length() / 4;
                    try {
                      run.planFile = plans.save(goalOrPlan, "", markdown);
                    } catch (RuntimeException e) {
                      run.planNote = "the plan could not be saved: " + e.getMessage();
                    }
                    return PlanDocument.parse(markdown);
                  });
    }
    return plan.thenCompose(
        doc -> {
          List<PlanDocument.Step> steps =
              doc.steps().isEmpty()
                  ? PlanDocument.parse("1. " + goalOrPlan.strip()).steps()
                  : doc.steps();
          run.stepsTotal = steps.size();
          return step(run, doc, steps, 0);
        });
  }

  private CompletableFuture<Void> step(
      Run run, PlanDocument plan, List<PlanDocument.Step> steps, int index) {
    if (index == steps.size() || run.result.isDone()) {
      return CompletableFuture.completedFuture(null);
    }
    String spent = run.spent();
    if (spent != null) {
      return finish(run, spent + " after " + index + " of " + steps.size() + " steps");
    }
    PlanDocument.Step step = steps.get(index);
    String label = "step " + (index + 1) + "/" + steps.size();
    run.bar.report(label + ": " + step.title(), -1);
    List<String> files = new ArrayList<>();
    run.seen.clear();
    run.seen.putAll(editor.openVersions());
    String user = stepPrompt(run, plan, step, files);
    return run.track(prompter.replyAsync(Task.IMPLEMENT, SYSTEM_IMPLEMENT, user, files, run.cancel))
        .thenCompose(
            reply -> applyReply(run, label + " (" + step.title() + ")", run.count(reply, user)))
        .thenCompose(
            v -> {
              run.stepsDone = index + 1;
              return step(run, plan, steps, index + 1);
            });
  }

  private String stepPrompt(
      Run run, PlanDocument plan, PlanDocument.Step step, List<String> files) {
    Path base = run.scope.get(0);
    StringBuilder sb = new StringBuilder();
    sb.append("We are carrying out this plan one step at a time.\n\n```markdown\n")
        .append(plan.markdown().strip())
        .append("\n```\n\nDo only step ")
        .append(step.number())
        .append(" now:\n\n")
        .append(step.text())
        .append("\n\n");
    int shown = 0;
    for (String name : step.files()) {
      if (shown == STEP_FILES) {
        break;
      }
      Path file = base.resolve(name).normalize();
      if (!Containment.inside(file, run.scope) || privateFile.test(file)) {
        continue;
      }
      Optional<WorkspaceEditor.Current> text = editor.read(file);
      if (text.isEmpty()) {
        sb.append("`").append(name).append("` does not exist yet.\n\n");
        continue;
      }
      String content = text.get().text();
      if (content.length() > STEP_FILE_BYTES) {
        content = content.substring(0, STEP_FILE_BYTES) + "\n… (cut)";
      }
      files.add(file.toUri().toString());
      run.seen.putIfAbsent(file, text.get().version());
      sb.append("Current `").append(name).append("`:\n```\n").append(content);
      sb.append(content.endsWith("\n") ? "" : "\n").append("```\n\n");
      shown++;
    }
    sb.append(WorkspaceListing.describe(base, privateFile, LISTED_FILES)).append('\n');
    if (!run.feedback.isEmpty()) {
      sb.append(run.feedback).append("\n\n");
    }
    return sb.append(REPLY_FORMAT).toString();
  }

  /** Runs the tests; green ends the run, else a fix round follows while the budget lasts. */
  private CompletableFuture<Void> test(Run run) {
    if (run.result.isDone()) {
      return CompletableFuture.completedFuture(null);
    }
    run.bar.report("round " + run.round + ": running the tests", -1);
    return run.track(tests.apply(run.scope, run.target))
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
              String spent = run.spent();
              if (spent != null) {
                return finish(run, spent);
              }
              return fix(run).thenCompose(v -> test(run));
            });
  }

  private CompletableFuture<Void> fix(Run run) {
    run.round++;
    run.bar.report("round " + run.round + ": asking the model for a fix", -1);
    List<String> files = new ArrayList<>();
    run.seen.clear();
    run.seen.putAll(editor.openVersions());
    String user = failurePrompt(run, files);
    return run.track(prompter.replyAsync(Task.FIX_TESTS, SYSTEM_FIX, user, files, run.cancel))
        .thenCompose(reply -> applyReply(run, "round " + run.round, run.count(reply, user)));
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
      // the version the prompt was built against: open then → that version (a user's edit since
      // is a conflict); not open then → must still not be open
      Integer shown = run.seen.get(file);
      int version = shown != null ? shown : -1;
      changes.add(new FileChange(file, c.text(), version));
      changed.add(base.relativize(file).toString());
    }
    run.feedback = "";
    run.bar.report(label + ": applying " + changes.size() + " file(s)", -1);
    return run.track(editor.apply("Codeloop: " + label, changes))
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
      run.seen.putIfAbsent(f.file(), text.get().version());
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
    if (run.result.isDone()) {
      return CompletableFuture.completedFuture(null);
    }
    ObjectNode out = mapper.createObjectNode();
    ToolRunCommand.Report last = run.last;
    boolean green = stopped == null;
    out.put("green", green);
    out.put("rounds", run.round);
    if (!green) {
      out.put("stopped", stopped);
    }
    if (run.stepsTotal > 0) {
      out.put("steps", run.stepsTotal);
      out.put("stepsDone", run.stepsDone);
    }
    out.put("tokens", run.tokens);
    out.put("durationMs", Duration.ofNanos(System.nanoTime() - run.started).toMillis());
    if (run.planFile != null) {
      out.put("planUri", run.planFile.toUri().toString());
    }
    out.set("changes", run.rounds);
    if (last != null) {
      out.set("tests", last.summary().path("counts"));
    }
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
    String markdown = markdown(run, green, stopped, failing);
    out.put("summary", markdown);
    out.put("markdown", markdown);
    out.put("title", green ? "Codeloop: the tests pass" : "Codeloop: stopped");
    out.put("shown", false);
    if (run.planFile != null) {
      try {
        Path saved = plans.saveBeside(run.planFile, "-result", markdown);
        out.put("summaryUri", saved.toUri().toString());
      } catch (RuntimeException e) {
        out.put("saveError", e.getMessage());
      }
    }
    run.result.complete(out);
    return CompletableFuture.completedFuture(null);
  }

  private static String markdown(Run run, boolean green, String stopped, ArrayNode failing) {
    StringBuilder sb = new StringBuilder("# ");
    sb.append(green ? "The tests pass" : "Stopped: " + stopped).append("\n\n");
    if (run.stepsTotal > 0) {
      sb.append("- Plan: ")
          .append(run.planFile == null ? "(not saved)" : "`" + run.planFile.getFileName() + "`")
          .append(run.planNote.isEmpty() ? "" : " — " + run.planNote)
          .append("\n- Steps implemented: ")
          .append(run.stepsDone)
          .append(" of ")
          .append(run.stepsTotal)
          .append('\n');
    }
    sb.append("- Fix rounds: ").append(run.round).append(" of at most ");
    sb.append(run.budget.maxRounds()).append('\n');
    if (run.last != null) {
      JsonNode c = run.last.summary().path("counts");
      sb.append("- Last test run: ")
          .append(c.path("failedTools").asInt() == 0 ? "passed" : "failed")
          .append(", ")
          .append(c.path("error").asInt())
          .append(" failure(s) in ")
          .append(c.path("files").asInt())
          .append(" file(s)\n");
    }
    sb.append("- Model tokens: ").append(run.tokens).append("; wall time: ");
    sb.append(Duration.ofNanos(System.nanoTime() - run.started).toMillis()).append(" ms\n");
    sb.append("\n## What changed\n\n");
    if (run.rounds.isEmpty()) {
      sb.append("Nothing.\n");
    }
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
      sb.append("\n## Still failing\n\n");
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

  static final String SYSTEM_IMPLEMENT =
      "You implement a change in a code base, one planned step at a time. Write complete, working"
          + " code for the step asked, with its tests where the plan says so; do not do later steps.";

  static final String REPLY_FORMAT =
      "Reply with each file you change in full: its path relative to the workspace folder on a"
          + " line of its own, then a fenced code block holding the whole new file. Or reply with"
          + " SEARCH/REPLACE blocks (the path line, then <<<<<<< SEARCH, the exact current lines,"
          + " =======, the new lines, >>>>>>> REPLACE).";
}
