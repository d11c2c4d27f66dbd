package dev.codeloop.lsp.handler;

import dev.codeloop.chat.ChatSink;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.DocumentText;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.lsp.convert.LspRanges;
import dev.codeloop.lsp.convert.WorkspaceEditFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.ApplyWorkspaceEditParams;
import org.eclipse.lsp4j.ApplyWorkspaceEditResponse;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a streamed chat answer into its own region of an open chat file with versioned {@code
 * workspace/applyEdit} inserts. The region starts at the end of the file when the answer starts;
 * every later chunk goes to the end of the region — not of the file — so whatever the user types
 * meanwhile (at the end of the file, or above the answer) stays where it was typed and the answer
 * arrives intact, the user's new text after it (under the closing {@code ## You} heading). The
 * region is found again in each version by the text written so far (at its expected offset, else
 * the nearest occurrence); if the user edited inside it, the rest continues at the end of the file.
 *
 * <p>At most one edit is in flight: chunks that arrive meanwhile are batched into the next edit, so
 * a slow client gets fewer, larger edits. Each edit is computed against the latest version (after
 * the previous edit's {@code didChange} arrived); an edit the client refuses (version race) is
 * retried. Callbacks never block (they may run on the dispatch thread).
 */
final class ChatAppender implements ChatSink {
  private static final Logger LOG = LoggerFactory.getLogger(ChatAppender.class);
  private static final int MAX_RETRIES = 100;
  private static final long RETRY_MS = 20;

  private final String uri;
  private final DocumentStore documents;
  private final LanguageClient client;
  private final boolean documentChanges;
  private final ScheduledExecutorService scheduler;
  private final StringBuilder pending = new StringBuilder();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private boolean inFlight;
  private boolean finishing;
  private int lastAppliedVersion = Integer.MIN_VALUE;
  private int retries;
  private int edits;

  /** What this answer has written so far, and where it started in the last version we saw. */
  private final StringBuilder written = new StringBuilder();

  private int regionStart = -1;

  ChatAppender(
      String uri,
      DocumentStore documents,
      LanguageClient client,
      boolean documentChanges,
      ScheduledExecutorService scheduler) {
    this.uri = uri;
    this.documents = documents;
    this.client = client;
    this.documentChanges = documentChanges;
    this.scheduler = scheduler;
  }

  @Override
  public synchronized void append(String text) {
    if (drained.isDone()) {
      return;
    }
    pending.append(text);
    if (!inFlight) {
      send();
    }
  }

  /**
   * Sends what is left; the future completes when every edit was applied (or fails when one failed,
   * or after {@code timeout}). Nothing waits for it on a thread.
   */
  CompletableFuture<Void> finishAsync(Duration timeout) {
    synchronized (this) {
      finishing = true;
      if (!inFlight && pending.length() == 0) {
        drained.complete(null);
      } else if (!inFlight) {
        send();
      }
    }
    return drained
        .copy()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (v, failure) -> {
              if (failure == null) {
                return null;
              }
              Throwable t = Futures.unwrap(failure);
              if (t instanceof TimeoutException) {
                throw CodeloopException.requestFailed(
                    "The editor did not apply the chat answer in time");
              }
              throw t instanceof CodeloopException c
                  ? c
                  : CodeloopException.requestFailed("Appending the answer failed: " + t);
            });
  }

  synchronized int editCount() {
    return edits;
  }

  /** Called with the lock held and no edit in flight. */
  private void send() {
    if (pending.length() == 0) {
      if (finishing) {
        drained.complete(null);
      }
      return;
    }
    DocumentSnapshot snapshot = documents.snapshot(uri).orElse(null);
    if (snapshot == null) {
      drained.completeExceptionally(
          CodeloopException.contentModified(
              "The chat file " + uri + " was closed; the answer was not appended"));
      return;
    }
    if (snapshot.version() <= lastAppliedVersion && retries < MAX_RETRIES) {
      // our previous edit's didChange has not arrived yet: wait for it instead of racing
      retries++;
      inFlight = true;
      scheduler.schedule(this::resend, RETRY_MS, TimeUnit.MILLISECONDS);
      return;
    }
    String text = pending.toString();
    pending.setLength(0);
    inFlight = true;
    int version = snapshot.version();
    int start = locateRegion(snapshot.text());
    int offset = start + written.length();
    Position end = LspRanges.toLsp(snapshot.positionAt(offset));
    TextEdit insert = new TextEdit(new Range(end, end), text);
    WorkspaceEdit edit = new WorkspaceEdit();
    if (documentChanges) {
      edit.setDocumentChanges(
          List.of(
              Either.forLeft(
                  new TextDocumentEdit(
                      new VersionedTextDocumentIdentifier(uri, version),
                      WorkspaceEditFactory.plain(List.of(insert))))));
    } else {
      edit.setChanges(Map.of(uri, List.of(insert)));
    }
    edits++;
    client
        .applyEdit(new ApplyWorkspaceEditParams(edit, "Codeloop chat"))
        .whenComplete((r, t) -> done(r, t, text, version, start));
  }

  /**
   * Where the answer's region starts in {@code text}: where it was if the text written so far is
   * still there (checked on a slice), else its nearest occurrence (the user edited above it); the
   * end of the file for the first chunk, or when the region was edited (the rest then starts afresh
   * there).
   */
  private int locateRegion(DocumentText text) {
    if (regionStart < 0 || written.length() == 0) {
      return text.length();
    }
    String w = written.toString();
    int end = regionStart + w.length();
    if (end <= text.length() && text.slice(regionStart, end).equals(w)) {
      return regionStart;
    }
    String content = text.toString();
    int before = content.lastIndexOf(w, regionStart);
    int after = content.indexOf(w, regionStart);
    if (before < 0 && after < 0) {
      LOG.info("the chat answer in {} was edited while streaming; continuing at the end", uri);
      written.setLength(0);
      return content.length();
    }
    if (before < 0) {
      return after;
    }
    if (after < 0) {
      return before;
    }
    return regionStart - before <= after - regionStart ? before : after;
  }

  private synchronized void resend() {
    inFlight = false;
    send();
  }

  private synchronized void done(
      ApplyWorkspaceEditResponse r, Throwable t, String text, int version, int start) {
    inFlight = false;
    if (t != null) {
      drained.completeExceptionally(
          CodeloopException.requestFailed(
              "The editor failed to append the chat answer: " + t.getMessage()));
      return;
    }
    if (r == null || !r.isApplied()) {
      if (retries++ >= MAX_RETRIES) {
        drained.completeExceptionally(
            CodeloopException.requestFailed("The editor kept refusing to append the chat answer"));
        return;
      }
      LOG.debug("chat append refused at version {}; retrying", version);
      pending.insert(0, text);
      inFlight = true;
      scheduler.schedule(this::resend, RETRY_MS, TimeUnit.MILLISECONDS);
      return;
    }
    retries = 0;
    lastAppliedVersion = version;
    regionStart = start;
    written.append(text);
    if (pending.length() > 0) {
      send();
    } else if (finishing) {
      drained.complete(null);
    }
  }
}
