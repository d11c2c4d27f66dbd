package dev.codeloop.lsp;

import dev.codeloop.errors.CodeloopException;
import dev.codeloop.lsp.handler.InitializeHandler;
import dev.codeloop.lsp.jsonrpc.Lifecycle;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.SetTraceParams;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lifecycle façade of one session: routes to handlers, holds no logic of its own. */
public final class CodeloopLanguageServer implements LanguageServer, LanguageClientAware {
  private static final Logger LOG = LoggerFactory.getLogger(CodeloopLanguageServer.class);

  private final Lifecycle lifecycle;
  private final SessionContext context;
  private final InitializeHandler initializeHandler;
  private final CodeloopTextDocumentService textDocuments;
  private final CodeloopWorkspaceService workspace;
  private final RequestRunner requests;
  private final Runnable onShutdown;

  /**
   * Whether {@code initialize} was answered before the session ran (see {@link #answeredEarly}).
   */
  private volatile boolean answeredEarly;

  public CodeloopLanguageServer(
      Lifecycle lifecycle,
      SessionContext context,
      InitializeHandler initializeHandler,
      CodeloopTextDocumentService textDocuments,
      CodeloopWorkspaceService workspace,
      RequestRunner requests,
      Runnable onShutdown) {
    this.lifecycle = lifecycle;
    this.context = context;
    this.initializeHandler = initializeHandler;
    this.textDocuments = textDocuments;
    this.workspace = workspace;
    this.requests = requests;
    this.onShutdown = onShutdown;
  }

  /**
   * The client already has the {@code initialize} result (answered early) and may send {@code
   * initialized}, {@code didOpen} and requests right behind it: the settings layers are then loaded
   * on the dispatch thread, within {@code initialize}, so every later message sees them.
   */
  public void answeredEarly() {
    this.answeredEarly = true;
  }

  @Override
  public void connect(LanguageClient client) {
    context.setClient(client);
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    // Capabilities and encoding are recorded synchronously so that later messages see them. If the
    // params are unusable the session stays uninitialized, so the client can correct and retry.
    InitializeHandler.Prepared prepared;
    try {
      prepared = initializeHandler.prepare(params);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          CodeloopException.invalidParams("initialize: " + e.getMessage()));
    }
    lifecycle.markInitialized();
    if (answeredEarly) {
      try {
        return CompletableFuture.completedFuture(initializeHandler.finish(prepared, () -> {}));
      } catch (RuntimeException e) {
        LOG.warn("initialize (answered early) failed", e);
        return CompletableFuture.failedFuture(e);
      }
    }
    return requests.run("initialize", cancel -> initializeHandler.finish(prepared, cancel));
  }

  @Override
  public void initialized(InitializedParams params) {
    initializeHandler.initialized();
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    lifecycle.markShutDown();
    LOG.info("shutdown requested");
    onShutdown.run();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    // Handled by the connection (exit code depends on the lifecycle); never reached.
  }

  @Override
  public void setTrace(SetTraceParams params) {
    LOG.debug("trace set to {}", params.getValue());
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return textDocuments;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return workspace;
  }
}
