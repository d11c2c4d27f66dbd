package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.action.ActionContext;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.ActionEngine;
import dev.codeloop.action.ActionKinds;
import dev.codeloop.action.ActionProposal;
import dev.codeloop.action.ActionProvider;
import dev.codeloop.action.ActionRegistry;
import dev.codeloop.action.ActionResult;
import dev.codeloop.action.FakeModelGateway;
import dev.codeloop.action.ResolveRequest;
import dev.codeloop.action.StoreProjectFiles;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.convert.ActionDataCodec;
import dev.codeloop.model.Task;
import dev.codeloop.settings.SettingsJson;
import dev.codeloop.settings.SettingsStore;
import java.util.List;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.Test;

class CodeActionHandlerTest {

  private static ActionProvider broken() {
    return new ActionProvider() {
      @Override
      public String id() {
        return "broken";
      }

      @Override
      public List<ActionProposal> propose(ActionContext context) {
        throw new IllegalStateException("boom");
      }

      @Override
      public ActionResult resolve(ResolveRequest request, CancelChecker cancel) {
        throw new IllegalStateException("boom");
      }
    };
  }

  private static ActionProvider working() {
    return new ActionProvider() {
      @Override
      public String id() {
        return "working";
      }

      @Override
      public List<ActionProposal> propose(ActionContext context) {
        return List.of(ActionProposal.edit("Still here", ActionKinds.REFACTOR, "w", Task.REFACTOR));
      }

      @Override
      public ActionResult resolve(ResolveRequest request, CancelChecker cancel) {
        throw new UnsupportedOperationException();
      }
    };
  }

  /**
   * A handler over {@code documents} whose actions come from {@code providers} and whose routes
   * {@code models} serves, for a client that announced nothing (bare commands).
   */
  private static CodeActionHandler handler(
      DocumentStore documents, FakeModelGateway models, ActionProvider... providers) {
    ActionEngine engine =
        new ActionEngine(
            new ActionRegistry(List.of(providers)),
            documents,
            new StoreProjectFiles(documents, List::of),
            models,
            dev.codeloop.workspace.privacy.PrivacyFilter.secretFilesOnly());
    return new CodeActionHandler(
        documents,
        engine,
        new SessionContext(),
        new SettingsStore(new SettingsJson(), new ObjectMapper().createObjectNode()),
        new ActionDataCodec());
  }

  /** {@code codeAction} on an empty range at {@code line:character}, no diagnostics. */
  private static CodeActionParams emptyRange(String uri, int line, int character) {
    return new CodeActionParams(
        new TextDocumentIdentifier(uri),
        new Range(new Position(line, character), new Position(line, character)),
        new CodeActionContext(List.of()));
  }

  @Test
  void should_keep_the_light_bulb_when_one_provider_throws() {
    // given
    DocumentStore documents = new DocumentStore();
    documents.open("file:///a.java", "java", 3, "class A {}");
    CodeActionHandler handler = handler(documents, new FakeModelGateway(), broken(), working());
    CodeActionParams params = emptyRange("file:///a.java", 0, 0);

    // when
    List<Either<org.eclipse.lsp4j.Command, CodeAction>> result =
        handler.codeActions(params, () -> {});

    // then
    assertThat(result).hasSize(1);
    assertThat(result.get(0).isLeft()).isTrue(); // this bare context announces no literal support
    assertThat(result.get(0).getLeft().getTitle()).isEqualTo("Still here");
    ActionData data = new ActionDataCodec().decode(result.get(0).getLeft().getArguments().get(0));
    assertThat(data.version()).isEqualTo(3);
    assertThat(data.providerId()).isEqualTo("working");
  }

  private static ActionProvider twoTasks() {
    return new ActionProvider() {
      @Override
      public String id() {
        return "two";
      }

      @Override
      public List<ActionProposal> propose(ActionContext context) {
        return List.of(
            ActionProposal.edit("Refactor", ActionKinds.REFACTOR, "r", Task.REFACTOR),
            ActionProposal.edit("Document", ActionKinds.REFACTOR, "d", Task.DOCUMENT));
      }

      @Override
      public ActionResult resolve(ResolveRequest request, CancelChecker cancel) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void should_give_a_client_of_bare_commands_only_the_actions_that_can_run() {
    // given: the refactoring route has no usable model, the documentation route has one
    DocumentStore documents = new DocumentStore();
    documents.open("file:///a.java", "java", 5, "class A {}");
    FakeModelGateway models = new FakeModelGateway().unusable(Task.REFACTOR, "no model");
    CodeActionHandler handler = handler(documents, models, twoTasks());
    CodeActionParams params = emptyRange("file:///a.java", 0, 2);

    // when
    List<Either<org.eclipse.lsp4j.Command, CodeAction>> result =
        handler.codeActions(params, () -> {});

    // then: a bare command cannot be shown disabled, so the unusable one is left out
    assertThat(result).hasSize(1);
    org.eclipse.lsp4j.Command command = result.get(0).getLeft();
    assertThat(command.getTitle()).isEqualTo("Document");
    assertThat(command.getCommand()).isEqualTo("codeloop.applyAction");
    ActionData data = new ActionDataCodec().decode(command.getArguments().get(0));
    assertThat(data.actionId()).isEqualTo("d");
    assertThat(data.version()).isEqualTo(5);
    assertThat(data.range().start().character()).isEqualTo(2);
  }
}
