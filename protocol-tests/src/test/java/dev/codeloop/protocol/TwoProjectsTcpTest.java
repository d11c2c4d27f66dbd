package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionCapabilities;
import org.eclipse.lsp4j.CompletionContext;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.CompletionTriggerKind;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two editors on one {@code --tcp} server, each in a project of its own whose files have the same
 * workspace-relative paths: each one's completions come from its own project's embedded model,
 * never from the other's, whichever project was used last.
 */
@Timeout(120)
class TwoProjectsTcpTest {
  private static final Duration LEARNING = Duration.ofSeconds(60);

  @TempDir Path xdg;
  @TempDir Path alpha;
  @TempDir Path beta;
  private TcpServerUnderTest server;

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void should_complete_each_editor_from_its_own_project_when_both_hold_the_same_path()
      throws Exception {
    // given: two projects with the same layout, each with names of its own
    write(alpha, "frobnicate");
    write(beta, "frobozz");
    server = TcpServerUnderTest.start(xdg);
    LspClient one = server.connect();
    LspClient two = server.connect();
    one.initialize(params(alpha));
    assertThat(one.client.awaitProgressEnd(RecordingClient.LEARNING_TITLE, LEARNING))
        .startsWith("6 files learned");
    two.initialize(params(beta));
    assertThat(two.client.awaitProgressEnd(RecordingClient.LEARNING_TITLE, LEARNING))
        .startsWith("6 files learned");

    // when: each opens its own pkg/main.py and asks for the menu after "frob"; the second
    // project (indexed last) is the most recently used
    String text = "import os\n\nresult = frob";
    List<String> oneItems = complete(one, alpha, text);
    List<String> twoItems = complete(two, beta, text);

    // then
    assertThat(oneItems).contains("frobnicate_open").noneMatch(w -> w.startsWith("frobozz"));
    assertThat(twoItems).contains("frobozz_open").noneMatch(w -> w.startsWith("frobnicate"));

    // and the ghost text (through the model router) too
    assertThat(inline(one, alpha, "    handle = frob")).startsWith("nicate_reader(");
    assertThat(inline(two, beta, "    handle = frob")).startsWith("ozz_reader(");
  }

  private static String inline(LspClient c, Path root, String line) throws Exception {
    String uri = root.resolve("pkg/main.py").toUri().toString();
    String text = "def go(path):\n" + line;
    c.server
        .getTextDocumentService()
        .didChange(
            new org.eclipse.lsp4j.DidChangeTextDocumentParams(
                new org.eclipse.lsp4j.VersionedTextDocumentIdentifier(uri, 2),
                List.of(new org.eclipse.lsp4j.TextDocumentContentChangeEvent(text))));
    var params =
        new org.eclipse.lsp4j.InlineCompletionParams(
            new TextDocumentIdentifier(uri),
            new Position(1, line.length()),
            new org.eclipse.lsp4j.InlineCompletionContext(
                org.eclipse.lsp4j.InlineCompletionTriggerKind.Invoked));
    var result = LspClient.await(c.server.getTextDocumentService().inlineCompletion(params));
    List<org.eclipse.lsp4j.InlineCompletionItem> items =
        result.isLeft() ? result.getLeft() : result.getRight().getItems();
    assertThat(items).as("inline items at %s", line).isNotEmpty();
    var insert = items.get(0).getInsertText();
    String inserted = insert.isLeft() ? insert.getLeft() : insert.getRight().getValue();
    // the item replaces the typed word or continues it
    return inserted.startsWith("frob") ? inserted.substring(4) : inserted;
  }

  private static void write(Path root, String name) throws Exception {
    Files.createDirectories(root.resolve("pkg"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(
          root.resolve("pkg/m" + i + ".py"),
          """
          def %1$s_open(path):
              handle = %1$s_reader(path)
              %1$s_check(handle)
              return handle
          """
              .formatted(name));
    }
    Files.writeString(root.resolve("pkg/main.py"), "import os\n");
    try (var files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        // checked out before the editor started: their saved versions are stable
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
      }
    }
  }

  private static InitializeParams params(Path root) {
    InitializeParams p = new InitializeParams();
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setCompletion(new CompletionCapabilities());
    text.setInlineCompletion(new org.eclipse.lsp4j.InlineCompletionCapabilities());
    ClientCapabilities capabilities = new ClientCapabilities();
    capabilities.setTextDocument(text);
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    capabilities.setWindow(window);
    p.setCapabilities(capabilities);
    p.setWorkspaceFolders(List.of(new WorkspaceFolder(root.toUri().toString(), "project")));
    p.setInitializationOptions(
        JsonParser.parseString("{\"settings\":{\"embedded\":{\"platformLibrary\":false}}}"));
    return p;
  }

  private static List<String> complete(LspClient c, Path root, String text) throws Exception {
    String uri = root.resolve("pkg/main.py").toUri().toString();
    c.server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "python", 1, text)));
    String[] lines = text.split("\n", -1);
    CompletionParams params =
        new CompletionParams(
            new TextDocumentIdentifier(uri),
            new Position(lines.length - 1, lines[lines.length - 1].length()));
    params.setContext(new CompletionContext(CompletionTriggerKind.Invoked));
    var result = LspClient.await(c.server.getTextDocumentService().completion(params));
    List<CompletionItem> items = result.isLeft() ? result.getLeft() : result.getRight().getItems();
    return items.stream().map(CompletionItem::getLabel).toList();
  }
}
