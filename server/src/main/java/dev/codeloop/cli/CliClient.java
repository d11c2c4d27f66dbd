package dev.codeloop.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowDocumentParams;
import org.eclipse.lsp4j.ShowDocumentResult;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.UnregistrationParams;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * The command line's side of LSP: keeps the diagnostics the server publishes, follows work-done
 * progress (to know when indexing is done), hands {@code workspace/applyEdit} to the command, and
 * prints what the server tells the user — warnings and errors on stderr, the rest only with {@code
 * --verbose}.
 */
final class CliClient implements LanguageClient {
  private final PrintStream err;
  private final boolean verbose;
  private final Map<String, List<Diagnostic>> diagnostics = new ConcurrentHashMap<>();
  private final Set<String> activeProgress = ConcurrentHashMap.newKeySet();
  private final List<String> warnings = new ArrayList<>();
  private volatile Function<ApplyWorkspaceEditParams, ApplyWorkspaceEditResponse> edits =
      p -> new ApplyWorkspaceEditResponse(false);

  CliClient(PrintStream err, boolean verbose) {
    this.err = err;
    this.verbose = verbose;
  }

  void onApplyEdit(Function<ApplyWorkspaceEditParams, ApplyWorkspaceEditResponse> handler) {
    this.edits = handler;
  }

  Map<String, List<Diagnostic>> diagnostics() {
    return Map.copyOf(diagnostics);
  }

  int activeProgress() {
    return activeProgress.size();
  }

  synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public void telemetryEvent(Object object) {}

  @Override
  public void publishDiagnostics(PublishDiagnosticsParams params) {
    diagnostics.put(params.getUri(), List.copyOf(params.getDiagnostics()));
  }

  @Override
  public void showMessage(MessageParams message) {
    tell(message.getType(), message.getMessage());
  }

  @Override
  public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
    tell(params.getType(), params.getMessage());
    return CompletableFuture.completedFuture(null); // a script makes no choice
  }

  @Override
  public void logMessage(MessageParams message) {
    if (verbose) {
      err.println("codeloop log: " + message.getMessage());
    }
  }

  private void tell(MessageType type, String text) {
    boolean important = type == MessageType.Error || type == MessageType.Warning;
    if (important) {
      synchronized (this) {
        warnings.add(text);
      }
    }
    if (important || verbose) {
      err.println("codeloop: " + text);
    }
  }

  @Override
  public CompletableFuture<ApplyWorkspaceEditResponse> applyEdit(ApplyWorkspaceEditParams params) {
    return CompletableFuture.supplyAsync(() -> edits.apply(params));
  }

  @Override
  public CompletableFuture<ShowDocumentResult> showDocument(ShowDocumentParams params) {
    return CompletableFuture.completedFuture(new ShowDocumentResult(false));
  }

  @Override
  public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
    List<Object> none = new ArrayList<>();
    params.getItems().forEach(i -> none.add(null));
    return CompletableFuture.completedFuture(none);
  }

  @Override
  public CompletableFuture<Void> registerCapability(RegistrationParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> unregisterCapability(UnregistrationParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void notifyProgress(ProgressParams params) {
    String token =
        params.getToken().isLeft()
            ? params.getToken().getLeft()
            : String.valueOf(params.getToken().getRight());
    if (params.getValue() == null || !params.getValue().isLeft()) {
      return;
    }
    var value = params.getValue().getLeft();
    if (value instanceof WorkDoneProgressBegin begin) {
      activeProgress.add(token);
      if (verbose) {
        err.println("codeloop: " + begin.getTitle() + "…");
      }
    } else if (value instanceof WorkDoneProgressEnd) {
      activeProgress.remove(token);
    }
  }

  @Override
  public CompletableFuture<Void> refreshDiagnostics() {
    return CompletableFuture.completedFuture(null);
  }
}
