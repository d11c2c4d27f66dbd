package dev.codeloop.workspace.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.ServerComponents;
import dev.codeloop.bench.PipedLspConnection;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.handler.NullLanguageClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.ProgressParams;
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
 * The embedded model's memory bounds through the server: the user's budgets ({@code
 * embedded.maxFiles}) applied to the workspace index, and a closed document's buffer released
 * ({@code codeloop.stats} shows both), over a real LSP4J connection to the production composition.
 */
class EmbeddedMemoryServerTest {
  @TempDir Path root;
  @TempDir Path outside;
  @TempDir Path home;

  private ServerComponents components;
  private PipedLspConnection connection;
  private LanguageServer server;
  private final ProgressClient client = new ProgressClient();

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < 6; i++) {
      Path p = root.resolve("src/Part" + i + ".java");
      Files.createDirectories(p.getParent());
      Files.writeString(
          p, "class Part" + i + " { int size" + i + "() { return " + i + " * 2; } }\n");
      Files.setLastModifiedTime(
          p, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L + i * 60_000L));
    }
    Map<String, String> env =
        Map.of(
            "XDG_CONFIG_HOME", home.resolve("config").toString(),
            "XDG_CACHE_HOME", home.resolve("cache").toString(),
            "XDG_STATE_HOME", home.resolve("state").toString());
    components = ServerComponents.production(ServerExecutors.defaults(), env, "test", log -> {});
    connection = PipedLspConnection.open(components, client);
    server = connection.server();
    server.initialize(init()).get(30, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
    client.indexed.get(60, TimeUnit.SECONDS);
  }

  /** A second editor's session on the same backend (as on a --tcp server), initialized. */
  private PipedLspConnection secondEditor() throws Exception {
    PipedLspConnection other = PipedLspConnection.open(components, new ProgressClient());
    other.server().initialize(init()).get(30, TimeUnit.SECONDS);
    other.server().initialized(new InitializedParams());
    return other;
  }

  private InitializeParams init() {
    InitializeParams init = new InitializeParams();
    init.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "root")));
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    ClientCapabilities caps = new ClientCapabilities();
    caps.setWindow(window);
    init.setCapabilities(caps);
    init.setInitializationOptions(
        JsonParser.parseString(
            "{\"settings\": {\"embedded\": {\"stableAfterMs\": 0, \"maxFiles\": 2}}}"));
    return init;
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

  private JsonObject embeddedStats() throws Exception {
    Object reply =
        server
            .getWorkspaceService()
            .executeCommand(new ExecuteCommandParams("codeloop.stats", List.of()))
            .get(10, TimeUnit.SECONDS);
    return new Gson().toJsonTree(reply).getAsJsonObject().getAsJsonObject("embedded");
  }

  /** Reads the statistics until {@code condition} holds (background learning), at most 20 s. */
  /** Opens {@code file} (Java) in {@code editor} with its text on disk. */
  private static void open(LanguageServer editor, Path file) throws Exception {
    editor
        .getTextDocumentService()
        .didOpen(
            new DidOpenTextDocumentParams(
                new TextDocumentItem(file.toUri().toString(), "java", 1, Files.readString(file))));
  }

  private JsonObject awaitStats(Predicate<JsonObject> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    JsonObject stats = embeddedStats();
    while (!condition.test(stats) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      stats = embeddedStats();
    }
    return stats;
  }

  @Test
  void should_learn_no_more_files_than_the_users_budget_and_say_how_much_was_learned()
      throws Exception {
    // when: the workspace of six files was indexed with embedded.maxFiles 2

    // then: the two most recently modified files, and the share of the workspace learned
    JsonObject stats = embeddedStats();
    assertThat(stats.get("documents").getAsInt()).isEqualTo(2);
    assertThat(stats.get("workspaceFiles").getAsInt()).isEqualTo(6);
    assertThat(stats.get("overBudgetFiles").getAsInt()).isEqualTo(4);
  }

  @Test
  void should_release_what_the_model_learned_from_a_closed_documents_buffer() throws Exception {
    // given: a file outside the workspace, open, learned from its buffer
    Path loose = outside.resolve("Loose.java");
    Files.writeString(loose, "class Loose { int looseValue; }\n");
    String uri = loose.toUri().toString();
    open(server, loose);
    JsonObject open = awaitStats(s -> s.get("editorDocuments").getAsInt() == 1);
    assertThat(open.get("editorDocuments").getAsInt()).isEqualTo(1);
    assertThat(open.get("documents").getAsInt()).isEqualTo(3);

    // when
    server
        .getTextDocumentService()
        .didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));

    // then: back to the workspace's two files, no editor state
    JsonObject closed = awaitStats(s -> s.get("documents").getAsInt() == 2);
    assertThat(closed.get("documents").getAsInt()).isEqualTo(2);
    assertThat(closed.get("editorDocuments").getAsInt()).isZero();
  }

  @Test
  void should_release_the_buffers_of_a_session_that_ended_without_closing_them() throws Exception {
    // given: a session with a file outside the workspace open, learned from its buffer
    Path loose = outside.resolve("Left.java");
    Files.writeString(loose, "class Left { int leftOpen; }\n");
    open(server, loose);
    assertThat(awaitStats(s -> s.get("editorDocuments").getAsInt() == 1).get("editorDocuments"))
        .isEqualTo(new com.google.gson.JsonPrimitive(1));

    // when: the editor exits without closing it (as editors do), and another one connects
    server.shutdown().get(10, TimeUnit.SECONDS);
    server.exit();
    connection.awaitSessionEnd(5_000);
    connection.close();
    connection = PipedLspConnection.open(components, new ProgressClient());
    server = connection.server();
    server.initialize(init()).get(30, TimeUnit.SECONDS);
    server.initialized(new InitializedParams());

    // then: the backend kept nothing of the first session's buffer
    JsonObject after =
        awaitStats(
            s -> s.get("editorDocuments").getAsInt() == 0 && s.get("documents").getAsInt() == 2);
    assertThat(after.get("editorDocuments").getAsInt()).isZero();
    assertThat(after.get("documents").getAsInt()).isEqualTo(2);
  }

  @Test
  void should_release_only_the_buffers_of_the_editor_that_left_when_two_share_the_server()
      throws Exception {
    // given: two editors on one backend (as on a --tcp server), each with a buffer of its own open
    PipedLspConnection other = secondEditor();
    try {
      LanguageServer second = other.server();
      Path mine = outside.resolve("Mine.java");
      Path theirs = outside.resolve("Theirs.java");
      Files.writeString(mine, "class Mine { int mineOpen; }\n");
      Files.writeString(theirs, "class Theirs { int theirsOpen; }\n");
      open(server, mine);
      open(second, theirs);
      assertThat(awaitStats(s -> s.get("editorDocuments").getAsInt() == 2).get("editorDocuments"))
          .isEqualTo(new com.google.gson.JsonPrimitive(2));

      // when: the first editor exits without closing its buffer
      server.shutdown().get(10, TimeUnit.SECONDS);
      server.exit();
      connection.awaitSessionEnd(5_000);
      connection.close();
      connection = other;
      server = second;
      other = null;

      // then: its buffer is released, the other editor's is kept
      JsonObject after = awaitStats(s -> s.get("editorDocuments").getAsInt() == 1);
      assertThat(after.get("editorDocuments").getAsInt()).isEqualTo(1);
      Thread.sleep(300); // nothing else is released afterwards
      assertThat(embeddedStats().get("editorDocuments").getAsInt()).isEqualTo(1);
    } finally {
      if (other != null) {
        other.close();
      }
    }
  }

  @Test
  void should_keep_a_files_buffer_until_the_last_of_two_editors_closes_it() throws Exception {
    // given: two editors on one backend (as on a --tcp server) with the same file open
    PipedLspConnection other = secondEditor();
    try {
      LanguageServer second = other.server();
      Path shared = outside.resolve("Shared.java");
      Files.writeString(shared, "class Shared { int sharedOpen; }\n");
      open(server, shared);
      open(second, shared);
      assertThat(awaitStats(s -> s.get("editorDocuments").getAsInt() == 1).get("editorDocuments"))
          .isEqualTo(new com.google.gson.JsonPrimitive(1));
      DidCloseTextDocumentParams close =
          new DidCloseTextDocumentParams(new TextDocumentIdentifier(shared.toUri().toString()));

      // when: the first closes it
      server.getTextDocumentService().didClose(close);
      embeddedStats(); // a request after the close: the close has been handled

      // then: the other editor still works on it, and the model keeps its buffer
      Thread.sleep(300);
      assertThat(embeddedStats().get("editorDocuments").getAsInt()).isEqualTo(1);

      // when the second closes it too, nothing of it is left
      second.getTextDocumentService().didClose(close);
      assertThat(awaitStats(s -> s.get("editorDocuments").getAsInt() == 0).get("editorDocuments"))
          .isEqualTo(new com.google.gson.JsonPrimitive(0));
      second.shutdown().get(10, TimeUnit.SECONDS);
      second.exit();
      other.awaitSessionEnd(5_000);
    } finally {
      other.close();
    }
  }

  private static final class ProgressClient extends NullLanguageClient {
    final CompletableFuture<String> indexed = new CompletableFuture<>();
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
