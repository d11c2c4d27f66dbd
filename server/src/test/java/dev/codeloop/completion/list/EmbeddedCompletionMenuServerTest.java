package dev.codeloop.completion.list;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.codeloop.ServerComponents;
import dev.codeloop.bench.PipedLspConnection;
import dev.codeloop.concurrent.ServerExecutors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionContext;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion menu as an editor without inline completion meets it: the production composition
 * with no model configured (the embedded model answers), a Python workspace learned through the
 * server, {@code textDocument/completion} over a real LSP4J connection.
 */
class EmbeddedCompletionMenuServerTest {
  @TempDir Path root;

  private ServerComponents components;
  private PipedLspConnection connection;
  private LanguageServer server;
  private final ProgressClient client = new ProgressClient();

  private static final String WORKER =
      """
      import threading


      class Worker:
          def __init__(self, name):
              self.name = name
              self._finished = threading.Event()
              self._started = threading.Event()
              self.results = []

          def start(self):
              self._started.set()
              self.results.append(self.name)

          def stop(self):
              self._finished.set()
              self._started.clear()

          def is_finished(self):
              return self._finished.is_set()

          def wait_finished(self, timeout):
              return self._finished.wait(timeout)
      """;

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < 4; i++) {
      Path p = root.resolve("app/worker" + i + ".py");
      Files.createDirectories(p.getParent());
      Files.writeString(p, WORKER.replace("Worker", "Worker" + i));
    }
    Files.writeString(
        root.resolve("app/stats.py"),
        """
        def summary(samples, scale):
            size = len(samples)
            total = sum(samples)
            spread = sorted(samples)
            status = str(size)
            return size, total * scale, spread, status


        def submit(queue, sample):
            queue.send(sample)
            queue.shutdown()
        """);
    Map<String, String> env =
        Map.of(
            "XDG_CONFIG_HOME", root.resolve(".config").toString(),
            "XDG_CACHE_HOME", root.resolve(".cache").toString(),
            "XDG_STATE_HOME", root.resolve(".state").toString());
    components = ServerComponents.production(ServerExecutors.defaults(), env, "test", log -> {});
    connection = PipedLspConnection.open(components, client);
    server = connection.server();
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "root")));
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setCompletion(new CompletionCapabilities());
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    ClientCapabilities caps = new ClientCapabilities();
    caps.setTextDocument(text);
    caps.setWindow(window);
    init.setCapabilities(caps);
    init.setInitializationOptions(
        JsonParser.parseString(
            "{\"settings\": {\"completion\": {\"debounceMs\": 0},"
                + " \"embedded\": {\"stableAfterMs\": 0}}}"));
    server.initialize(init).get(30, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
    client.indexed.get(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      server.shutdown().get(10, TimeUnit.SECONDS);
      server.exit();
      connection.awaitSessionEnd(5_000);
    } finally {
      connection.close();
      components.close();
    }
  }

  private List<CompletionItem> menu(String text, CompletionTriggerKind trigger) throws Exception {
    String uri = root.resolve("app/new_module.py").toUri().toString();
    int version = client.versions.incrementAndGet();
    server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "python", version, text)));
    String[] lines = text.split("\n", -1);
    Position end = new Position(lines.length - 1, lines[lines.length - 1].length());
    CompletionParams params = new CompletionParams(new TextDocumentIdentifier(uri), end);
    params.setContext(new CompletionContext(trigger));
    CompletionList list =
        server.getTextDocumentService().completion(params).get(30, TimeUnit.SECONDS).getRight();
    server
        .getTextDocumentService()
        .didClose(
            new org.eclipse.lsp4j.DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
    assertThat(list.isIncomplete()).isTrue();
    List<CompletionItem> items = list.getItems();
    assertThat(items)
        .as("sortText keeps the server's order")
        .extracting(CompletionItem::getSortText)
        .isSorted()
        .doesNotHaveDuplicates();
    return items;
  }

  private static List<String> texts(List<CompletionItem> items) {
    return items.stream().map(i -> i.getTextEdit().getLeft().getNewText()).toList();
  }

  @Test
  void should_offer_members_seen_after_a_dot_before_self_after_self_finished_dot_s()
      throws Exception {
    // when
    List<String> got =
        texts(
            menu(
                "class Job:\n    def run(self):\n        self._finished.s",
                CompletionTriggerKind.Invoked));

    // then
    assertThat(got).contains("set");
    assertThat(got.get(0)).startsWith("set");
    if (got.contains("self")) {
      assertThat(got.indexOf("set")).isLessThan(got.indexOf("self"));
    }
  }

  @Test
  void should_never_be_empty_when_the_file_holds_a_matching_identifier() throws Exception {
    // when: a word only this file holds, typed by one character after an unusual context
    List<String> got =
        texts(
            menu(
                "quokka_total = 3\nzebra_count = 4\nprint(zebra_count)\n\nq",
                CompletionTriggerKind.TriggerCharacter));

    // then
    assertThat(got).contains("quokka_total");
  }

  @Test
  void should_offer_at_least_ten_ordered_items_when_that_many_match() throws Exception {
    // when
    List<CompletionItem> items =
        menu("import threading\n\n\ndef main():\n    s", CompletionTriggerKind.Invoked);

    // then: self, stop, start, set, size, sum, sorted, … all match "s"
    assertThat(items).hasSizeGreaterThanOrEqualTo(10);
    assertThat(texts(items)).allMatch(t -> !t.isEmpty());
    assertThat(items.get(0).getFilterText()).isNotEmpty();
  }

  @Test
  void should_match_snake_case_humps() throws Exception {
    // when
    List<String> got = texts(menu("def check(w):\n    return w.wf", CompletionTriggerKind.Invoked));

    // then
    assertThat(got).contains("wait_finished");
  }

  /** Records the end of the server's "learning the workspace" progress. */
  private static final class ProgressClient extends dev.codeloop.lsp.handler.NullLanguageClient {
    final CompletableFuture<String> indexed = new CompletableFuture<>();
    final java.util.concurrent.atomic.AtomicInteger versions =
        new java.util.concurrent.atomic.AtomicInteger();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();

    @Override
    public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void notifyProgress(ProgressParams params) {
      if (params.getValue() == null || !params.getValue().isLeft()) {
        return;
      }
      String token = params.getToken().isLeft() ? params.getToken().getLeft() : "#";
      var n = params.getValue().getLeft();
      if (n instanceof WorkDoneProgressBegin b && b.getTitle().contains("learning")) {
        tokens.add(token);
      } else if (n instanceof WorkDoneProgressEnd e && tokens.contains(token)) {
        indexed.complete(e.getMessage());
      }
    }
  }
}
