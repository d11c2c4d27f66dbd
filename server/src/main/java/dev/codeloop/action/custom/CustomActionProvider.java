package dev.codeloop.action.custom;

import dev.codeloop.action.ActionContext;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.ActionProposal;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.AsyncActionProvider;
import dev.codeloop.action.CodeRewriter;
import dev.codeloop.action.FileEdit;
import dev.codeloop.action.ResolveRequest;
import dev.codeloop.action.edit.EditBuilder;
import dev.codeloop.action.edit.Reindent;
import dev.codeloop.action.prompt.PromptTemplate;
import dev.codeloop.action.prompt.Prompts;
import dev.codeloop.action.source.CodeRegion;
import dev.codeloop.action.source.SymbolLocator;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.settings.CodeActionSettings;
import dev.codeloop.settings.CodeActionSettings.CustomAction;
import dev.codeloop.settings.CodeActionSettings.Output;
import dev.codeloop.workspace.privacy.Containment;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The user's actions from {@code codeActions.custom}: a prompt template rendered with the
 * selection, file, language, diagnostics, symbol and instruction, sent to the configured route, and
 * the reply put where {@code output} says.
 */
public final class CustomActionProvider implements AsyncActionProvider {
  public static final String ID = "custom";

  private static final String CODE_SYSTEM =
      "You are an expert programmer. Answer with exactly one fenced code block and nothing else.";
  private static final String PROSE_SYSTEM =
      "You are an expert programmer. Answer in concise Markdown.";

  private final Supplier<CodeActionSettings> settings;
  private final CodeRewriter rewriter;

  public CustomActionProvider(Supplier<CodeActionSettings> settings, CodeRewriter rewriter) {
    this.settings = settings;
    this.rewriter = rewriter;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean bindsToVersion(ActionData data) {
    return settings.get().custom().stream()
        .filter(a -> a.id().equals(data.actionId()))
        .noneMatch(a -> a.output() == Output.DOCUMENT);
  }

  @Override
  public List<ActionProposal> propose(ActionContext context) {
    String diagnostics =
        Prompts.diagnostics(
            context.diagnostics().stream()
                .filter(d -> d.range().touches(context.range()))
                .toList());
    return settings.get().custom().stream()
        .map(
            a ->
                (a.output() == Output.DOCUMENT
                        ? ActionProposal.answer(a.title(), a.kind(), a.id(), a.task())
                        : ActionProposal.edit(a.title(), a.kind(), a.id(), a.task()))
                    .withArgs(Map.of("diagnostics", diagnostics)))
        .toList();
  }

  @Override
  public CompletableFuture<ActionResult> resolveAsync(
      ResolveRequest request, CancelChecker cancel) {
    String id = request.data().actionId();
    CustomAction action =
        settings.get().custom().stream()
            .filter(a -> a.id().equals(id))
            .findFirst()
            .orElseThrow(
                () ->
                    CodeloopException.invalidParams(
                        "custom action '" + id + "' is no longer configured"));
    DocumentSnapshot snapshot = request.snapshot();
    CodeRegion region = SymbolLocator.locate(snapshot, request.data().range());
    String prompt =
        PromptTemplate.render(
            action.prompt(),
            Map.of(
                "selection", region.text(),
                "file", snapshot.content(),
                "language", snapshot.languageId(),
                "diagnostics", request.data().arg("diagnostics").orElse("(none)"),
                "symbol", region.symbol(),
                "instruction", request.data().arg("instruction").orElse("")));
    if (action.output() == Output.NEW_FILE) {
      // Refused before anything is sent: a target outside the workspace is never written.
      Path target = newFileTarget(request, action);
      if (!request.files().contains(target.toUri().toString())) {
        throw CodeloopException.invalidParams(
            Containment.outsideMessage(
                "The file custom action '" + action.id() + "' would write,", target));
      }
    }
    if (action.output() == Output.DOCUMENT) {
      return rewriter
          .proseAsync(action.task(), PROSE_SYSTEM, prompt, cancel)
          .thenApply(
              answer ->
                  new ActionResult.Answer(
                      "custom-" + action.id(),
                      action.title(),
                      "# " + action.title() + "\n\n" + answer + "\n"));
    }
    return rewriter
        .prompter()
        .askAsync(action.task(), CODE_SYSTEM, prompt, cancel)
        .thenApply(
            reply -> {
              String code = rewriter.parser().code(reply, snapshot.languageId()).code();
              code = code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
              FileEdit edit =
                  switch (action.output()) {
                    case REPLACE ->
                        EditBuilder.replace(
                            snapshot,
                            region.start(),
                            region.end(),
                            Reindent.like(region.text(), code));
                    case INSERT_ABOVE ->
                        EditBuilder.insert(
                            snapshot, region.start(), Reindent.like(region.text(), code) + "\n");
                    case INSERT_BELOW ->
                        EditBuilder.insert(
                            snapshot, region.end(), "\n" + Reindent.like(region.text(), code));
                    case NEW_FILE -> newFile(request, action, code + "\n");
                    case DOCUMENT -> throw new IllegalStateException("handled above");
                  };
              return new ActionResult.Edits(List.of(edit));
            });
  }

  private static FileEdit newFile(ResolveRequest request, CustomAction action, String content) {
    String uri = newFileTarget(request, action).toUri().toString();
    return request
        .files()
        .document(uri)
        .<FileEdit>map(existing -> EditBuilder.replaceAll(existing, content))
        .orElseGet(() -> new FileEdit.Create(uri, content));
  }

  private static Path newFileTarget(ResolveRequest request, CustomAction action) {
    Path source;
    try {
      source = Path.of(URI.create(request.snapshot().uri()));
    } catch (RuntimeException e) {
      throw CodeloopException.invalidParams("output newFile needs a document on disk");
    }
    String name = source.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String rendered =
        PromptTemplate.render(
            action.path(),
            Map.of(
                "name", dot > 0 ? name.substring(0, dot) : name,
                "ext", dot > 0 ? name.substring(dot + 1) : ""));
    return source.resolveSibling(rendered).normalize();
  }
}
