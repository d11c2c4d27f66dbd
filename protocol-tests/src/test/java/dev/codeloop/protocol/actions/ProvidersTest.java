package dev.codeloop.protocol.actions;

import static dev.codeloop.protocol.actions.ActionSession.range;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.protocol.LspClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fix, documentation and tests actions end to end. */
@Timeout(60)
class ProvidersTest {
  static final String TYPO = ProposeResolveTest.GREETER.replace("+ name;", "+ nam;");

  @TempDir Path tmp;

  /** Rewrites the first fenced block of the prompt, as a model would. */
  static OpenAiLoopback.Reply rewriting(UnaryOperator<String> change) {
    return OpenAiLoopback.computed(
        r -> {
          String user = r.lastUserText();
          int open = user.indexOf("```");
          int from = user.indexOf('\n', open) + 1;
          int to = user.indexOf("```", from);
          return "```java\n" + change.apply(user.substring(from, to)) + "```\n";
        });
  }

  @Test
  void should_offer_a_quickfix_per_diagnostic_and_fix_it_minimally() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback().answering(rewriting(code -> code.replace("+ nam;", "+ name;")));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", TYPO);
      Diagnostic d =
          new Diagnostic(
              range(4, 23, 4, 26), "cannot find symbol: nam", DiagnosticSeverity.Error, "javac");
      CodeActionParams params =
          new CodeActionParams(
              new TextDocumentIdentifier(uri),
              range(4, 23, 4, 23),
              new CodeActionContext(List.of(d)));

      // when
      List<CodeAction> actions =
          LspClient.await(s.lsp.server.getTextDocumentService().codeAction(params)).stream()
              .map(Either::getRight)
              .toList();
      CodeAction fix = ProposeResolveTest.byTitle(actions, "Fix with AI: cannot find symbol: nam");
      CodeAction resolved = LspClient.await(s.resolve(fix));

      // then
      assertThat(fix.getKind()).isEqualTo("quickfix.ai");
      assertThat(fix.getDiagnostics()).containsExactly(d);
      assertThat(model.requests.get(0).lastUserText()).contains("cannot find symbol: nam");
      List<TextEdit> edits = ActionSession.textEdits(resolved.getEdit(), uri);
      assertThat(edits).hasSize(1);
      assertThat(edits.get(0).getNewText()).isEqualTo("name");
      assertThat(ActionSession.apply(TYPO, edits)).isEqualTo(ProposeResolveTest.GREETER);
    }
  }

  @Test
  void should_insert_only_the_comment_when_documentation_is_added() throws Exception {
    try (OpenAiLoopback model =
            new OpenAiLoopback()
                .answering(rewriting(code -> "  /** Greets {@code name}. */\n" + code));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction docs = s.action(uri, range(3, 0, 5, 3), "Add documentation with AI");

      // when
      CodeAction resolved = LspClient.await(s.resolve(docs));

      // then
      List<TextEdit> edits = ActionSession.textEdits(resolved.getEdit(), uri);
      assertThat(edits)
          .allSatisfy(e -> assertThat(e.getRange().getStart()).isEqualTo(e.getRange().getEnd()));
      assertThat(ActionSession.apply(ProposeResolveTest.GREETER, edits))
          .isEqualTo(
              ProposeResolveTest.GREETER.replace(
                  "  String greet(", "  /** Greets {@code name}. */\n  String greet("));
    }
  }

  @Test
  void should_write_tests_into_the_conventional_test_file_when_tests_are_generated()
      throws Exception {
    String test =
        "package demo;\n\nclass GreeterTest {\n  @org.junit.jupiter.api.Test\n  void greets() {}\n}";
    try (OpenAiLoopback model =
            new OpenAiLoopback().answering(OpenAiLoopback.text("```java\n" + test + "\n```\n"));
        ActionSession s =
            ActionSession.start(
                tmp, ActionSession.modelSettings(model), ActionSession.Client.resolving())) {
      // given
      Files.writeString(
          s.root.resolve("pom.xml"),
          "<project><dependencies><dependency><artifactId>junit-jupiter</artifactId>"
              + "</dependency></dependencies></project>\n");
      String uri = s.open("src/main/java/demo/Greeter.java", "java", ProposeResolveTest.GREETER);
      CodeAction tests = s.action(uri, range(3, 0, 5, 3), "Generate unit tests with AI");

      // when
      CodeAction resolved = LspClient.await(s.resolve(tests));

      // then
      Path target = s.root.resolve("src/test/java/demo/GreeterTest.java");
      String targetUri = target.toUri().toString();
      assertThat(String.join("\n", model.requests.get(0).contents())).contains("JUnit 5");
      List<TextEdit> edits = ActionSession.textEdits(resolved.getEdit(), targetUri);
      assertThat(edits).as("edits of " + targetUri + " in " + resolved.getEdit()).isNotEmpty();
      assertThat(target).as("created empty for a client without CreateFile").exists();
      assertThat(ActionSession.apply("", edits)).contains("class GreeterTest");
    }
  }
}
