package dev.codeloop;

import dev.codeloop.action.ActionProvider;
import dev.codeloop.action.CodeRewriter;
import dev.codeloop.action.custom.CustomActionProvider;
import dev.codeloop.action.docs.DocumentProvider;
import dev.codeloop.action.explain.ExplainProvider;
import dev.codeloop.action.fix.FixDiagnosticProvider;
import dev.codeloop.action.plan.PlanProvider;
import dev.codeloop.action.refactor.RefactorProvider;
import dev.codeloop.action.tests.TestsProvider;
import dev.codeloop.chat.ChatActionProvider;
import dev.codeloop.settings.CodeActionSettings;
import java.util.List;
import java.util.function.Supplier;

/**
 * The built-in action providers, in the order their actions are offered. Production and tests take
 * the list from here, so a test sees exactly the light bulb an editor sees. (A package of its own:
 * the list spans {@code action} and {@code chat}, and {@code chat} depends on {@code action}.)
 */
public final class BuiltInActions {
  private BuiltInActions() {}

  /**
   * @param rewriter the model-backed rewriter every built-in provider uses
   * @param codeActions the current {@code codeActions} settings (custom actions)
   */
  public static List<ActionProvider> providers(
      CodeRewriter rewriter, Supplier<CodeActionSettings> codeActions) {
    return List.of(
        new FixDiagnosticProvider(rewriter),
        new RefactorProvider(rewriter),
        new DocumentProvider(rewriter),
        new ExplainProvider(rewriter),
        new TestsProvider(rewriter),
        new PlanProvider(rewriter),
        new CustomActionProvider(codeActions, rewriter),
        new ChatActionProvider());
  }
}
