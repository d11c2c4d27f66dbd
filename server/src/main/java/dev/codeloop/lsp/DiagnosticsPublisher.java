package dev.codeloop.lsp;

import dev.codeloop.document.DiagnosticsStore;
import dev.codeloop.lsp.capability.ClientCapabilitiesView;
import dev.codeloop.workspace.tool.Finding;
import dev.codeloop.workspace.tool.FindingsPublisher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes findings: one source's findings replace that source's previous diagnostics (files in
 * scope without findings are cleared), merged with every other source's in the session's {@link
 * DiagnosticsStore}. A client without pull diagnostics is sent {@code
 * textDocument/publishDiagnostics}; a client that pulls ({@code textDocument/diagnostic}) is sent
 * nothing — pushing too would show everything twice — but asked to pull again with {@code
 * workspace/diagnostic/refresh} when it supports that.
 */
public final class DiagnosticsPublisher implements FindingsPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(DiagnosticsPublisher.class);
  private final DiagnosticsStore store;
  private final Supplier<LanguageClient> client;
  private final Supplier<ClientCapabilitiesView> capabilities;
  private final Object publishing = new Object();

  public DiagnosticsPublisher(
      DiagnosticsStore store,
      Supplier<LanguageClient> client,
      Supplier<ClientCapabilitiesView> capabilities) {
    this.store = store;
    this.client = client;
    this.capabilities = capabilities;
  }

  @Override
  public void publish(String source, List<Path> scope, List<Finding> findings) {
    Map<String, List<Diagnostic>> byUri = new LinkedHashMap<>();
    for (Finding f : findings) {
      byUri
          .computeIfAbsent(f.file().toUri().toString(), u -> new ArrayList<>())
          .add(diagnostic(source, f));
    }
    List<String> roots =
        scope.stream().map(p -> p.toAbsolutePath().normalize().toUri().toString()).toList();
    LanguageClient c = client.get();
    ClientCapabilitiesView caps = capabilities.get();
    Map<String, List<Diagnostic>> changed;
    // merged and pushed in one step: two runs finishing together (checks and tests) push in the
    // order they merged, so the last push of a file holds both runs' newest findings
    synchronized (publishing) {
      changed = store.replace(source, uri -> roots.stream().anyMatch(r -> under(uri, r)), byUri);
      if (!caps.pullDiagnostics()) {
        changed.forEach((uri, all) -> c.publishDiagnostics(new PublishDiagnosticsParams(uri, all)));
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    if (caps.pullDiagnostics() && caps.diagnosticRefresh()) {
      c.refreshDiagnostics()
          .exceptionally(
              t -> {
                LOG.debug("workspace/diagnostic/refresh failed: {}", t.toString());
                return null;
              });
    }
  }

  private static boolean under(String uri, String rootUri) {
    String root = rootUri.endsWith("/") ? rootUri : rootUri + "/";
    return uri.startsWith(root);
  }

  /** Tool positions are 1-based (0: not given); LSP's are 0-based. */
  static Diagnostic diagnostic(String source, Finding f) {
    int line = Math.max(0, f.line() - 1);
    int character = Math.max(0, f.column() - 1);
    int endLine = f.endLine() > 0 ? Math.max(line, f.endLine() - 1) : line;
    int endCharacter =
        f.endColumn() > 0 ? Math.max(0, f.endColumn() - 1) : endLine == line ? character : 0;
    if (endLine == line && endCharacter < character) {
      endCharacter = character;
    }
    Diagnostic d =
        new Diagnostic(
            new Range(new Position(line, character), new Position(endLine, endCharacter)),
            f.message(),
            severity(f.severity()),
            source);
    if (!f.code().isEmpty()) {
      d.setCode(Either.forLeft(f.code()));
    }
    return d;
  }

  private static DiagnosticSeverity severity(Finding.Severity s) {
    return switch (s) {
      case ERROR -> DiagnosticSeverity.Error;
      case WARNING -> DiagnosticSeverity.Warning;
      case INFO -> DiagnosticSeverity.Information;
    };
  }
}
