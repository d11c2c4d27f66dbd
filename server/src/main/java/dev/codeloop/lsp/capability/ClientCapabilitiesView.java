package dev.codeloop.lsp.capability;

import dev.codeloop.document.PositionEncoding;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.ClientCapabilities;

/** What the client can do, read once from {@code initialize} into plain immutable values. */
public record ClientCapabilitiesView(
    List<String> positionEncodings,
    boolean inlineCompletion,
    boolean completionSnippets,
    List<String> completionItemDefaults,
    boolean codeActionResolve,
    List<String> codeActionResolveProperties,
    boolean codeActionLiterals,
    boolean workDoneProgress,
    boolean showDocument,
    boolean applyEdit,
    boolean documentChanges,
    boolean resourceOperations,
    boolean configurationPull,
    boolean didChangeConfigurationDynamic,
    boolean pullDiagnostics,
    boolean diagnosticRefresh,
    boolean codeloopStatus) {

  public static ClientCapabilitiesView of(ClientCapabilities c) {
    if (c == null) {
      c = new ClientCapabilities();
    }
    var general = c.getGeneral();
    var text = c.getTextDocument();
    var window = c.getWindow();
    var ws = c.getWorkspace();
    List<String> encodings =
        general != null && general.getPositionEncodings() != null
            ? List.copyOf(general.getPositionEncodings())
            : List.of();
    boolean inline = text != null && text.getInlineCompletion() != null;
    boolean snippets =
        text != null
            && text.getCompletion() != null
            && text.getCompletion().getCompletionItem() != null
            && Boolean.TRUE.equals(text.getCompletion().getCompletionItem().getSnippetSupport());
    var completionList =
        text != null && text.getCompletion() != null
            ? text.getCompletion().getCompletionList()
            : null;
    List<String> itemDefaults =
        completionList != null && completionList.getItemDefaults() != null
            ? List.copyOf(completionList.getItemDefaults())
            : List.of();
    var ca = text != null ? text.getCodeAction() : null;
    List<String> resolveProps =
        ca != null
                && ca.getResolveSupport() != null
                && ca.getResolveSupport().getProperties() != null
            ? List.copyOf(ca.getResolveSupport().getProperties())
            : List.of();
    boolean literals = ca != null && ca.getCodeActionLiteralSupport() != null;
    boolean progress = window != null && Boolean.TRUE.equals(window.getWorkDoneProgress());
    boolean showDoc =
        window != null && window.getShowDocument() != null && window.getShowDocument().isSupport();
    boolean applyEdit = ws != null && Boolean.TRUE.equals(ws.getApplyEdit());
    var we = ws != null ? ws.getWorkspaceEdit() : null;
    boolean docChanges = we != null && Boolean.TRUE.equals(we.getDocumentChanges());
    boolean resourceOps =
        we != null
            && we.getResourceOperations() != null
            && we.getResourceOperations().contains("create");
    boolean configPull = ws != null && Boolean.TRUE.equals(ws.getConfiguration());
    boolean dynConfig =
        ws != null
            && ws.getDidChangeConfiguration() != null
            && Boolean.TRUE.equals(ws.getDidChangeConfiguration().getDynamicRegistration());
    boolean pull = text != null && text.getDiagnostic() != null;
    boolean refresh =
        ws != null
            && ws.getDiagnostics() != null
            && Boolean.TRUE.equals(ws.getDiagnostics().getRefreshSupport());
    boolean status = experimentalFlag(c.getExperimental(), "codeloopStatus");
    return new ClientCapabilitiesView(
        encodings,
        inline,
        snippets,
        itemDefaults,
        !resolveProps.isEmpty() && resolveProps.contains("edit"),
        resolveProps,
        literals,
        progress,
        showDoc,
        applyEdit,
        docChanges,
        resourceOps,
        configPull,
        dynConfig,
        pull,
        refresh,
        status);
  }

  /** {@code experimental.<name>: true} in the client's capabilities (a Gson tree or a map). */
  private static boolean experimentalFlag(Object experimental, String name) {
    if (experimental instanceof com.google.gson.JsonObject o) {
      var v = o.get(name);
      return v != null
          && v.isJsonPrimitive()
          && v.getAsJsonPrimitive().isBoolean()
          && v.getAsBoolean();
    }
    if (experimental instanceof java.util.Map<?, ?> m) {
      return Boolean.TRUE.equals(m.get(name));
    }
    return false;
  }

  /**
   * The position encoding to use: UTF-16 when the client offers it or offers nothing (the LSP
   * default), otherwise the first one it offers that we support.
   */
  public PositionEncoding negotiateEncoding() {
    if (positionEncodings.isEmpty()) {
      return PositionEncoding.UTF16;
    }
    for (String e : positionEncodings) {
      if (PositionEncoding.UTF16.lspName().equalsIgnoreCase(e)) {
        return PositionEncoding.UTF16;
      }
    }
    for (String e : positionEncodings) {
      Optional<PositionEncoding> p = PositionEncoding.fromLspName(e);
      if (p.isPresent()) {
        return p.get();
      }
    }
    return PositionEncoding.UTF16;
  }
}
