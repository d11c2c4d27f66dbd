package dev.codeloop.completion;

import dev.codeloop.completion.CompletionQuery.SelectedItem;
import dev.codeloop.completion.cache.CompletionCache;
import dev.codeloop.completion.cache.Generation;
import dev.codeloop.completion.context.ContextBuilder;
import dev.codeloop.completion.context.CursorContext;
import dev.codeloop.completion.context.TextWindow;
import dev.codeloop.completion.post.PostProcessor;
import dev.codeloop.completion.stats.AcceptanceStats;
import dev.codeloop.concurrent.DroppableTask;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentState;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.VersionCancelChecker;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.ModelException;
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
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completion, independent of the LSP method that asks: cache (exact, type-ahead, in-flight),
 * debounce of automatic requests, context, one model call through the {@link ModelGateway},
 * post-processing, and the stale-version guard. One per session.
 *
 * <p>No thread waits: the debounce is a timer on the scheduler, the model call and a generation
 * joined from the cache are futures, and a request's future completes from whatever finished last.
 */
public final class CompletionEngine {
  private static final Logger LOG = LoggerFactory.getLogger(CompletionEngine.class);

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
  private final ScheduledExecutorService scheduler;
  private final Executor executor;
  private final Supplier<CompletionSettings> settings;

  /**
   * @param scheduler runs the debounce timers (tiny tasks only)
   * @param executor runs the CPU work that follows a timer or a joined generation (building the
   *     context): the request executor
   */
  public CompletionEngine(
      DocumentStore documents,
      PrivacyFilter privacy,
      ContextBuilder contextBuilder,
      PostProcessor postProcessor,
      CompletionCache cache,
      Debouncing debouncing,
      AcceptanceStats stats,
      ModelGateway models,
      ScheduledExecutorService scheduler,
      Executor executor,
      Supplier<CompletionSettings> settings) {
    this.documents = documents;
    this.privacy = privacy;
    this.contextBuilder = contextBuilder;
    this.postProcessor = postProcessor;
    this.cache = cache;
    this.debouncing = debouncing;
    this.stats = stats;
    this.models = models;
    this.scheduler = scheduler;
    this.executor = executor;
    this.settings = settings;
  }

  /**
   * Called on the dispatch thread when a request arrives, before it is handed off: supersedes the
   * previous request of the same kind for the document (which then returns empty). The ghost text
   * and the menu asked at one keystroke both stand (and share one model call when they ask the
   * same: the in-flight cache).
   */
  public CompletionTicket begin(String uri, CompletionTicket.Kind kind) {
    CompletableFuture<Void> liveness = new CompletableFuture<>();
    Optional<DocumentState> state = documents.state(uri);
    state.ifPresent(s -> s.putPending(kind.pendingKey(), liveness));
    return new CompletionTicket(uri, kind, liveness);
  }

  /** Called when the request finished, to release the pending slot. */
  public void end(CompletionTicket ticket) {
    documents
        .state(ticket.uri())
        .ifPresent(s -> s.removePending(ticket.kind().pendingKey(), ticket.liveness()));
  }

  public CompletionSettings settings() {
    return settings.get();
  }

  /**
   * Computes suggestions without holding a thread while it waits: the debounce is a timer on the
   * scheduler, the model call and any in-flight generation it joins are futures. The returned
   * future completes with an empty result when superseded (at once), stale (the document moved on),
   * not allowed by the privacy rules, or when nothing usable came back. It fails with a {@link
   * CancellationException} when {@code cancel} trips; model failures fail it for invoked requests
   * only. Cancelling it stops the debounce and leaves the generation (whose model call is then
   * cancelled once nobody has wanted it for {@link #ABANDON_GRACE}).
   */
  public CompletableFuture<CompletionResult> completeAsync(
      CompletionQuery query, CompletionTicket ticket, CancelChecker cancel) {
    Request request = new Request(query, ticket, cancel);
    request.start();
    return request.out;
  }

  /**
   * Blocks until {@link #completeAsync} is done, for tests and tools only (never on the request
   * path).
   */
  public CompletionResult complete(
      CompletionQuery query, CompletionTicket ticket, CancelChecker cancel) {
    return Futures.join(completeAsync(query, ticket, cancel));
  }

  /**
   * One completion request as a chain of steps, each started by the completion of what it waited
   * for (a timer, a generation). Steps run one after the other, so the fields need no lock.
   */
  private final class Request {
    final CompletionQuery query;
    final CompletionTicket ticket;
    final CancelChecker cancel;
    final CancelChecker orSuperseded;
    final CompletableFuture<CompletionResult> out = new CompletableFuture<>();

    /** What the request waits for now: cancelled when the request ends. */
    private volatile Future<?> waitingFor;

    private CompletionSettings s;
    private DocumentSnapshot snapshot;
    private TextWindow window;
    private String language;
    private boolean invoked;

    /** True while {@link #begin} runs (a finished generation answers synchronously within it). */
    private volatile boolean beginning;

    Request(CompletionQuery query, CompletionTicket ticket, CancelChecker cancel) {
      this.query = query;
      this.ticket = ticket;
      this.cancel = cancel;
      this.orSuperseded =
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
    }

    void start() {
      out.whenComplete(
          (r, t) -> {
            Future<?> w = waitingFor;
            if (w != null) {
              w.cancel(false);
            }
          });
      // A newer request or an edit supersedes this one: empty at once, whatever it waits for.
      ticket.liveness().whenComplete((v, t) -> out.complete(CompletionResult.empty()));
      beginning = true;
      try {
        step(this::begin);
      } finally {
        beginning = false;
      }
    }

    /** Runs one step; a cancellation ends the request (empty unless the caller cancelled). */
    void step(Runnable work) {
      if (out.isDone()) {
        return;
      }
      try {
        work.run();
      } catch (Throwable e) {
        end(e);
      }
    }

    /**
     * Runs the step on the engine's executor (CPU work after a timer or a model answer); a full
     * queue drops it once the request was answered (superseded, cancelled).
     */
    void hop(Runnable work) {
      try {
        executor.execute(
            new DroppableTask() {
              @Override
              public void run() {
                step(work);
              }

              @Override
              public boolean isAbandoned() {
                return out.isDone();
              }
            });
      } catch (RejectedExecutionException e) {
        end(e);
      }
    }

    void end(Throwable failure) {
      Throwable cause = Futures.unwrap(failure);
      if (cause instanceof CancellationException c) {
        if (cancel.isCanceled()) {
          out.completeExceptionally(c);
        } else {
          out.complete(CompletionResult.empty());
        }
      } else {
        out.completeExceptionally(cause);
      }
    }

    <T extends Future<?>> T waitFor(T future) {
      waitingFor = future;
      if (out.isDone()) {
        future.cancel(false);
      }
      return future;
    }

    void begin() {
      s = settings.get();
      Optional<DocumentSnapshot> found = documents.snapshot(query.uri());
      if (found.isEmpty() || s.style() == CompletionStyle.OFF || !privacy.isAllowed(query.uri())) {
        out.complete(CompletionResult.empty());
        return;
      }
      snapshot = found.get();
      window = windowAt(snapshot, query);
      language = snapshot.languageId();
      invoked = query.trigger() != CompletionTrigger.AUTOMATIC;

      Optional<CompletionCache.Hit> hit = cache.lookup(query.uri(), window.text(), window.offset());
      if (hit.isPresent()
          && (!invoked
              || !hit.get().typed().isEmpty()
              || hit.get().generation().candidates() >= query.candidates())) {
        // A finished generation answers at once; one still running is joined, not waited for.
        CompletionCache.Hit h = hit.get();
        waitFor(h.generation().join())
            .whenComplete((suggestions, failure) -> step(() -> served(h, suggestions, failure)));
        return;
      }
      miss(true);
    }

    void served(CompletionCache.Hit hit, List<Suggestion> suggestions, Throwable failure) {
      List<Suggestion> served = null;
      if (failure != null && Futures.isCancellation(failure)) {
        // The joined generation was given up before this request attached: compute afresh.
        cancel.checkCanceled();
      } else {
        served = hit.remainders(orEmpty(suggestions, failure));
      }
      if (served != null && (!served.isEmpty() || !invoked)) {
        finish(served, CompletionResult.Source.CACHE, false);
      } else {
        miss(beginning);
      }
    }

    /**
     * @param onRequestThread whether this runs on the thread the request started on (else the work
     *     after it hops to the executor)
     */
    void miss(boolean onRequestThread) {
      CursorContext cursor = CursorContext.at(window.text(), window.offset(), language);
      if (invoked) {
        if (onRequestThread) {
          generate(cursor);
        } else {
          hop(() -> generate(cursor));
        }
        return;
      }
      Duration delay = debouncing.delayFor(cursor, s.debounceMs());
      waitFor(debouncing.quietPeriod(ticket, delay, scheduler))
          .whenComplete(
              (quiet, failure) -> {
                if (failure != null) {
                  end(failure);
                } else if (!quiet || isStale(snapshot)) {
                  out.complete(CompletionResult.empty());
                } else if (delay.isZero() && onRequestThread) {
                  step(() -> generate(cursor));
                } else {
                  hop(() -> generate(cursor)); // off the scheduler: its tasks must stay tiny
                }
              });
    }

    void generate(CursorContext cursor) {
      FimRequest built =
          contextBuilder.build(
              snapshot, window, cursor, models.usesWorkspaceContext(Task.COMPLETION), orSuperseded);
      FimRequest fim = query.trigger() == CompletionTrigger.REQUESTED ? built.asRequested() : built;
      int candidates = invoked ? query.candidates() : 1;
      ModelRequest request =
          ModelRequest.fim(Task.COMPLETION, fim)
              .withCandidates(candidates)
              .withMaxOutputTokens(cursor.multiline() ? Math.min(1024, s.maxLines() * 32) : 64);
      waitFor(
              startGeneration(
                  query.uri(),
                  window.text(),
                  window.offset(),
                  request,
                  cursor,
                  s.maxLines(),
                  candidates))
          .whenComplete(
              (suggestions, failure) ->
                  step(
                      () ->
                          finish(
                              orEmpty(suggestions, failure),
                              CompletionResult.Source.MODEL,
                              cursor.multiline())));
    }

    /** The suggestions of a generation; its failure only matters to an invoked request. */
    List<Suggestion> orEmpty(List<Suggestion> suggestions, Throwable failure) {
      if (failure == null) {
        return suggestions;
      }
      Throwable e = Futures.unwrap(failure);
      if (e instanceof CancellationException c) {
        throw c;
      }
      // "Nothing confident to suggest" is an answer, not a failure: an empty list.
      if (e instanceof ModelException m && m.kind() == ModelException.Kind.EMPTY_REPLY) {
        return List.of();
      }
      // An invoked completion reports why it failed (no model configured, overloaded, ...);
      // automatic ones stay silent, the user did not ask.
      if (invoked) {
        if (e instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e);
      }
      LOG.debug("Automatic completion failed: {}", e.toString());
      return List.of();
    }

    void finish(List<Suggestion> suggestions, CompletionResult.Source source, boolean multiline) {
      if (suggestions.isEmpty() || ticket.isSuperseded() || isStale(snapshot)) {
        out.complete(CompletionResult.empty());
        return;
      }
      stats.shown(suggestions, language);
      boolean multi = multiline || suggestions.stream().anyMatch(x -> x.text().contains("\n"));
      out.complete(new CompletionResult(suggestions, language, multi, source));
    }
  }

  /**
   * The text a request reads, around its cursor (with a selected item spliced in): a slice of the
   * rope holding what the cache keys, the cursor's syntax and the context builder read, never the
   * whole document.
   */
  private TextWindow windowAt(DocumentSnapshot snapshot, CompletionQuery query) {
    int offset = snapshot.offsetAt(query.position());
    int replaceEnd = offset;
    String replacement = null;
    if (query.selected().isPresent()) {
      SelectedItem sel = query.selected().get();
      offset = snapshot.offsetAt(sel.start());
      replaceEnd = Math.max(offset, snapshot.offsetAt(sel.end()));
      replacement = sel.text();
    }
    return TextWindow.around(
        snapshot.text(),
        offset,
        Math.max(CompletionCache.CHARS_BEFORE, contextBuilder.charsBefore()),
        Math.max(ContextBuilder.LINES_BEFORE, CursorContext.LINES_BEFORE),
        Math.max(CompletionCache.CHARS_AFTER, contextBuilder.charsAfter()),
        CursorContext.LINES_AFTER,
        replaceEnd,
        replacement);
  }

  private boolean isStale(DocumentSnapshot snapshot) {
    return documents
        .snapshot(snapshot.uri())
        .map(now -> now.version() != snapshot.version())
        .orElse(true);
  }

  /**
   * Starts the model call, caches its generation and returns the starting request's join of it (or
   * joins the call another request started for the same context meanwhile). The request joins
   * before the call starts: a generation nobody has joined counts as abandoned once its grace
   * period has passed, and a cold first call (building the HTTP client, loading its classes) can
   * take longer than that before it sends anything — it was then cancelled unsent and the request
   * answered empty.
   */
  private CompletableFuture<List<Suggestion>> startGeneration(
      String uri,
      String text,
      int offset,
      ModelRequest request,
      CursorContext cursor,
      int maxLines,
      int candidates) {
    Generation fresh = new Generation(candidates, ABANDON_GRACE, System::nanoTime);
    Generation generation = cache.claim(uri, text, offset, fresh);
    CompletableFuture<List<Suggestion>> joined = generation.join();
    if (generation != fresh) {
      // another request at this keystroke started the call after this one looked: share it
      return joined;
    }
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
    return joined;
  }

  /** Forgets cached suggestions of a closed document. */
  public void forget(String uri) {
    cache.forget(uri);
  }
}
