package dev.codeloop.lsp.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.FileEdit;
import dev.codeloop.action.TextReplacement;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.workspace.privacy.Containment;
import dev.codeloop.workspace.tool.ToolRunCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Verified code actions ({@code tools.verifyActions}): before the user applies an AI edit, the edit
 * is applied to the session's shadow copy of the workspace (never to the user's files), the checks
 * and then the tests run there, and the outcome is said in the action's title ("— checks and tests
 * pass", "— 2 tests fail"). Only in a trusted workspace; nothing is published as diagnostics.
 */
final class EditVerifier {
  /** Runs checks or tests with the given texts over the saved files; publishes nothing. */
  interface Run extends Function<Map<Path, String>, CompletableFuture<ToolRunCommand.Report>> {}

  private final DocumentStore documents;
  private final BooleanSupplier enabled;
  private final BooleanSupplier trusted;
  private final Run checks;
  private final Run tests;
  private final java.util.function.Supplier<List<Path>> roots;

  EditVerifier(
      DocumentStore documents,
      BooleanSupplier enabled,
      BooleanSupplier trusted,
      java.util.function.Supplier<List<Path>> roots,
      Run checks,
      Run tests) {
    this.documents = documents;
    this.enabled = enabled;
    this.trusted = trusted;
    this.roots = roots;
    this.checks = checks;
    this.tests = tests;
  }

  /** The outcome to show, or empty when verification is off, not trusted or not possible. */
  CompletableFuture<Optional<String>> verify(ActionResult.Edits edits) {
    if (!enabled.getAsBoolean() || !trusted.getAsBoolean()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    Map<Path, String> texts = new HashMap<>();
    for (FileEdit e : edits.files()) {
      Optional<Path> file = Containment.path(e.uri()).map(p -> p.toAbsolutePath().normalize());
      if (file.isEmpty() || !Containment.inside(file.get(), roots.get())) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      if (e instanceof FileEdit.Create c) {
        texts.put(file.get(), c.content());
      } else if (e instanceof FileEdit.Change c) {
        Optional<DocumentSnapshot> s = documents.snapshotOrDisk(c.uri());
        if (s.isEmpty()) {
          return CompletableFuture.completedFuture(Optional.empty());
        }
        texts.put(file.get(), apply(s.get(), c.edits()));
      }
    }
    return checks
        .apply(texts)
        .thenCompose(
            checked -> {
              long errors = errors(checked.summary());
              if (errors > 0 || failedTools(checked.summary()) > 0) {
                return CompletableFuture.completedFuture(
                    Optional.of(
                        "verified: checks fail"
                            + (errors > 0
                                ? " (" + errors + " error" + (errors == 1 ? ")" : "s)")
                                : "")));
              }
              return tests
                  .apply(texts)
                  .thenApply(
                      tested -> {
                        long failing = errors(tested.summary());
                        if (tested.summary().path("counts").path("tools").asInt() == 0) {
                          return Optional.of("verified: checks pass (no tests found)");
                        }
                        if (failing == 0 && failedTools(tested.summary()) == 0) {
                          return Optional.of("verified: checks and tests pass");
                        }
                        return Optional.of(
                            "verified: "
                                + (failing > 0
                                    ? failing + (failing == 1 ? " test fails" : " tests fail")
                                    : "tests fail"));
                      });
            })
        .exceptionally(
            t ->
                Optional.of(
                    "not verified: " + dev.codeloop.concurrent.Futures.unwrap(t).getMessage()));
  }

  private static long errors(JsonNode summary) {
    return summary.path("counts").path("error").asLong();
  }

  private static long failedTools(JsonNode summary) {
    return summary.path("counts").path("failedTools").asLong();
  }

  /** The document's text with the replacements applied (last first, so offsets hold). */
  static String apply(DocumentSnapshot s, List<TextReplacement> edits) {
    List<TextReplacement> sorted = new ArrayList<>(edits);
    sorted.sort(
        Comparator.comparingInt((TextReplacement r) -> s.offsetAt(r.range().start())).reversed());
    StringBuilder text = new StringBuilder();
    s.text().appendTo(text, 0, s.text().length());
    for (TextReplacement r : sorted) {
      text.replace(s.offsetAt(r.range().start()), s.offsetAt(r.range().end()), r.text());
    }
    return text.toString();
  }
}
