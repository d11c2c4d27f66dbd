package dev.codeloop.workspace.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.settings.ToolSettings;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import dev.codeloop.workspace.command.Commands;
import dev.codeloop.workspace.progress.Progress;
import dev.codeloop.workspace.tool.DetectedTool.Kind;
import dev.codeloop.workspace.tool.parse.OutputParser;
import dev.codeloop.workspace.tool.parse.ReportFiles;
import dev.codeloop.workspace.tool.parse.ReportParser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code codeloop.runChecks [uri?]} / {@code codeloop.runTests [uri?]}: runs the workspace's checks
 * (or tests) one after the other — of the root holding {@code uri}, or of every root — parses their
 * output, publishes the findings as diagnostics of source {@code codeloop:check} / {@code
 * codeloop:test} and answers a summary. Refused, with nothing run, in an untrusted workspace.
 * Cancelling the request kills the running process tree; a cancelled run publishes nothing.
 */
public final class ToolRunCommand implements CommandHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRunCommand.class);
  static final int FIRST_FAILURES = 10;
  private static final int OUTPUT_TAIL = 2000;

  /** What a run needs from the session. */
  public record Session(
      Supplier<List<Path>> roots,
      Supplier<ToolSettings> settings,
      BooleanSupplier trusted,
      Progress.Factory progress) {}

  private final Kind kind;
  private final ToolDetector detector;
  private final ProcessRunner runner;
  private final Function<String, Optional<OutputParser>> parsers;
  private final FindingsPublisher publisher;
  private final Session session;
  private final Executor parsing;
  private final ObjectMapper mapper;

  /**
   * @param parsers the output parsers by id ({@code maven}, {@code tsc}, …)
   * @param parsing where output is parsed (the {@code tools} pool)
   */
  public ToolRunCommand(
      Kind kind,
      ToolDetector detector,
      ProcessRunner runner,
      Function<String, Optional<OutputParser>> parsers,
      FindingsPublisher publisher,
      Session session,
      Executor parsing,
      ObjectMapper mapper) {
    this.kind = kind;
    this.detector = detector;
    this.runner = runner;
    this.parsers = parsers;
    this.publisher = publisher;
    this.session = session;
    this.parsing = parsing;
    this.mapper = mapper;
  }

  /** The diagnostics source of a kind's findings. */
  public static String source(Kind kind) {
    return kind == Kind.CHECK ? "codeloop:check" : "codeloop:test";
  }

  private String command() {
    return kind == Kind.CHECK ? Commands.RUN_CHECKS : Commands.RUN_TESTS;
  }

  @Override
  public JsonNode execute(CommandInvocation invocation, CancelChecker cancel) {
    return Futures.join(executeAsync(invocation, cancel));
  }

  @Override
  public CompletableFuture<JsonNode> executeAsync(
      CommandInvocation invocation, CancelChecker cancel) {
    if (!session.trusted().getAsBoolean()) {
      throw CodeloopException.requestFailed(
          command()
              + ": this workspace is not trusted, so Codeloop runs none of its "
              + (kind == Kind.CHECK ? "checks" : "tests")
              + ". If you trust its code, run the command codeloop.trustWorkspace (it adds the"
              + " folder to trustedWorkspaces in your user settings file), then try again.");
    }
    List<Path> scope = scope(invocation);
    Optional<TestTarget> target = kind == Kind.TEST ? target(invocation) : Optional.empty();
    CompletableFuture<Report> run = runAsync(scope, target);
    return Futures.cancelling(run.thenApply(Report::summary), run);
  }

  /**
   * For {@code codeloop.runTests [uri, position?]}: the test file {@code uri} names (when it is a
   * file, not a folder), narrowed to the test at {@code position} ({@code {"line": n}}, 0-based)
   * when given.
   */
  private Optional<TestTarget> target(CommandInvocation invocation) {
    Optional<Path> file =
        invocation
            .argument(0)
            .filter(JsonNode::isTextual)
            .flatMap(a -> fileOf(a.textValue()))
            .filter(java.nio.file.Files::isRegularFile);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    Optional<JsonNode> position = invocation.argument(1).filter(JsonNode::isObject);
    if (position.isEmpty()) {
      return Optional.of(TestTarget.file(file.get()));
    }
    JsonNode line = position.get().get("line");
    if (line == null || !line.canConvertToInt() || line.intValue() < 0) {
      throw CodeloopException.invalidParams(
          command() + ": argument 1 must be a position such as {\"line\": 12, \"character\": 0}");
    }
    try {
      String text = java.nio.file.Files.readString(file.get());
      return Optional.of(TestTarget.at(file.get(), text, line.intValue()));
    } catch (java.io.IOException | RuntimeException e) {
      throw CodeloopException.invalidParams(command() + ": cannot read " + file.get() + ": " + e);
    }
  }

  private static Optional<Path> fileOf(String uri) {
    try {
      return Optional.of(Path.of(URI.create(uri)).toAbsolutePath().normalize());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * What one run found: every finding, the summary {@link #executeAsync} answers, and the tail of
   * the output of each tool that failed.
   */
  public record Report(List<Finding> findings, JsonNode summary, String failedOutputTail) {
    public Report {
      findings = List.copyOf(findings);
    }
  }

  /**
   * Runs this kind's tools of {@code scope} (already trusted by the caller), publishes the findings
   * and answers the report; cancelling the future kills the running tool and publishes nothing.
   */
  public CompletableFuture<Report> runAsync(List<Path> scope) {
    return runAsync(scope, Optional.empty());
  }

  /**
   * {@link #runAsync(List)} narrowed to a test file or one test ({@link TestSelection}); a command
   * that cannot be narrowed runs whole (its summary entry says so). The diagnostics of a narrowed
   * run replace those of the target file only.
   */
  public CompletableFuture<Report> runAsync(List<Path> scope, Optional<TestTarget> target) {
    ToolSettings settings = session.settings().get();
    List<DetectedTool> tools = new ArrayList<>();
    List<String> notNarrowed = new ArrayList<>();
    for (Path root : scope) {
      for (DetectedTool t : detector.detect(root, settings)) {
        if (t.kind() != kind) {
          continue;
        }
        if (target.isPresent() && target.get().file().startsWith(root)) {
          Optional<DetectedTool> narrowed = TestSelection.narrow(t, target.get());
          if (narrowed.isEmpty()) {
            notNarrowed.add(t.id());
          }
          tools.add(narrowed.orElse(t));
        } else if (target.isEmpty()) {
          tools.add(t);
        }
      }
    }
    List<Path> published =
        target.isPresent() && notNarrowed.isEmpty() ? List.of(target.get().file()) : scope;
    Duration timeout = Duration.ofSeconds(settings.timeoutSeconds());
    long start = System.nanoTime();
    Progress progress =
        session
            .progress()
            .begin(kind == Kind.CHECK ? "Running checks" : "Running tests", false, false);
    CompletableFuture<Report> result = new CompletableFuture<>();
    AtomicReference<CompletableFuture<RunResult>> current = new AtomicReference<>();
    result.whenComplete(
        (r, t) -> {
          progress.end(t == null ? "done" : Futures.isCancellation(t) ? "cancelled" : "failed");
          CompletableFuture<RunResult> running = current.get();
          if (t != null && Futures.isCancellation(t) && running != null) {
            running.cancel(true);
          }
        });
    runNext(tools, 0, new ArrayList<>(), timeout, progress, current, result)
        .whenComplete(
            (outcomes, t) -> {
              if (t != null) {
                result.completeExceptionally(Futures.unwrap(t));
                return;
              }
              if (result.isDone()) {
                return; // cancelled: nothing is published
              }
              List<Finding> findings = new ArrayList<>();
              outcomes.forEach(o -> findings.addAll(o.findings()));
              boolean cancelled =
                  outcomes.stream().anyMatch(o -> o.result() != null && o.result().cancelled());
              if (!cancelled) {
                publisher.publish(source(kind), published, findings);
              }
              StringBuilder tail = new StringBuilder();
              for (Outcome o : outcomes) {
                if (o.result() != null && !o.result().succeeded()) {
                  String output = o.result().output();
                  tail.append(output.substring(Math.max(0, output.length() - OUTPUT_TAIL)));
                }
              }
              result.complete(
                  new Report(
                      findings,
                      summary(outcomes, findings, start, cancelled, target, notNarrowed),
                      tail.toString()));
            });
    return result;
  }

  /** The roots to run in: the one holding the argument's file, or all. */
  private List<Path> scope(CommandInvocation invocation) {
    List<Path> roots = session.roots().get();
    if (roots.isEmpty()) {
      throw CodeloopException.invalidParams(
          command() + ": no workspace folder is open, so there is nothing to run");
    }
    Optional<JsonNode> arg = invocation.argument(0).filter(JsonNode::isTextual);
    if (arg.isEmpty()) {
      return roots;
    }
    Path file;
    try {
      file = Path.of(URI.create(arg.get().textValue())).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      throw CodeloopException.invalidParams(
          command() + ": argument 0 must be a file: URI, got " + arg.get().textValue());
    }
    return roots.stream()
        .filter(r -> file.startsWith(r.toAbsolutePath().normalize()))
        .findFirst()
        .map(List::of)
        .orElseThrow(
            () ->
                CodeloopException.invalidParams(
                    command() + ": " + file + " is not inside a workspace folder"));
  }

  /** One tool's run: its result (null when it could not start), findings and notes. */
  private record Outcome(
      DetectedTool tool, RunResult result, List<Finding> findings, String note) {}

  private CompletableFuture<List<Outcome>> runNext(
      List<DetectedTool> tools,
      int index,
      List<Outcome> done,
      Duration timeout,
      Progress progress,
      AtomicReference<CompletableFuture<RunResult>> current,
      CompletableFuture<Report> result) {
    if (index == tools.size() || result.isDone()) {
      return CompletableFuture.completedFuture(done);
    }
    DetectedTool tool = tools.get(index);
    progress.report(
        String.join(" ", tool.argv()) + " (" + (index + 1) + "/" + tools.size() + ")", -1);
    CompletableFuture<RunResult> run =
        runner.run(
            tool.workingDirectory() + "|" + tool.id(),
            new ProcessRunner.Command(tool.argv(), tool.workingDirectory(), timeout));
    current.set(run);
    if (result.isDone()) {
      run.cancel(true);
    }
    return run.handle((r, t) -> r == null ? failed(tool, t) : null)
        .thenCompose(
            failure ->
                failure != null
                    ? CompletableFuture.completedFuture(failure)
                    : run.thenApplyAsync(r -> parse(tool, r), parsing))
        .thenCompose(
            outcome -> {
              done.add(outcome);
              return runNext(tools, index + 1, done, timeout, progress, current, result);
            });
  }

  private static Outcome failed(DetectedTool tool, Throwable t) {
    Throwable c = Futures.unwrap(t);
    return new Outcome(
        tool, null, List.of(), c.getMessage() == null ? c.toString() : c.getMessage());
  }

  private Outcome parse(DetectedTool tool, RunResult r) {
    if (r.cancelled()) {
      return new Outcome(tool, r, List.of(), "cancelled");
    }
    Optional<OutputParser> parser =
        tool.parser().isEmpty() ? Optional.empty() : parsers.apply(tool.parser());
    if (parser.isEmpty()) {
      return new Outcome(
          tool,
          r,
          List.of(),
          "no output parser '" + tool.parser() + "' is available: only the exit code is reported");
    }
    try {
      List<Finding> parsed = new ArrayList<>();
      if (parser.get() instanceof ReportParser reports
          && !r.output().stripLeading().startsWith("<")) {
        // a test runner that writes JUnit XML reports: read the ones this run wrote (file times
        // have
        // coarse resolution, hence the margin)
        Instant since = Instant.now().minus(r.duration()).minusSeconds(2);
        for (Path report : ReportFiles.since(tool.workingDirectory(), since)) {
          parsed.addAll(reports.parseReport(report, tool.workingDirectory()));
        }
      } else {
        parsed.addAll(parser.get().parse(r.output(), tool.workingDirectory()));
      }
      List<Finding> findings = new ArrayList<>();
      for (Finding f : parsed) {
        findings.add(
            f.file().isAbsolute()
                ? f
                : new Finding(
                    tool.workingDirectory().resolve(f.file()).normalize(),
                    f.line(),
                    f.column(),
                    f.endLine(),
                    f.endColumn(),
                    f.severity(),
                    f.message(),
                    f.code(),
                    f.kind(),
                    f.tool()));
      }
      return new Outcome(tool, r, findings, "");
    } catch (RuntimeException e) {
      LOG.warn("output parser '{}' failed on the output of {}", tool.parser(), tool.id(), e);
      return new Outcome(tool, r, List.of(), "the output parser failed: " + e);
    }
  }

  private JsonNode summary(
      List<Outcome> outcomes,
      List<Finding> findings,
      long start,
      boolean cancelled,
      Optional<TestTarget> target,
      List<String> notNarrowed) {
    ObjectNode out = mapper.createObjectNode();
    out.put("kind", kind == Kind.CHECK ? "checks" : "tests");
    target.ifPresent(
        t -> {
          ObjectNode n = out.putObject("target");
          n.put("file", t.file().toString());
          t.test().ifPresent(name -> n.put("test", name));
          if (!notNarrowed.isEmpty()) {
            n.put(
                "note",
                "ran whole (these commands cannot be narrowed to one file or test): "
                    + String.join(", ", notNarrowed));
          }
        });
    out.put("durationMs", Duration.ofNanos(System.nanoTime() - start).toMillis());
    out.put("published", !cancelled);
    ObjectNode counts = out.putObject("counts");
    counts.put("tools", outcomes.size());
    counts.put(
        "failedTools",
        outcomes.stream().filter(o -> o.result() == null || !o.result().succeeded()).count());
    counts.put("findings", findings.size());
    for (Finding.Severity s : Finding.Severity.values()) {
      counts.put(
          s.name().toLowerCase(java.util.Locale.ROOT),
          findings.stream().filter(f -> f.severity() == s).count());
    }
    counts.put("files", findings.stream().map(Finding::file).distinct().count());
    ArrayNode first = out.putArray("firstFailures");
    findings.stream()
        .filter(f -> f.severity() == Finding.Severity.ERROR)
        .limit(FIRST_FAILURES)
        .forEach(
            f -> {
              ObjectNode n = first.addObject();
              n.put("file", f.file().toString());
              n.put("line", f.line());
              n.put("message", f.message());
              n.put("tool", f.tool());
            });
    ArrayNode tools = out.putArray("tools");
    for (Outcome o : outcomes) {
      ObjectNode n = tools.addObject();
      n.put("id", o.tool().id());
      ArrayNode argv = n.putArray("command");
      o.tool().argv().forEach(argv::add);
      n.put("cwd", o.tool().workingDirectory().toString());
      n.put("parser", o.tool().parser());
      n.put("findings", o.findings().size());
      if (o.result() != null) {
        RunResult r = o.result();
        n.put("exitCode", r.exitCode());
        n.put("durationMs", r.duration().toMillis());
        n.put("timedOut", r.timedOut());
        n.put("cancelled", r.cancelled());
        n.put("outputCut", r.cutBytes() > 0);
        if (!r.succeeded() && o.findings().isEmpty()) {
          String output = r.output();
          n.put("outputTail", output.substring(Math.max(0, output.length() - OUTPUT_TAIL)));
        }
      } else {
        n.put("started", false);
      }
      if (!o.note().isEmpty()) {
        n.put("note", o.note());
      }
    }
    if (outcomes.isEmpty()) {
      out.put(
          "message",
          "no "
              + (kind == Kind.CHECK ? "checks" : "tests")
              + " found: set tools."
              + (kind == Kind.CHECK ? "checks" : "tests")
              + " (see codeloop.showTools)");
    }
    return out;
  }
}
