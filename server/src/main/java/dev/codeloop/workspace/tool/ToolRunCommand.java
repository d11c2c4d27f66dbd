package dev.codeloop.workspace.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.settings.ToolSettings;
import dev.codeloop.workspace.command.AsyncCommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import dev.codeloop.workspace.command.Commands;
import dev.codeloop.workspace.privacy.Containment;
import dev.codeloop.workspace.progress.Progress;
import dev.codeloop.workspace.tool.DetectedTool.Kind;
import dev.codeloop.workspace.tool.parse.OutputParser;
import dev.codeloop.workspace.tool.parse.ReportFiles;
import dev.codeloop.workspace.tool.parse.ReportParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
public final class ToolRunCommand implements AsyncCommandHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRunCommand.class);
  static final int FIRST_FAILURES = 10;
  private static final int OUTPUT_TAIL = 2000;

  /** What a run needs from the session. */
  public record Session(
      Supplier<List<Path>> roots,
      Supplier<ToolSettings> settings,
      BooleanSupplier trusted,
      Progress.Factory progress,
      Supplier<Map<Path, String>> unsaved,
      Function<Path, ShadowWorkspace> shadows) {}

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
      return Optional.of(TestTarget.at(file.get(), line.intValue()));
    } catch (java.io.IOException | RuntimeException e) {
      throw CodeloopException.invalidParams(command() + ": cannot read " + file.get() + ": " + e);
    }
  }

  private static Optional<Path> fileOf(String uri) {
    return Containment.path(uri).map(p -> p.toAbsolutePath().normalize());
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
    return runAsync(scope, target, Map.of(), true);
  }

  /**
   * The run itself. The tools see what the user sees: with {@code tools.unsavedBuffers} {@code
   * overlay} (the default), a root with unsaved editor buffers — or with {@code proposed} texts, a
   * change being verified — runs in its {@link ShadowWorkspace} with those texts written over the
   * saved files, and the findings are mapped back to the user's files.
   *
   * @param proposed file → text to run with instead of what is saved (empty: none)
   * @param publish whether the findings replace the published diagnostics (not for a verification)
   */
  public CompletableFuture<Report> runAsync(
      List<Path> scope, Optional<TestTarget> target, Map<Path, String> proposed, boolean publish) {
    ToolSettings settings = session.settings().get();
    Map<Path, String> overlays = new HashMap<>();
    if (settings.unsavedBuffers() == ToolSettings.UnsavedBuffers.OVERLAY) {
      overlays.putAll(session.unsaved().get());
    }
    overlays.putAll(proposed);
    List<DetectedTool> tools = new ArrayList<>();
    Map<DetectedTool, Path> rootOf = new java.util.IdentityHashMap<>();
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
          rootOf.put(tools.get(tools.size() - 1), root);
        } else if (target.isEmpty()) {
          tools.add(t);
          rootOf.put(t, root);
        }
      }
    }
    List<Planned> planned = new ArrayList<>();
    for (DetectedTool t : tools) {
      Path root = rootOf.get(t);
      Map<Path, String> mine = new HashMap<>();
      overlays.forEach(
          (file, text) -> {
            if (file.startsWith(root)) {
              mine.put(file, text);
            }
          });
      planned.add(new Planned(t, root, mine));
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
    runNext(planned, 0, new ArrayList<>(), timeout, progress, current, result)
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
              if (!cancelled && publish) {
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
                      summary(outcomes, findings, start, cancelled, target, notNarrowed, overlays),
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
    Path file =
        fileOf(arg.get().textValue())
            .orElseThrow(
                () ->
                    CodeloopException.invalidParams(
                        command()
                            + ": argument 0 must be a file: URI, got "
                            + arg.get().textValue()));
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

  /** A tool to run, in its root, with the texts to overlay (empty: run in the root itself). */
  private record Planned(DetectedTool tool, Path root, Map<Path, String> overlays) {}

  private CompletableFuture<List<Outcome>> runNext(
      List<Planned> tools,
      int index,
      List<Outcome> done,
      Duration timeout,
      Progress progress,
      AtomicReference<CompletableFuture<RunResult>> current,
      CompletableFuture<Report> result) {
    if (index == tools.size() || result.isDone()) {
      return CompletableFuture.completedFuture(done);
    }
    Planned planned = tools.get(index);
    progress.report(
        String.join(" ", planned.tool().argv()) + " (" + (index + 1) + "/" + tools.size() + ")",
        -1);
    CompletableFuture<Outcome> outcome =
        planned.overlays().isEmpty()
            ? runOne(planned, timeout, current, result)
            : session
                .shadows()
                .apply(planned.root())
                .exclusive(() -> runOne(planned, timeout, current, result));
    return outcome.thenCompose(
        o -> {
          done.add(o);
          return runNext(tools, index + 1, done, timeout, progress, current, result);
        });
  }

  /**
   * Runs one tool (in the root's shadow copy when it has overlays: the caller holds the copy, see
   * {@link ShadowWorkspace#exclusive}) and parses its output.
   */
  private CompletableFuture<Outcome> runOne(
      Planned planned,
      Duration timeout,
      AtomicReference<CompletableFuture<RunResult>> current,
      CompletableFuture<Report> result) {
    if (result.isDone()) {
      // cancelled while it waited (for the shadow copy): nothing prepared, nothing started
      return CompletableFuture.completedFuture(
          new Outcome(planned.tool(), null, List.of(), "cancelled before it started"));
    }
    CompletableFuture<DetectedTool> where =
        planned.overlays().isEmpty()
            ? CompletableFuture.completedFuture(planned.tool())
            : CompletableFuture.supplyAsync(() -> inShadow(planned), parsing);
    CompletableFuture<RunResult> run =
        where.thenCompose(
            tool -> {
              if (result.isDone()) {
                return CompletableFuture.failedFuture(
                    new java.util.concurrent.CancellationException("cancelled before it started"));
              }
              CompletableFuture<RunResult> r =
                  runner.run(
                      planned.root() + "|" + tool.id(),
                      new ProcessRunner.Command(tool.argv(), tool.workingDirectory(), timeout));
              current.set(r);
              if (result.isDone()) {
                r.cancel(true);
              }
              return r;
            });
    return run.handle((r, t) -> r == null ? failed(planned.tool(), t) : null)
        .thenCompose(
            failure ->
                failure != null
                    ? CompletableFuture.completedFuture(failure)
                    : run.thenCombineAsync(
                        where, (r, tool) -> back(planned, parse(tool, r)), parsing));
  }

  /** The tool moved into the root's shadow copy, prepared with the overlays. */
  private DetectedTool inShadow(Planned p) {
    ShadowWorkspace shadow = session.shadows().apply(p.root());
    Path copy = shadow.prepare(p.root(), p.overlays());
    String root = p.root().toString();
    List<String> argv = new ArrayList<>();
    for (String a : p.tool().argv()) {
      argv.add(a.startsWith(root + "/") ? copy + a.substring(root.length()) : a);
    }
    Path cwd = copy.resolve(p.root().relativize(p.tool().workingDirectory()).toString());
    return new DetectedTool(
        p.tool().id(),
        p.tool().kind(),
        argv,
        cwd,
        p.tool().parser(),
        p.tool().why() + "; run in a shadow copy with " + p.overlays().size() + " unsaved file(s)");
  }

  /** An outcome of a shadow run with its findings moved back to the user's files. */
  private Outcome back(Planned p, Outcome o) {
    if (p.overlays().isEmpty()) {
      return o;
    }
    ShadowWorkspace shadow = session.shadows().apply(p.root());
    List<Finding> mapped = new ArrayList<>();
    for (Finding f : o.findings()) {
      mapped.add(f.withFile(shadow.toRoot(p.root(), f.file())));
    }
    return new Outcome(o.tool(), o.result(), mapped, o.note());
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
                : f.withFile(tool.workingDirectory().resolve(f.file()).normalize()));
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
      List<String> notNarrowed,
      Map<Path, String> overlays) {
    ObjectNode out = mapper.createObjectNode();
    out.put("kind", kind == Kind.CHECK ? "checks" : "tests");
    if (!overlays.isEmpty()) {
      ArrayNode files = out.putArray("overlaid");
      overlays.keySet().stream().map(Path::toString).sorted().forEach(files::add);
    }
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
