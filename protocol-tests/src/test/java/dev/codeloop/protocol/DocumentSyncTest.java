package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DocumentSyncTest {
  private static final String URI = "file:///tmp/codeloop-protocol-test/Hello.java";

  @TempDir Path xdg;
  private ServerProcess server;
  private LspClient lsp;

  @AfterEach
  void tearDown() {
    if (lsp != null) {
      lsp.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static DidChangeTextDocumentParams insert(
      String uri, int version, int line, int character, String text) {
    Position p = new Position(line, character);
    return new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri, version),
        List.of(new TextDocumentContentChangeEvent(new Range(p, p), text)));
  }

  @Test
  void should_keep_serving_after_incremental_did_change_sequence() throws Exception {
    // given
    server = ServerProcess.start(xdg);
    lsp = LspClient.over(server);
    lsp.initialize();
    lsp.open(URI, "class Hello {\n}\n");

    // when
    int version = 2;
    for (int i = 0; i < 100; i++) {
      lsp.server.getTextDocumentService().didChange(insert(URI, version++, 0, 13 + i, "x"));
    }
    // a multi-change event: delete a range, insert a line, replace with non-BMP text (surrogate
    // pairs)
    lsp.server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(URI, version++),
                List.of(
                    new TextDocumentContentChangeEvent(
                        new Range(new Position(0, 13), new Position(0, 50)), ""),
                    new TextDocumentContentChangeEvent(
                        new Range(new Position(1, 0), new Position(1, 0)),
                        "  int \uD83D\uDE00 = 1;\n"),
                    new TextDocumentContentChangeEvent(
                        new Range(new Position(1, 6), new Position(1, 8)), "y"))));
    // a full-text replacement
    lsp.server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(URI, version),
                List.of(new TextDocumentContentChangeEvent("class Bye {}\n"))));

    // then
    assertThat(lsp.showSettings().getAsJsonObject().has("completion")).isTrue();
    assertThat(server.isAlive()).isTrue();
  }

  @Test
  void should_survive_did_change_for_unopened_document() throws Exception {
    // given
    server = ServerProcess.start(xdg);
    lsp = LspClient.over(server);
    lsp.initialize();

    // when
    lsp.server
        .getTextDocumentService()
        .didChange(insert("file:///never/Opened.java", 2, 0, 0, "x"));

    // then
    assertThat(lsp.showSettings()).isNotNull();
  }

  @Test
  void should_survive_out_of_range_and_out_of_order_edits() throws Exception {
    // given
    server = ServerProcess.start(xdg);
    lsp = LspClient.over(server);
    lsp.initialize();
    lsp.open(URI, "a\nb\n");
    var docs = lsp.server.getTextDocumentService();

    // when: positions beyond the end, an inverted range, a version going backwards
    docs.didChange(insert(URI, 5, 99, 99, "far away"));
    docs.didChange(
        new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(URI, 6),
            List.of(
                new TextDocumentContentChangeEvent(
                    new Range(new Position(1, 1), new Position(0, 0)), "z"))));
    docs.didChange(insert(URI, 3, 0, 0, "older"));
    docs.didChange(insert(URI, 7, -1, -5, "negative"));

    // then
    assertThat(lsp.showSettings()).isNotNull();
    assertThat(server.isAlive()).isTrue();
  }

  @Test
  void should_survive_did_change_before_did_open_and_double_did_close() throws Exception {
    // given
    server = ServerProcess.start(xdg);
    lsp = LspClient.over(server);
    lsp.initialize();
    var docs = lsp.server.getTextDocumentService();

    // when
    docs.didChange(insert(URI, 1, 0, 0, "early"));
    lsp.open(URI, "class A {}\n");
    docs.didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(URI)));
    docs.didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(URI)));
    lsp.open(URI, "class A {}\n");
    lsp.open(URI, "class B {}\n"); // didOpen twice

    // then
    assertThat(lsp.showSettings()).isNotNull();
  }

  @Test
  void should_answer_request_on_never_opened_document_with_an_error_and_keep_serving()
      throws Exception {
    // given: hover is not a capability of the server, the document was never opened
    server = ServerProcess.start(xdg);
    RawClient raw = RawClient.over(server);
    raw.initialize();

    // when
    raw.request(
        5,
        "textDocument/hover",
        Map.of(
            "textDocument",
            Map.of("uri", "file:///never/Opened.java"),
            "position",
            Map.of("line", 0, "character", 0)));
    JsonObject reply = raw.awaitResponse(5);

    // then
    assertThat(RawClient.errorCode(reply)).isEqualTo(-32601);
    assertThat(raw.ping(6).has("result")).isTrue();
  }

  @Test
  void should_ignore_sync_notifications_with_malformed_params() throws Exception {
    // given
    server = ServerProcess.start(xdg);
    RawClient raw = RawClient.over(server);
    raw.initialize();

    // when
    raw.notify("textDocument/didOpen", Map.of("textDocument", Map.of("uri", 42)));
    raw.notify(
        "textDocument/didChange",
        Map.of("textDocument", Map.of("uri", URI), "contentChanges", "nope"));
    raw.notify("textDocument/didClose", Map.of());
    raw.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\"}");

    // then
    assertThat(raw.ping(7).has("result")).isTrue();
    assertThat(raw.pollResponse(java.time.Duration.ofMillis(300))).isEmpty();
  }
}
