package dev.codeloop.lsp.handler;

import dev.codeloop.document.DiagnosticsStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.lsp4j.PreviousResultId;
import org.eclipse.lsp4j.WorkspaceDiagnosticParams;
import org.eclipse.lsp4j.WorkspaceDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceDocumentDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceFullDocumentDiagnosticReport;
import org.eclipse.lsp4j.WorkspaceUnchangedDocumentDiagnosticReport;

/**
 * {@code workspace/diagnostic}: every URI that has diagnostics in the session's {@link
 * DiagnosticsStore} (open or not), plus every URI the client reported a previous result for whose
 * diagnostics have since gone (an empty full report clears it). A URI whose result id the client
 * already has is answered {@code unchanged}. Answered at once (no long polling, no partial
 * results).
 */
public final class WorkspaceDiagnosticHandler {
  private final DiagnosticsStore store;

  public WorkspaceDiagnosticHandler(DiagnosticsStore store) {
    this.store = store;
  }

  public WorkspaceDiagnosticReport diagnostic(WorkspaceDiagnosticParams params) {
    Map<String, String> previous = new HashMap<>();
    if (params.getPreviousResultIds() != null) {
      for (PreviousResultId p : params.getPreviousResultIds()) {
        if (p != null && p.getUri() != null) {
          previous.put(p.getUri(), p.getValue());
        }
      }
    }
    Set<String> uris = new LinkedHashSet<>();
    store.reports().forEach(r -> uris.add(r.uri()));
    previous.keySet().stream().sorted().forEach(uris::add);
    List<WorkspaceDocumentDiagnosticReport> items = new ArrayList<>();
    for (String uri : uris) {
      DiagnosticsStore.Report report = store.report(uri);
      if (report.resultId().equals(previous.get(uri))) {
        items.add(
            new WorkspaceDocumentDiagnosticReport(
                new WorkspaceUnchangedDocumentDiagnosticReport(report.resultId(), uri, null)));
      } else {
        WorkspaceFullDocumentDiagnosticReport full =
            new WorkspaceFullDocumentDiagnosticReport(report.diagnostics(), uri, null);
        full.setResultId(report.resultId());
        items.add(new WorkspaceDocumentDiagnosticReport(full));
      }
    }
    return new WorkspaceDiagnosticReport(items);
  }
}
