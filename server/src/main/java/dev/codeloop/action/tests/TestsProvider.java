package dev.codeloop.action.tests;

import dev.codeloop.action.ActionContext;
import dev.codeloop.action.ActionKinds;
import dev.codeloop.action.ActionProposal;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.AsyncActionProvider;
import dev.codeloop.action.CodeRewriter;
import dev.codeloop.action.FileEdit;
import dev.codeloop.action.ResolveRequest;
import dev.codeloop.action.edit.EditBuilder;
import dev.codeloop.action.prompt.Prompts;
import dev.codeloop.action.source.CodeRegion;
import dev.codeloop.action.source.SymbolLocator;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.Task;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * "Generate unit tests with AI": tests for the selection (or enclosing symbol) written into the
 * project's conventional test file ({@link TestLocator}); a new file is created, an existing one is
 * updated with a minimal diff.
 */
public final class TestsProvider implements AsyncActionProvider {
  public static final String ID = "tests";

  private final CodeRewriter rewriter;

  public TestsProvider(CodeRewriter rewriter) {
    this.rewriter = rewriter;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<ActionProposal> propose(ActionContext context) {
    DocumentSnapshot s = context.snapshot();
    if (!s.uri().startsWith("file:") || !TestLocator.supports(s.languageId())) {
      return List.of();
    }
    return List.of(
        ActionProposal.edit("Generate unit tests with AI", ActionKinds.TESTS, ID, Task.TESTS));
  }

  @Override
  public CompletableFuture<ActionResult> resolveAsync(
      ResolveRequest request, CancelChecker cancel) {
    DocumentSnapshot snapshot = request.snapshot();
    Path source;
    try {
      source = Path.of(URI.create(snapshot.uri()));
    } catch (RuntimeException e) {
      throw CodeloopException.invalidParams("tests can only be generated for files on disk");
    }
    TestTarget target =
        new TestLocator(request.files())
            .locate(source, snapshot.languageId())
            .orElseThrow(
                () ->
                    CodeloopException.requestFailed(
                        "No test convention is known for " + snapshot.languageId()));
    CodeRegion region = SymbolLocator.locate(snapshot, request.data().range());
    var roots = request.files().roots();
    String targetUri = target.file().toUri().toString();
    Optional<DocumentSnapshot> existing =
        target.sameFile() ? Optional.of(snapshot) : request.files().document(targetUri);
    StringBuilder user = new StringBuilder();
    user.append("Write unit tests with ")
        .append(target.framework())
        .append(" for ")
        .append(region.describe())
        .append(" of ")
        .append(Prompts.displayPath(snapshot.uri(), roots))
        .append(":\n\n")
        .append(Prompts.fence(snapshot.languageId(), region.text()))
        .append("\n\nThe whole source file, for context:\n\n")
        .append(Prompts.fence(snapshot.languageId(), snapshot.content()))
        .append("\n\nThe tests go into ")
        .append(Prompts.displayPath(targetUri, roots))
        .append('.');
    if (existing.isPresent() && !target.sameFile()) {
      user.append(" It exists already; return the complete updated file, keeping its tests:\n\n")
          .append(Prompts.fence(snapshot.languageId(), existing.get().content()));
    } else if (target.sameFile()) {
      user.append(" Return only the test module to append at the end of the file.");
    } else {
      user.append(" It does not exist yet; return the complete file (package, imports, class).");
    }
    String system =
        "You write focused, deterministic unit tests covering normal cases, edge cases and errors."
            + " Answer with exactly one fenced code block and nothing else.";
    return rewriter
        .prompter()
        .askAsync(Task.TESTS, system, user.toString(), cancel)
        .thenApply(
            reply -> {
              String code = rewriter.parser().code(reply, snapshot.languageId()).code();
              if (!code.endsWith("\n")) {
                code = code + "\n";
              }
              FileEdit edit;
              if (target.sameFile()) {
                int length = snapshot.text().length();
                String tail = snapshot.text().slice(Math.max(0, length - 2), length);
                String sep = tail.endsWith("\n\n") ? "" : tail.endsWith("\n") ? "\n" : "\n\n";
                edit = EditBuilder.insert(snapshot, length, sep + code);
              } else if (existing.isPresent()) {
                edit = EditBuilder.replaceAll(existing.get(), code);
              } else {
                edit = new FileEdit.Create(targetUri, code);
              }
              return new ActionResult.Edits(List.of(edit));
            });
  }
}
