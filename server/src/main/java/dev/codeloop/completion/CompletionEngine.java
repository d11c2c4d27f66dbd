package dev.codeloop.completion;

import dev.codeloop.completion.CompletionQuery.SelectedItem;
import dev.codeloop.completion.cache.CompletionCache;
import dev.codeloop.completion.cache.Generation;
import dev.codeloop.completion.context.ContextBuilder;
import dev.codeloop.completion.context.CursorContext;
import dev.codeloop.completion.post.PostProcessor;
import dev.codeloop.completion.stats.AcceptanceStats;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentState;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.VersionCancelChecker;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import dev.codeloop.settings.ServerSettings.CompletionSettings;
import dev.codeloop.settings.ServerSettings.CompletionStyle;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completion, independent of the LSP method that asks: cache (exact, type-ahead, in-flight),
 * debounce of automatic requests, context, one model call through the {@link ModelGateway} on the
 * model executor, post-processing, and the stale-version guard. One per session.
 */
public final class CompletionEngine {
  private static final Logger LOG = LoggerFactory.getLogger(CompletionEngine.class);
  private static final String PENDING_KEY = "completion";

  /** How long an abandoned model call may keep running in case the user types into it. */
  static final Duration ABANDON_GRACE = Duration.ofMillis(150);

  private final DocumentStore documents;
  private final PrivacyFilter privacy;
  private final ContextBuilder contextBuilder;
  private final PostProcessor postProcessor;
  private final CompletionCache cache;
  private final Debouncing debouncing;
  private final AcceptanceStats stats;
  private final ModelGateway models;
  private final Executor modelExecutor;
  private final Supplier<CompletionSettings> settings;

  public CompletionEngine(
      DocumentStore documents,
      PrivacyFilter privacy,
      ContextBuilder contextBuilder,
      PostProcessor postProcessor,
      CompletionCache cache,
      Debouncing debouncing,
      AcceptanceStats stats,
      ModelGateway models,
      Executor modelExecutor,
      Supplier<CompletionSettings> settings) {
    this.documents = documents;
    this.privacy = privacy;
    this.contextBuilder = contextBuilder;
    this.postProcessor = postProcessor;
    this.cache = cache;
    this.debouncing = debouncing;
    this.stats = stats;
    this.models = models;
    this.modelExecutor = modelExecutor;
    this.settings = settings;
  }

  /**
   * Called on the dispatch thread when a request arrives, before it is handed off: supersedes the
   * previous completion request of the document (which then returns empty).
   */
  public CompletionTicket begin(String uri) {
    CompletableFuture<Void> liveness = new CompletableFuture<>();
    Optional<DocumentState> state = documents.state(uri);
    state.ifPresent(s -> s.putPending(PENDING_KEY, liveness));
    return new CompletionTicket(uri, liveness);
  }

  /** Called when the request finished, to release the pending slot. */
  public void end(CompletionTicket ticket) {
    documents.state(ticket.uri()).ifPresent(s -> s.removePending(PENDING_KEY, ticket.liveness()));
  }

  public CompletionSettings settings() {
    return settings.get();
  }

  /**
   * Computes suggestions. Returns empty when superseded, stale (the document moved on), not allowed
   * by the privacy rules, or when nothing usable came back. Throws {@link
   * java.util.concurrent.CancellationException} when {@code cancel} trips; model failures propagate
   * for invoked requests only.
   */
  public CompletionResult complete(
      CompletionQuery query, CompletionTicket ticket, CancelChecker cancel) {
    CancelChecker orSuperseded =
        VersionCancelChecker.all(
            cancel,
            new CancelChecker() {
              @Override
              public void checkCanceled() {
                if (ticket.isSuperseded()) {
                  throw new CancellationException("superseded by a newer request or an edit");
                }
              }

              @Override
              public boolean isCanceled() {
                return ticket.isSuperseded();
              }
            });
    try {
      return compute(query, ticket, orSuperseded);
    } catch (CancellationException e) {
      if (cancel.isCanceled()) {
        throw e;
      }
      return CompletionResult.empty();
    }
  }

  private CompletionResult compute(
      CompletionQuery query, CompletionTicket ticket, CancelChecker cancel) {
    CompletionSettings s = settings.get();
    Optional<DocumentSnapshot> found = documents.snapshot(query.uri());
    if (found.isEmpty() || s.style() == CompletionStyle.OFF || !privacy.isAllowed(query.uri())) {
      return CompletionResult.empty();
    }
    DocumentSnapshot snapshot = found.get();
    String text = snapshot.content();
    int offset = snapshot.offsetAt(query.position());
    if (query.selected().isPresent()) {
      SelectedItem sel = query.selected().get();
      int start = snapshot.offsetAt(sel.start());
      int end = Math.max(start, snapshot.offsetAt(sel.end()));
      text = text.substring(0, start) + sel.text() + text.substring(end);
      offset = start + sel.text().length();
    }
    String language = snapshot.languageId();
    boolean invoked = query.trigger() == CompletionTrigger.INVOKED;

    Optional<CompletionCache.Hit> hit = cache.lookup(query.uri(), text, offset);
    if (hit.isPresent()
        && (!invoked
            || !hit.get().typed().isEmpty()
            || hit.get().generation().candidates() >= query.candidates())) {
      List<Suggestion> served;
      try {
        served = serve(hit.get(), cancel, invoked);
      } catch (CancellationException abandoned) {
        if (cancel.isCanceled()) {
          throw abandoned;
        }
        // The joined generation was given up before this request attached: compute afresh.
        served = null;
      }
      if (served != null && (!served.isEmpty() || !invoked)) {
        return finish(snapshot, ticket, served, language, CompletionResult.Source.CACHE, false);
      }
    }

    CursorContext cursor = CursorContext.at(text, offset, language);
    if (!invoked) {
      Duration delay = debouncing.delayFor(cursor, s.debounceMs());
      if (!debouncing.await(ticket, delay, cancel) || isStale(snapshot)) {
        return CompletionResult.empty();
      }
    }
    FimRequest fim =
        contextBuilder.build(
            snapshot, text, offset, cursor, models.usesWorkspaceContext(Task.COMPLETION), cancel);
    int candidates = invoked ? query.candidates() : 1;
    ModelRequest request =
        ModelRequest.fim(Task.COMPLETION, fim)
            .withCandidates(candidates)
            .withMaxOutputTokens(cursor.multiline() ? Math.min(1024, s.maxLines() * 32) : 64);
    Generation generation =
        start(query.uri(), text, offset, request, cursor, s.maxLines(), candidates);
    List<Suggestion> suggestions = awaitOrEmpty(generation, cancel, invoked);
    return finish(
        snapshot, ticket, suggestions, language, CompletionResult.Source.MODEL, cursor.multiline());
  }

  private List<Suggestion> serve(CompletionCache.Hit hit, CancelChecker cancel, boolean invoked) {
    return hit.remainders(awaitOrEmpty(hit.generation(), cancel, invoked));
  }

  private List<Suggestion> awaitOrEmpty(
      Generation generation, CancelChecker cancel, boolean invoked) {
    try {
      return generation.await(cancel);
    } catch (CancellationException e) {
      throw e;
    } catch (RuntimeException e) {
      // "Nothing confident to suggest" is an answer, not a failure: an empty list.
      if (e instanceof dev.codeloop.model.ModelException m
          && m.kind() == dev.codeloop.model.ModelException.Kind.EMPTY_REPLY) {
        return List.of();
      }
      // An invoked completion reports why it failed (no model configured, overloaded, ...);
      // automatic ones stay silent, the user did not ask.
      if (invoked) {
        throw e;
      }
      LOG.debug("Automatic completion failed: {}", e.toString());
      return List.of();
    }
  }

  private CompletionResult finish(
      DocumentSnapshot snapshot,
      CompletionTicket ticket,
      List<Suggestion> suggestions,
      String language,
      CompletionResult.Source source,
      boolean multiline) {
    if (suggestions.isEmpty() || ticket.isSuperseded() || isStale(snapshot)) {
      return CompletionResult.empty();
    }
    stats.shown(suggestions, language);
    boolean multi = multiline || suggestions.stream().anyMatch(x -> x.text().contains("\n"));
    return new CompletionResult(suggestions, language, multi, source);
  }

  private boolean isStale(DocumentSnapshot snapshot) {
    return documents
        .snapshot(snapshot.uri())
        .map(now -> now.version() != snapshot.version())
        .orElse(true);
  }

  /** Starts the model call and caches its generation. */
  private Generation start(
      String uri,
      String text,
      int offset,
      ModelRequest request,
      CursorContext cursor,
      int maxLines,
      int candidates) {
    Generation generation = new Generation(candidates, ABANDON_GRACE, System::nanoTime);
    cache.put(uri, text, offset, generation);
    // The model call is a future: no thread is held while the model works.
    Futures.now(() -> models.completeAsync(request, generation.modelCancelChecker()))
        .whenComplete(
            (reply, failure) -> {
              try {
                if (failure != null) {
                  throw Futures.unwrap(failure);
                }
                List<String> texts = postProcessor.processAll(reply.texts(), cursor, maxLines);
                List<Suggestion> out = new ArrayList<>(texts.size());
                for (String t : texts) {
                  out.add(new Suggestion(stats.nextId(), t, reply.model()));
                }
                generation.complete(out);
              } catch (Throwable e) {
                cache.remove(uri, text, offset, generation);
                generation.fail(e);
              }
            });
    return generation;
  }

  /** Forgets cached suggestions of a closed document. */
  public void forget(String uri) {
    cache.forget(uri);
  }
}
