package dev.codeloop.workspace.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.codeloop.concurrent.Debouncer;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentListener;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.settings.ToolSettings;
import dev.codeloop.workspace.command.CommandHandler;
import dev.codeloop.workspace.command.CommandInvocation;
import dev.codeloop.workspace.command.Commands;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tools.checkOnSave}: when a document of a trusted workspace is saved, runs the checks of
 * the root holding it (through {@code codeloop.runChecks}, so the findings are published the same
 * way) after a quiet period; a newer save in the same root replaces the pending run and cancels the
 * running one (its process tree is killed and it publishes nothing).
 */
public final class CheckOnSave implements DocumentListener {
  private static final Logger LOG = LoggerFactory.getLogger(CheckOnSave.class);

  /** How long saves must pause before the checks run. */
  public static final Duration QUIET = Duration.ofMillis(400);

  private final CommandHandler runChecks;
  private final Supplier<List<Path>> roots;
  private final Supplier<ToolSettings> settings;
  private final BooleanSupplier trusted;
  private final Debouncer<Path> debouncer;
  private final Duration quiet;
  private final Map<Path, CompletableFuture<JsonNode>> running = new ConcurrentHashMap<>();

  public CheckOnSave(
      CommandHandler runChecks,
      Supplier<List<Path>> roots,
      Supplier<ToolSettings> settings,
      BooleanSupplier trusted,
      Debouncer<Path> debouncer,
      Duration quiet) {
    this.runChecks = runChecks;
    this.roots = roots;
    this.settings = settings;
    this.trusted = trusted;
    this.debouncer = debouncer;
    this.quiet = quiet;
  }

  @Override
  public void saved(DocumentSnapshot snapshot) {
    if (!settings.get().checkOnSave() || !trusted.getAsBoolean()) {
      return;
    }
    Optional<Path> root = rootOf(snapshot.uri());
    if (root.isEmpty()) {
      return;
    }
    Path key = root.get();
    CompletableFuture<JsonNode> previous = running.remove(key);
    if (previous != null) {
      previous.cancel(true);
    }
    String uri = snapshot.uri();
    debouncer.submit(key, quiet, () -> run(key, uri));
  }

  private void run(Path root, String uri) {
    if (!settings.get().checkOnSave() || !trusted.getAsBoolean()) {
      return;
    }
    CompletableFuture<JsonNode> run;
    try {
      run =
          runChecks.executeAsync(
              new CommandInvocation(Commands.RUN_CHECKS, List.of(TextNode.valueOf(uri))), () -> {});
    } catch (RuntimeException e) {
      LOG.debug("checks on save of {} not run: {}", uri, e.getMessage());
      return;
    }
    CompletableFuture<JsonNode> older = running.put(root, run);
    if (older != null) {
      older.cancel(true);
    }
    run.whenComplete(
        (r, t) -> {
          running.remove(root, run);
          if (t != null && !Futures.isCancellation(t)) {
            LOG.debug("checks on save of {} failed: {}", uri, Futures.unwrap(t).toString());
          }
        });
  }

  private Optional<Path> rootOf(String uri) {
    if (!uri.startsWith("file:")) {
      return Optional.empty();
    }
    Path file;
    try {
      file = Path.of(URI.create(uri)).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return roots.get().stream()
        .map(r -> r.toAbsolutePath().normalize())
        .filter(file::startsWith)
        .findFirst();
  }
}
