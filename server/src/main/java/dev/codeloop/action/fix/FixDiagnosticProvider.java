package dev.codeloop.action.fix;

import dev.codeloop.action.ActionContext;
import dev.codeloop.action.ActionKinds;
import dev.codeloop.action.ActionProposal;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.AsyncActionProvider;
import dev.codeloop.action.CodeRewriter;
import dev.codeloop.action.Diagnostic;
import dev.codeloop.action.ResolveRequest;
import dev.codeloop.action.TextRange;
import dev.codeloop.action.prompt.Prompts;
import dev.codeloop.action.source.CodeRegion;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * "Fix with AI": one quickfix per diagnostic in the request's range, whoever published it. The
 * prompt carries the diagnostic and the code around it; the model returns those lines corrected.
 */
public final class FixDiagnosticProvider implements AsyncActionProvider {
  public static final String ID = "fix";

  /** Lines of context on each side of the diagnostic. */
  static final int CONTEXT_LINES = 6;

  private static final int MAX_TITLE = 60;
  private static final String SYSTEM =
      "You fix one reported problem in code with the smallest correct change; do not reformat or"
          + " rewrite unrelated lines. "
          + Prompts.CODE_ONLY;

  private final CodeRewriter rewriter;

  public FixDiagnosticProvider(CodeRewriter rewriter) {
    this.rewriter = rewriter;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<ActionProposal> propose(ActionContext context) {
    List<ActionProposal> out = new ArrayList<>();
    boolean first = true;
    for (Diagnostic d : context.diagnostics()) {
      if (!d.range().touches(context.range())) {
        continue;
      }
      String message = d.message().strip().replaceAll("\\s+", " ");
      if (message.length() > MAX_TITLE) {
        message = message.substring(0, MAX_TITLE - 1) + "…";
      }
      out.add(
          ActionProposal.edit("Fix with AI: " + message, ActionKinds.QUICKFIX, ID, Task.FIX)
              .withArgs(encode(d))
              .forDiagnostic(d, first && "error".equals(d.severity())));
      first = false;
    }
    return out;
  }

  static Map<String, String> encode(Diagnostic d) {
    TextRange r = d.range();
    return Map.of(
        "message",
        d.message(),
        "severity",
        d.severity(),
        "source",
        d.source(),
        "code",
        d.code(),
        "diagnosticRange",
        r.start().line()
            + ":"
            + r.start().character()
            + "-"
            + r.end().line()
            + ":"
            + r.end().character());
  }

  static Diagnostic decode(Map<String, String> args, TextRange fallback) {
    TextRange range = fallback;
    String encoded = args.getOrDefault("diagnosticRange", "");
    try {
      if (!encoded.isEmpty()) {
        String[] se = encoded.split("-");
        String[] s = se[0].split(":");
        String[] e = se[1].split(":");
        range =
            TextRange.of(
                Integer.parseInt(s[0]),
                Integer.parseInt(s[1]),
                Integer.parseInt(e[0]),
                Integer.parseInt(e[1]));
      }
    } catch (RuntimeException ex) {
      throw CodeloopException.invalidParams("bad diagnosticRange '" + encoded + "' in action data");
    }
    return new Diagnostic(
        range,
        args.getOrDefault("message", ""),
        args.get("severity"),
        args.get("source"),
        args.get("code"));
  }

  @Override
  public CompletableFuture<ActionResult> resolveAsync(
      ResolveRequest request, CancelChecker cancel) {
    DocumentSnapshot snapshot = request.snapshot();
    Diagnostic d = decode(request.data().args(), request.data().range());
    int firstLine = Math.max(0, d.range().start().line() - CONTEXT_LINES);
    int lastLine = Math.min(snapshot.lineCount() - 1, d.range().end().line() + CONTEXT_LINES);
    var text = snapshot.text();
    int start = text.lineStartOffset(firstLine);
    int end = text.lineEndOffset(lastLine);
    CodeRegion region = new CodeRegion(start, end, text.slice(start, end), "");
    String user =
        "File: "
            + Prompts.displayPath(snapshot.uri(), request.files().roots())
            + "\nProblem: "
            + Prompts.diagnostics(List.of(d))
            + "\nThe problem is on line "
            + (d.range().start().line() - firstLine + 1)
            + " of these lines; return all of them, corrected:\n\n"
            + Prompts.fence(snapshot.languageId(), region.text());
    return rewriter.rewriteAsync(snapshot, region, Task.FIX, SYSTEM, user, cancel);
  }
}
