package dev.codeloop.lsp.capability;

import dev.codeloop.document.PositionEncoding;
import dev.codeloop.settings.ServerSettings;
import dev.codeloop.settings.ServerSettings.CompletionStyle;
import java.util.List;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.DiagnosticRegistrationOptions;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.InlineCompletionRegistrationOptions;
import org.eclipse.lsp4j.SaveOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.WorkspaceFoldersOptions;
import org.eclipse.lsp4j.WorkspaceServerCapabilities;

/** Pure: turns the client's capabilities and our settings into the capabilities we advertise. */
public final class ServerCapabilitiesFactory {
  /** The {@code identifier} of our pull diagnostics. */
  public static final String DIAGNOSTIC_IDENTIFIER = "codeloop";

  /** The characters that trigger list completion. */
  public static final List<String> TRIGGER_CHARACTERS = List.of(".", "(", " ", "\n");

  /** The code action kinds we offer. */
  public static final List<String> CODE_ACTION_KINDS =
      List.of(
          CodeActionKind.QuickFix,
          CodeActionKind.Refactor,
          CodeActionKind.RefactorRewrite,
          CodeActionKind.Source);

  /**
   * Which completion paths the session uses, decided from capabilities and the {@code style}
   * setting.
   */
  public record CompletionPlan(boolean inline, boolean list) {}

  public static CompletionPlan completionPlan(
      ClientCapabilitiesView client, ServerSettings settings) {
    return completionPlan(client, settings.completion().style());
  }

  /** The plan for a completion style. */
  public static CompletionPlan completionPlan(
      ClientCapabilitiesView client, CompletionStyle style) {
    return switch (style) {
      case OFF -> new CompletionPlan(false, false);
      case INLINE -> new CompletionPlan(true, false);
      case LIST -> new CompletionPlan(false, true);
      case BOTH -> new CompletionPlan(true, true);
      case AUTO ->
          client.inlineCompletion()
              ? new CompletionPlan(true, false)
              : new CompletionPlan(false, true);
    };
  }

  public ServerCapabilities create(
      ClientCapabilitiesView client,
      ServerSettings settings,
      List<String> commands,
      PositionEncoding encoding) {
    ServerCapabilities caps = new ServerCapabilities();
    caps.setPositionEncoding(encoding.lspName());

    TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
    sync.setOpenClose(true);
    sync.setChange(TextDocumentSyncKind.Incremental);
    sync.setSave(new SaveOptions(false));
    caps.setTextDocumentSync(sync);

    CompletionPlan plan = completionPlan(client, settings);
    if (plan.inline()) {
      caps.setInlineCompletionProvider(new InlineCompletionRegistrationOptions());
    }
    if (plan.list()) {
      CompletionOptions completion = new CompletionOptions();
      completion.setResolveProvider(false);
      completion.setTriggerCharacters(TRIGGER_CHARACTERS);
      caps.setCompletionProvider(completion);
    }

    CodeActionOptions actions = new CodeActionOptions(CODE_ACTION_KINDS);
    actions.setResolveProvider(client.codeActionResolve());
    caps.setCodeActionProvider(actions);

    if (client.pullDiagnostics()) {
      DiagnosticRegistrationOptions diagnostics = new DiagnosticRegistrationOptions(true, true);
      diagnostics.setIdentifier(DIAGNOSTIC_IDENTIFIER);
      caps.setDiagnosticProvider(diagnostics);
    }

    caps.setExecuteCommandProvider(new ExecuteCommandOptions(List.copyOf(commands)));

    WorkspaceFoldersOptions folders = new WorkspaceFoldersOptions();
    folders.setSupported(true);
    folders.setChangeNotifications(true);
    caps.setWorkspace(new WorkspaceServerCapabilities(folders));
    return caps;
  }
}
