package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.codeloop.ServerComponents;
import dev.codeloop.concurrent.BytePipe;
import dev.codeloop.concurrent.ServerExecutors;
import dev.codeloop.lsp.LspSession;
import dev.codeloop.lsp.capability.InitializeTree;
import dev.codeloop.lsp.jsonrpc.EarlyStart;
import dev.codeloop.settings.ServerSettings;
import dev.codeloop.settings.ServerSettings.CompletionStyle;
import dev.codeloop.settings.SettingsJson;
import dev.codeloop.settings.SettingsReader;
import dev.codeloop.settings.UserPaths;
import dev.codeloop.workspace.command.Commands;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The early {@code initialize} answer (from the message's JSON alone, before the session exists) is
 * byte for byte what a production session answers through LSP4J — or there is none, and the session
 * answers as always; and a session run after an early answer initializes, applies what follows in
 * order, and never answers {@code initialize} twice.
 */
@Timeout(60)
class EarlyInitializeAnswerTest {
  /** A version with characters Gson escapes. */
  private static final String VERSION = "1.0<beta>'&='";

  private static final String VS_CODE_LIKE_CAPABILITIES =
      """
      {"workspace":{"applyEdit":true,"workspaceEdit":{"documentChanges":true,
      "resourceOperations":["create","rename","delete"],"failureHandling":"textOnlyTransactional",
      "normalizesLineEndings":true,"changeAnnotationSupport":{"groupsOnLabel":true}},
      "configuration":true,"didChangeWatchedFiles":{"dynamicRegistration":true,
      "relativePatternSupport":true},"symbol":{"dynamicRegistration":true,"symbolKind":{"valueSet":
      [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26]},"tagSupport":
      {"valueSet":[1]},"resolveSupport":{"properties":["location.range"]}},"codeLens":
      {"refreshSupport":true},"executeCommand":{"dynamicRegistration":true},
      "didChangeConfiguration":{"dynamicRegistration":true},"workspaceFolders":true,
      "semanticTokens":{"refreshSupport":true},"fileOperations":{"dynamicRegistration":true,
      "didCreate":true},"inlineValue":{"refreshSupport":true},"inlayHint":{"refreshSupport":true},
      "diagnostics":{"refreshSupport":true}},"textDocument":{"publishDiagnostics":
      {"relatedInformation":true,"versionSupport":false,"tagSupport":{"valueSet":[1,2]},
      "codeDescriptionSupport":true,"dataSupport":true},"synchronization":{"dynamicRegistration":true,
      "willSave":true,"willSaveWaitUntil":true,"didSave":true},"completion":{"dynamicRegistration":
      true,"contextSupport":true,"completionItem":{"snippetSupport":true,"commitCharactersSupport":
      true,"documentationFormat":["markdown","plaintext"],"deprecatedSupport":true,
      "preselectSupport":true,"tagSupport":{"valueSet":[1]},"insertReplaceSupport":true,
      "resolveSupport":{"properties":["documentation","detail","additionalTextEdits"]},
      "insertTextModeSupport":{"valueSet":[1,2]},"labelDetailsSupport":true},
      "insertTextMode":2,"completionItemKind":{"valueSet":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,
      17,18,19,20,21,22,23,24,25]},"completionList":{"itemDefaults":["commitCharacters",
      "editRange","insertTextFormat","insertTextMode"]}},"hover":{"dynamicRegistration":true,
      "contentFormat":["markdown","plaintext"]},"signatureHelp":{"dynamicRegistration":true,
      "signatureInformation":{"documentationFormat":["markdown","plaintext"],
      "parameterInformation":{"labelOffsetSupport":true},"activeParameterSupport":true},
      "contextSupport":true},"definition":{"dynamicRegistration":true,"linkSupport":true},
      "codeAction":{"dynamicRegistration":true,"isPreferredSupport":true,"disabledSupport":true,
      "dataSupport":true,"resolveSupport":{"properties":["edit"]},"codeActionLiteralSupport":
      {"codeActionKind":{"valueSet":["","quickfix","refactor","refactor.extract",
      "refactor.inline","refactor.rewrite","source","source.organizeImports"]}},
      "honorsChangeAnnotations":false},"rename":{"dynamicRegistration":true,"prepareSupport":true,
      "prepareSupportDefaultBehavior":1,"honorsChangeAnnotations":true},"semanticTokens":
      {"dynamicRegistration":true,"tokenTypes":["namespace","type"],"tokenModifiers":
      ["declaration"],"formats":["relative"],"requests":{"range":true,"full":{"delta":true}},
      "multilineTokenSupport":false,"overlappingTokenSupport":false,"serverCancelSupport":true,
      "augmentsSyntaxTokens":true},"diagnostic":{"dynamicRegistration":true,
      "relatedDocumentSupport":false},"inlineCompletion":{"dynamicRegistration":true}},
      "window":{"showMessage":{"messageActionItem":{"additionalPropertiesSupport":true}},
      "showDocument":{"support":true},"workDoneProgress":true},"general":{"staleRequestSupport":
      {"cancel":true,"retryOnContentModified":["textDocument/semanticTokens/full"]},
      "regularExpressions":{"engine":"ECMAScript","version":"ES2020"},"markdown":{"parser":
      "marked","version":"1.1.0"},"positionEncodings":["utf-16"]},"experimental":
      {"codeloopStatus":true}}
      """;

  @TempDir Path home;
  private Map<String, String> env;
  private ServerComponents components;

  @BeforeEach
  void setUp() {
    env =
        Map.of(
            "HOME", home.toString(),
            "XDG_CONFIG_HOME", home.resolve("config").toString(),
            "XDG_CACHE_HOME", home.resolve("cache").toString(),
            "XDG_STATE_HOME", home.resolve("state").toString());
    components = ServerComponents.production(ServerExecutors.defaults(), env, VERSION, l -> {});
  }

  @AfterEach
  void tearDown() {
    components.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"processId\":null,\"rootUri\":null,\"capabilities\":{}}",
        "{\"capabilities\":{\"textDocument\":{\"inlineCompletion\":{}}}}",
        "{\"processId\":null,\"clientInfo\":{\"name\":\"Visual Studio Code\",\"version\":\"1.99\"},"
            + "\"locale\":\"en\",\"trace\":\"off\",\"capabilities\":"
            + "VSCODE,\"initializationOptions\":{\"settings\":{\"models\":{}}}}",
        "{\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-32\",\"utf-8\"]},"
            + "\"textDocument\":{\"diagnostic\":{},\"codeAction\":{\"resolveSupport\":"
            + "{\"properties\":[\"edit\"]}}}},"
            + "\"initializationOptions\":{\"settings\":{\"completion\":{\"style\":\"both\"}}}}",
        "{\"capabilities\":{\"textDocument\":{\"inlineCompletion\":{}}},"
            + "\"initializationOptions\":{\"completion\":{\"style\":\"list\",\"debounceMs\":5}}}",
        "{\"capabilities\":{\"textDocument\":{\"inlineCompletion\":{}}},"
            + "\"initializationOptions\":{\"settings\":{\"completion\":{\"style\":\"off\"}}}}",
        "{\"capabilities\":{\"textDocument\":{\"inlineCompletion\":{}}},"
            + "\"initializationOptions\":{\"settings\":{\"completion\":{\"debounceMs\":40}}}}",
        "{\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-8\"]}},\"workDoneToken\":7,"
            + "\"workspaceFolders\":[{\"uri\":\"ROOT\",\"name\":\"ws\"}]}",
        "{\"capabilities\":{},\"rootUri\":\"ROOT\",\"workspaceFolders\":null}"
      })
  void should_answer_early_exactly_what_the_session_answers(String params) throws Exception {
    // given: a workspace whose .codeloop.json leaves the completion style alone
    Path root = Files.createDirectories(home.resolve("ws"));
    Files.writeString(root.resolve(".codeloop.json"), "{\"completion\":{\"debounceMs\":90}}");
    String message = initialize("1", resolve(params, root));

    // when
    Optional<String> early = earlyBody(message);
    String session = sessionBody(message);

    // then
    assertThat(early).contains(session);
  }

  @Test
  void should_echo_a_string_id_as_the_session_does() throws Exception {
    String message = initialize("\"init<1>\"", "{\"capabilities\":{}}");

    assertThat(earlyBody(message)).contains(sessionBody(message));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // LSP4J refuses these: the session answers with an error, as always
        "{\"processId\":null}",
        "{\"processId\":\"12\",\"capabilities\":{}}",
        "{\"capabilities\":{\"textDocument\":{\"codeAction\":{\"resolveSupport\":{}}}}}",
        "{\"capabilities\":{},\"workspaceFolders\":[{\"uri\":\"file:///x\"}]}",
        "{\"capabilities\":[]}",
        // settings the early answer does not evaluate
        "{\"capabilities\":{},\"initializationOptions\":{\"settings\":{\"completion\":"
            + "{\"style\":\"sideways\"}}}}",
        "{\"capabilities\":{},\"initializationOptions\":{\"settings\":{\"completion\":null}}}",
        "{\"capabilities\":{},\"initializationOptions\":{\"completion\":{\"style\":\"LIST\"}}}",
        "{\"capabilities\":{},\"rootUri\":\"STYLED\"}",
        "{\"capabilities\":{},\"futureField\":1}"
      })
  void should_leave_to_the_session_what_it_cannot_be_sure_of(String params) throws Exception {
    // given: a workspace file that sets the style
    Path styled = Files.createDirectories(home.resolve("styled"));
    Files.writeString(styled.resolve(".codeloop.json"), "{\"completion\":{\"style\":\"list\"}}");
    String message = initialize("1", params.replace("STYLED", styled.toUri().toString()));

    // when
    Optional<String> early = earlyBody(message);

    // then
    assertThat(early).isEmpty();
  }

  @Test
  void should_leave_to_the_session_a_user_file_that_sets_the_style() throws Exception {
    // given
    Path file = UserPaths.of(env).settingsFile().orElseThrow();
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"completion\":{\"style\":\"inline\"}}");

    // when
    Optional<String> early = earlyBody(initialize("1", "{\"capabilities\":{}}"));

    // then
    assertThat(early).isEmpty();
  }

  @Test
  void should_hold_its_assumptions_to_the_settings() {
    assertThat(ServerSettings.defaults(new SettingsJson().builtInDefaults()).completion().style())
        .isEqualTo(CompletionStyle.AUTO);
    for (CompletionStyle s : CompletionStyle.values()) {
      assertThat(SettingsReader.settingName(s)).isEqualToIgnoringCase(s.name());
    }
  }

  @Test
  void should_initialize_the_session_once_and_apply_what_follows_in_order() throws Exception {
    // given: initialize, initialized and a request written at once, before any answer
    BytePipe toServer = new BytePipe();
    BytePipe toClient = new BytePipe();
    InputStream serverIn = new BufferedInputStream(toServer.in());
    OutputStream client = toServer.out();
    client.write(
        frame(
            initialize(
                "1",
                "{\"capabilities\":{\"textDocument\":{\"inlineCompletion\":{}}},"
                    + "\"initializationOptions\":{\"settings\":{\"completion\":"
                    + "{\"style\":\"both\",\"debounceMs\":42}}}}")));
    client.write(frame("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}"));
    client.write(
        frame(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"workspace/executeCommand\","
                + "\"params\":{\"command\":\"codeloop.showSettings\"}}"));
    client.write(frame("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"codeloop/unknown\"}"));
    client.flush();

    // when: the early answer, then the session
    EarlyStart early = answerFirst(serverIn, toClient.out());
    LspSession session = components.newSession(serverIn, toClient.out(), () -> {}, () -> {});
    Thread t = new Thread(() -> session.run(early), "early-session");
    t.setDaemon(true);
    t.start();
    List<JsonObject> replies = new ArrayList<>();
    InputStream clientIn = new BufferedInputStream(toClient.in());
    while (replies.size() < 3) {
      JsonObject m = JsonParser.parseString(body(clientIn)).getAsJsonObject();
      if (m.has("id") && !m.has("method")) {
        replies.add(m);
      }
    }

    // then: initialize answered once, first; the settings of initializationOptions were in force
    // for the request right behind it; every request answered (executeCommand runs off the
    // dispatch thread, so its answer may come after the next one's)
    assertThat(early.answered()).isNotNull();
    replies.sort(java.util.Comparator.comparingInt(r -> r.get("id").getAsInt()));
    assertThat(replies).extracting(r -> r.get("id").getAsInt()).containsExactly(1, 2, 3);
    assertThat(replies.get(0).getAsJsonObject("result").getAsJsonObject("capabilities").keySet())
        .contains("inlineCompletionProvider", "completionProvider");
    JsonObject completion =
        replies
            .get(1)
            .getAsJsonObject("result")
            .getAsJsonObject("settings")
            .getAsJsonObject("completion");
    assertThat(completion.get("debounceMs").getAsInt()).isEqualTo(42);
    assertThat(replies.get(2).getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32601);
    client.close();
  }

  @Test
  void should_initialize_the_session_when_lsp4j_cannot_read_a_capability_it_does_not_use()
      throws Exception {
    // given: an answered initialize whose hover capability LSP4J cannot read (not an object)
    BytePipe toServer = new BytePipe();
    BytePipe toClient = new BytePipe();
    InputStream serverIn = new BufferedInputStream(toServer.in());
    OutputStream client = toServer.out();
    client.write(
        frame(
            initialize(
                "1",
                "{\"capabilities\":{\"textDocument\":{\"hover\":\"yes\",\"inlineCompletion\":{}}}}")));
    client.write(frame("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}"));
    client.write(
        frame(
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"workspace/executeCommand\","
                + "\"params\":{\"command\":\"codeloop.showSettings\"}}"));
    client.flush();
    EarlyStart early = answerFirst(serverIn, toClient.out());

    // when
    LspSession session = components.newSession(serverIn, toClient.out(), () -> {}, () -> {});
    Thread t = new Thread(() -> session.run(early), "early-session");
    t.setDaemon(true);
    t.start();
    InputStream clientIn = new BufferedInputStream(toClient.in());
    List<JsonObject> replies = new ArrayList<>();
    while (replies.size() < 2) {
      JsonObject m = JsonParser.parseString(body(clientIn)).getAsJsonObject();
      if (m.has("id") && !m.has("method")) {
        replies.add(m);
      }
    }

    // then: the client got its early answer once, and the session is initialized (the request
    // behind it is served, not refused as "not initialized")
    assertThat(early.answered()).isNotNull();
    assertThat(replies).extracting(r -> r.get("id").getAsInt()).containsExactly(1, 2);
    assertThat(replies.get(0)).isEqualTo(JsonParser.parseString(early.answered().body()));
    assertThat(replies.get(1).has("result")).as(replies.get(1).toString()).isTrue();
    client.close();
  }

  private static String resolve(String params, Path root) {
    return params
        .replace("VSCODE", VS_CODE_LIKE_CAPABILITIES.replace("\n", ""))
        .replace("ROOT", root.toUri().toString());
  }

  private static String initialize(String id, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"initialize\",\"params\":"
        + params
        + "}";
  }

  private EarlyStart answerFirst(InputStream in, OutputStream out) {
    return EarlyStart.answerFirst(
        in,
        out,
        ServerComponents.MAX_MESSAGE_BYTES,
        new EarlyInitializeAnswer(UserPaths.of(env).settingsFile(), Commands.PRODUCTION, VERSION)
            ::resultJson,
        InitializeTree::withUsedCapabilitiesOnly);
  }

  /** The early answer's body, or empty when there is none. */
  private Optional<String> earlyBody(String message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EarlyStart start = answerFirst(new ByteArrayInputStream(frame(message)), out);
    assertThat(start.consumed()).isEqualTo(frame(message));
    if (out.size() == 0) {
      assertThat(start.answered()).isNull();
      return Optional.empty();
    }
    return Optional.of(body(new ByteArrayInputStream(out.toByteArray())));
  }

  /** What a production session (the path without an early answer) writes for the message. */
  private String sessionBody(String message) throws IOException {
    BytePipe toServer = new BytePipe();
    BytePipe toClient = new BytePipe();
    LspSession session =
        components.newSession(
            new BufferedInputStream(toServer.in()), toClient.out(), () -> {}, () -> {});
    Thread t = new Thread(session::run, "session");
    t.setDaemon(true);
    t.start();
    toServer.out().write(frame(message));
    toServer.out().flush();
    InputStream in = new BufferedInputStream(toClient.in());
    String body = body(in);
    while (body.contains("\"method\":\"window/")) {
      body = body(in); // the session's messages to the user (settings problems) come first
    }
    toServer.out().close();
    return body;
  }

  private static byte[] frame(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] header =
        ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[header.length + body.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(body, 0, all, header.length, body.length);
    return all;
  }

  private static String body(InputStream in) throws IOException {
    int length = -1;
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("stream ended");
      }
      if (b == '\n') {
        String l = line.toString().trim();
        line.setLength(0);
        if (l.isEmpty()) {
          if (length >= 0) {
            break;
          }
          continue;
        }
        if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(l.substring(15).trim());
        }
      } else {
        line.append((char) b);
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
