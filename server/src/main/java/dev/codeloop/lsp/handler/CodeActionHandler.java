package dev.codeloop.lsp.handler;

import com.google.gson.JsonElement;
import dev.codeloop.action.ActionContext;
import dev.codeloop.action.ActionData;
import dev.codeloop.action.ActionEngine;
import dev.codeloop.action.ActionProposal;
import dev.codeloop.action.ActionRegistry;
import dev.codeloop.action.Diagnostic;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.lsp.SessionContext;
import dev.codeloop.lsp.convert.ActionDataCodec;
import dev.codeloop.lsp.convert.LspRanges;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.settings.SettingsStore;
import dev.codeloop.workspace.command.Commands;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionDisabled;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * {@code textDocument/codeAction}: titles and kinds only, instantly; never calls a model. Each
 * action carries its {@link ActionData} for resolve; actions whose route has no usable model are
 * shown disabled with the reason; clients that cannot resolve get a {@code codeloop.applyAction}
 * command instead.
 */
public final class CodeActionHandler {
  private final DocumentStore documents;
  private final ActionEngine engine;
  private final SessionContext context;
  private final SettingsStore settings;
  private final ActionDataCodec codec;
  private final TestActions tests;

  public CodeActionHandler(
      DocumentStore documents,
      ActionEngine engine,
      SessionContext context,
      SettingsStore settings,
      ActionDataCodec codec) {
    this.tests = new TestActions(() -> settings.trust().trusted());
    this.documents = documents;
    this.engine = engine;
    this.context = context;
    this.settings = settings;
    this.codec = codec;
  }

  public List<Either<Command, CodeAction>> codeActions(
      CodeActionParams params, CancelChecker cancel) {
    if (!settings.current().codeActions().enabled()) {
      return List.of();
    }
    String uri = params.getTextDocument().getUri();
    var maybe = documents.snapshot(uri);
    if (maybe.isEmpty()) {
      return List.of();
    }
    DocumentSnapshot snapshot = maybe.get();
    // the editor's diagnostics as the actions see them, and the other way back: made only when
    // there are some (a code action at every cursor move mostly comes with none)
    Map<Diagnostic, org.eclipse.lsp4j.Diagnostic> original = Map.of();
    List<Diagnostic> diagnostics = List.of();
    List<String> only = null;
    if (params.getContext() != null) {
      only = params.getContext().getOnly();
      List<org.eclipse.lsp4j.Diagnostic> given = params.getContext().getDiagnostics();
      if (given != null && !given.isEmpty()) {
        original = new IdentityHashMap<>();
        diagnostics = new ArrayList<>(given.size());
        for (org.eclipse.lsp4j.Diagnostic d : given) {
          Diagnostic ours = toDiagnostic(d);
          original.put(ours, d);
          diagnostics.add(ours);
        }
      }
    }
    var range = LspRanges.toRange(params.getRange());
    List<ActionRegistry.Proposed> proposed =
        engine.registry().propose(new ActionContext(snapshot, range, diagnostics, only));
    cancel.checkCanceled();
    var caps = context.capabilities();
    List<Either<Command, CodeAction>> out = new ArrayList<>();
    var statuses = engine.statuses(uri);
    Map<Diagnostic, org.eclipse.lsp4j.Diagnostic> editorDiagnostic = original;
    // every action of the request carries the same range in its data: encoded once
    JsonElement rangeJson = proposed.isEmpty() ? null : codec.encode(range);
    for (ActionRegistry.Proposed p : proposed) {
      ActionProposal proposal = p.proposal();
      ModelGateway.RouteStatus status = statuses.apply(proposal);
      if (!caps.codeActionLiterals() && !status.usable()) {
        continue; // a client of bare commands is not shown what cannot run
      }
      ActionData data =
          new ActionData(
              ActionData.SCHEMA_VERSION,
              p.providerId(),
              proposal.actionId(),
              uri,
              snapshot.version(),
              range,
              proposal.args());
      JsonElement encoded = codec.encode(data, rangeJson);
      boolean viaCommand =
          proposal.output() == ActionProposal.Output.ANSWER
              || proposal.command().isPresent()
              || !caps.codeActionResolve();
      if (!caps.codeActionLiterals()) {
        out.add(Either.forLeft(command(proposal, encoded)));
        continue;
      }
      CodeAction action = new CodeAction(proposal.title());
      action.setKind(proposal.kind());
      action.setData(encoded);
      proposal
          .diagnostic()
          .map(editorDiagnostic::get)
          .ifPresent(d -> action.setDiagnostics(List.of(d)));
      if (proposal.preferred()) {
        action.setIsPreferred(true);
      }
      if (!status.usable()) {
        action.setDisabled(new CodeActionDisabled(status.reason()));
      }
      if (viaCommand) {
        action.setCommand(command(proposal, encoded));
      }
      out.add(Either.forRight(action));
    }
    if (caps.codeActionLiterals() && params.getContext() != null) {
      List<org.eclipse.lsp4j.Diagnostic> lsp =
          params.getContext().getDiagnostics() == null
              ? List.of()
              : params.getContext().getDiagnostics();
      tests
          .propose(snapshot, params.getRange(), lsp, only)
          .forEach(a -> out.add(Either.forRight(a)));
    }
    return out;
  }

  /** The command that runs {@code proposal}: its own, else {@code codeloop.applyAction}. */
  private static Command command(ActionProposal proposal, JsonElement encoded) {
    return new Command(
        proposal.title(), proposal.command().orElse(Commands.APPLY_ACTION), List.of(encoded));
  }

  private static Diagnostic toDiagnostic(org.eclipse.lsp4j.Diagnostic d) {
    String code = "";
    if (d.getCode() != null) {
      code = d.getCode().isLeft() ? d.getCode().getLeft() : String.valueOf(d.getCode().getRight());
    }
    String severity =
        d.getSeverity() == null ? "" : d.getSeverity().name().toLowerCase(Locale.ROOT);
    return new Diagnostic(
        LspRanges.toRange(d.getRange()),
        d.getMessage() == null
            ? ""
            : d.getMessage().isLeft()
                ? d.getMessage().getLeft()
                : d.getMessage().getRight().getValue(),
        severity,
        d.getSource(),
        code);
  }
}
