package dev.codeloop.lsp.handler;

import com.google.gson.JsonObject;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.workspace.command.Commands;
import dev.codeloop.workspace.privacy.Containment;
import dev.codeloop.workspace.tool.DetectedTool;
import dev.codeloop.workspace.tool.TestTarget;
import dev.codeloop.workspace.tool.ToolRunCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionDisabled;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;

/**
 * The code actions of the test runner, which need no model: "Run this test" on a test's
 * declaration, and at a failing test's diagnostic ({@code codeloop:test}) "Run this test again" and
 * "Fix this failing test with AI" (the fix loop narrowed to that test). Disabled, with the reason,
 * in an untrusted workspace, where nothing runs.
 */
final class TestActions {
  static final String UNTRUSTED =
      "This workspace is not trusted, so Codeloop runs none of its tests (run the command"
          + " codeloop.trustWorkspace if you trust its code)";

  private static final String TEST_SOURCE = ToolRunCommand.source(DetectedTool.Kind.TEST);

  private final BooleanSupplier trusted;

  TestActions(BooleanSupplier trusted) {
    this.trusted = trusted;
  }

  List<CodeAction> propose(
      DocumentSnapshot snapshot, Range range, List<Diagnostic> diagnostics, List<String> only) {
    Optional<Path> file = Containment.path(snapshot.uri());
    if (file.isEmpty()) {
      return List.of();
    }
    List<CodeAction> out = new ArrayList<>();
    boolean runWanted = wanted(only, CodeActionKind.Empty);
    boolean fixWanted = wanted(only, CodeActionKind.QuickFix);
    int line = range.getStart().getLine();
    for (Diagnostic d : diagnostics) {
      if (!TEST_SOURCE.equals(d.getSource())) {
        continue;
      }
      int at = d.getRange().getStart().getLine();
      if (fixWanted) {
        JsonObject options = new JsonObject();
        options.addProperty("uri", snapshot.uri());
        options.addProperty("line", at);
        CodeAction fix =
            action(
                "Fix this failing test with AI",
                CodeActionKind.QuickFix,
                new Command(
                    "Fix this failing test with AI", Commands.FIX_FAILING_TESTS, List.of(options)));
        fix.setDiagnostics(List.of(d));
        out.add(fix);
      }
      if (runWanted) {
        CodeAction run =
            action("Run this test again", CodeActionKind.Empty, runTest(snapshot.uri(), at));
        run.setDiagnostics(List.of(d));
        out.add(run);
      }
      line = -1; // the diagnostic's actions cover the test at the cursor
    }
    if (runWanted
        && line >= 0
        && TestTarget.declaresTest(file.get(), snapshot.text().lines(), line)) {
      out.add(action("Run this test", CodeActionKind.Empty, runTest(snapshot.uri(), line)));
    }
    return out;
  }

  private CodeAction action(String title, String kind, Command command) {
    CodeAction a = new CodeAction(title);
    a.setKind(kind);
    a.setCommand(command);
    if (!trusted.getAsBoolean()) {
      a.setDisabled(new CodeActionDisabled(UNTRUSTED));
    }
    return a;
  }

  private static Command runTest(String uri, int line) {
    JsonObject position = new JsonObject();
    position.addProperty("line", line);
    position.addProperty("character", 0);
    return new Command("Run this test", Commands.RUN_TESTS, List.of(uri, position));
  }

  private static boolean wanted(List<String> only, String kind) {
    if (only == null || only.isEmpty()) {
      return true;
    }
    for (String o : only) {
      if (kind.equals(o) || (!o.isEmpty() && kind.startsWith(o + "."))) {
        return true;
      }
    }
    return false;
  }
}
