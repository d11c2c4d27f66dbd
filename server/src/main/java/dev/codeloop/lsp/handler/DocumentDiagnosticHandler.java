package dev.codeloop.lsp.handler;

import dev.codeloop.document.DiagnosticsStore;
import org.eclipse.lsp4j.DocumentDiagnosticParams;
import org.eclipse.lsp4j.DocumentDiagnosticReport;
import org.eclipse.lsp4j.RelatedFullDocumentDiagnosticReport;
import org.eclipse.lsp4j.RelatedUnchangedDocumentDiagnosticReport;

/**
 * {@code textDocument/diagnostic}: the session's diagnostics of one document, all sources merged
 * (checks, tests, …), or {@code unchanged} when they are what the client's {@code previousResultId}
 * named. Cheap: reads the {@link DiagnosticsStore}, runs nothing.
 */
public final class DocumentDiagnosticHandler {
  private final DiagnosticsStore store;

  public DocumentDiagnosticHandler(DiagnosticsStore store) {
    this.store = store;
  }

  public DocumentDiagnosticReport diagnostic(DocumentDiagnosticParams params) {
    DiagnosticsStore.Report report = store.report(params.getTextDocument().getUri());
    if (report.resultId().equals(params.getPreviousResultId())) {
      return new DocumentDiagnosticReport(
          new RelatedUnchangedDocumentDiagnosticReport(report.resultId()));
    }
    RelatedFullDocumentDiagnosticReport full =
        new RelatedFullDocumentDiagnosticReport(report.diagnostics());
    full.setResultId(report.resultId());
    return new DocumentDiagnosticReport(full);
  }
}
