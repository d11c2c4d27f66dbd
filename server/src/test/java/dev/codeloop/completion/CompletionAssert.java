package dev.codeloop.completion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.cache.CompletionCache;
import dev.codeloop.completion.context.ContextBuilder;
import dev.codeloop.completion.context.RecentDocuments;
import dev.codeloop.completion.post.PostProcessor;
import dev.codeloop.completion.stats.AcceptanceStats;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.TextPosition;
import dev.codeloop.lsp.handler.CompletionHandler;
import dev.codeloop.lsp.handler.InlineCompletionHandler;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.settings.ServerSettings.CompletionSettings;
import dev.codeloop.settings.ServerSettings.CompletionStyle;
import dev.codeloop.settings.ServerSettings.PrivacySettings;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.eclipse.lsp4j.CompletionContext;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.InlineCompletionContext;
import org.eclipse.lsp4j.InlineCompletionItem;
import org.eclipse.lsp4j.InlineCompletionParams;
import org.eclipse.lsp4j.InlineCompletionTriggerKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SelectedCompletionInfo;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * Fluent completion tests in the lemminx spirit: {@code forText("int x = fo|")} ({@code |} marks
 * the cursor) {@code .withModelReplies("o(1);").inline(Invoked).expectItems("o(1);")}. Runs the
 * real engine and handlers over an in-memory document store with a {@link FakeModelGateway}; the
 * test joins the handler's future (work after a debounce runs on the scheduler's thread).
 */
public final class CompletionAssert {
  public static final Path ROOT = Path.of("/ws").toAbsolutePath();
  private static final CancelChecker NEVER = () -> {};

  /** Debounce timers of every test's engine (one daemon thread; tasks are tiny). */
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "completion-assert-scheduler");
            t.setDaemon(true);
            return t;
          });

  private final String text;
  private final int cursor;
  private String path = "src/Main.java";
  private String language = "java";
  private final DocumentStore documents = new DocumentStore();
  private final FakeModelGateway model = new FakeModelGateway();
  private final AcceptanceStats stats = new AcceptanceStats();
  private final AtomicReference<CompletionSettings> settings =
      new AtomicReference<>(
          new CompletionSettings(CompletionStyle.AUTO, 0, 3, 512, 12, 6000, true));
  private final AtomicReference<PrivacySettings> privacySettings =
      new AtomicReference<>(new PrivacySettings(List.of("**/.env", "**/*.pem"), true));
  private CompletionEngine engine;
  private PrivacyFilter privacy;
  private boolean opened;

  private CompletionAssert(String text, int cursor) {
    this.text = text;
    this.cursor = cursor;
  }

  public static CompletionAssert forText(String textWithCursor) {
    int bar = textWithCursor.indexOf('|');
    if (bar < 0) {
      throw new IllegalArgumentException("mark the cursor with |");
    }
    return new CompletionAssert(
        textWithCursor.substring(0, bar) + textWithCursor.substring(bar + 1), bar);
  }

  public static String uriOf(String relativePath) {
    return ROOT.resolve(relativePath).toUri().toString();
  }

  /** The document's workspace-relative path and language id. */
  public CompletionAssert inFile(String relativePath, String languageId) {
    this.path = relativePath;
    this.language = languageId;
    return this;
  }

  public CompletionAssert withOtherDocument(
      String relativePath, String languageId, String content) {
    documents.open(uriOf(relativePath), languageId, 1, content);
    return this;
  }

  public CompletionAssert withModelReplies(String... candidates) {
    model.reply(candidates);
    return this;
  }

  public CompletionAssert withSettings(UnaryOperator<CompletionSettings> change) {
    settings.set(change.apply(settings.get()));
    return this;
  }

  public FakeModelGateway model() {
    return model;
  }

  public AcceptanceStats stats() {
    return stats;
  }

  public DocumentStore documents() {
    return documents;
  }

  public String uri() {
    return uriOf(path);
  }

  public Position cursor() {
    ensureOpen();
    TextPosition p = documents.snapshot(uri()).orElseThrow().positionAt(cursor);
    return new Position(p.line(), p.character());
  }

  private void ensureOpen() {
    if (opened) {
      return;
    }
    opened = true;
    RecentDocuments recent = new RecentDocuments(16);
    documents.addListener(recent);
    for (var d : documents.openDocuments()) {
      recent.opened(d);
    }
    documents.open(uri(), language, 1, text);
    privacy = new PrivacyFilter(() -> List.of(ROOT), privacySettings::get);
    engine =
        new CompletionEngine(
            documents,
            privacy,
            new ContextBuilder(documents, recent, privacy, settings::get),
            new PostProcessor(),
            new CompletionCache(() -> settings.get().cacheEntries()),
            new Debouncing(),
            stats,
            model,
            SCHEDULER,
            Runnable::run,
            settings::get);
  }

  public CompletionEngine engine() {
    ensureOpen();
    return engine;
  }

  public InlineResult inline(InlineCompletionTriggerKind kind) {
    return inline(kind, null);
  }

  /**
   * Inline completion with a selected completion widget item {@code [start, cursor)} of the given
   * text.
   */
  public InlineResult inlineWithSelected(String selectedText, int selectedStartColumn) {
    Position c = cursor();
    SelectedCompletionInfo info =
        new SelectedCompletionInfo(
            new Range(new Position(c.getLine(), selectedStartColumn), c), selectedText);
    return inline(InlineCompletionTriggerKind.Automatic, info);
  }

  private InlineResult inline(InlineCompletionTriggerKind kind, SelectedCompletionInfo selected) {
    ensureOpen();
    InlineCompletionHandler handler = new InlineCompletionHandler(engine);
    InlineCompletionParams params =
        new InlineCompletionParams(
            new TextDocumentIdentifier(uri()),
            cursor(),
            new InlineCompletionContext(kind, selected));
    CompletionTicket ticket = handler.begin(params);
    List<InlineCompletionItem> items =
        Futures.join(handler.complete(params, ticket, NEVER)).getRight().getItems();
    return new InlineResult(items, this);
  }

  public ListResult list(CompletionTriggerKind kind) {
    ensureOpen();
    CompletionHandler handler =
        new CompletionHandler(
            engine,
            documents,
            new dev.codeloop.completion.list.CompletionMenu(
                java.util.Optional.empty(), privacy, () -> true),
            List::of);
    CompletionParams params = new CompletionParams(new TextDocumentIdentifier(uri()), cursor());
    params.setContext(new CompletionContext(kind));
    CompletionTicket ticket = handler.begin(params);
    var list = Futures.join(handler.complete(params, ticket, NEVER)).getRight();
    assertThat(list.isIncomplete()).as("isIncomplete").isTrue();
    return new ListResult(list.getItems(), this);
  }

  /** The inline items returned. */
  public record InlineResult(List<InlineCompletionItem> items, CompletionAssert origin) {
    public InlineResult expectItems(String... texts) {
      assertThat(items).extracting(i -> i.getInsertText().getLeft()).containsExactly(texts);
      return this;
    }

    public InlineResult expectNoItems() {
      assertThat(items).isEmpty();
      return this;
    }

    public InlineResult expectModelCalls(int n) {
      assertThat(origin.model().calls()).as("model calls").isEqualTo(n);
      return this;
    }

    public ModelRequest request() {
      return origin.model().lastRequest();
    }
  }

  /** The list items returned. */
  public record ListResult(List<CompletionItem> items, CompletionAssert origin) {
    public ListResult expectInsertedTexts(String... texts) {
      assertThat(items)
          .extracting(i -> i.getTextEdit().getLeft().getNewText())
          .containsExactly(texts);
      return this;
    }

    public ListResult expectNoItems() {
      assertThat(items).isEmpty();
      return this;
    }
  }
}
