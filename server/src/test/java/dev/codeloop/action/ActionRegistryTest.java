package dev.codeloop.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeloop.document.DocumentStore;
import dev.codeloop.model.Task;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.junit.jupiter.api.Test;

class ActionRegistryTest {

  private static ActionProvider provider(
      String id, Runnable onPropose, ActionProposal... proposals) {
    return new ActionProvider() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public List<ActionProposal> propose(ActionContext context) {
        onPropose.run();
        return List.of(proposals);
      }

      @Override
      public ActionResult resolve(ResolveRequest request, CancelChecker cancel) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static ActionContext context(List<String> only) {
    var snapshot = new DocumentStore().open("file:///a.java", "java", 1, "x");
    return new ActionContext(snapshot, TextRange.of(0, 0, 0, 0), List.of(), only);
  }

  @Test
  void should_keep_other_providers_when_one_throws() {
    // given
    ActionRegistry registry =
        new ActionRegistry(
            List.of(
                provider(
                    "broken",
                    () -> {
                      throw new IllegalStateException("boom");
                    }),
                provider(
                    "ok",
                    () -> {},
                    ActionProposal.edit("Works", ActionKinds.REFACTOR, "a", Task.REFACTOR))));

    // when
    var proposed = registry.propose(context(List.of()));

    // then
    assertThat(proposed).extracting(p -> p.proposal().title()).containsExactly("Works");
  }

  @Test
  void should_rethrow_cancellation() {
    ActionRegistry registry =
        new ActionRegistry(
            List.of(
                provider(
                    "c",
                    () -> {
                      throw new CancellationException();
                    })));

    assertThatThrownBy(() -> registry.propose(context(List.of())))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void should_honour_context_only_by_kind_prefix() {
    // given
    ActionRegistry registry =
        new ActionRegistry(
            List.of(
                provider(
                    "p",
                    () -> {},
                    ActionProposal.edit("Fix", ActionKinds.QUICKFIX, "f", Task.FIX),
                    ActionProposal.edit(
                        "Rewrite", ActionKinds.REFACTOR_REWRITE, "r", Task.REFACTOR),
                    ActionProposal.answer("Explain", ActionKinds.EXPLAIN, "e", Task.EXPLAIN))));

    // when / then
    assertThat(registry.propose(context(List.of("quickfix"))))
        .extracting(p -> p.proposal().title())
        .containsExactly("Fix");
    assertThat(registry.propose(context(List.of("refactor"))))
        .extracting(p -> p.proposal().title())
        .containsExactly("Rewrite", "Explain");
    assertThat(registry.propose(context(List.of("refactor.rewrite"))))
        .extracting(p -> p.proposal().title())
        .containsExactly("Rewrite");
    assertThat(registry.propose(context(List.of("source")))).isEmpty();
  }
}
