package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SettingsTest {
  @TempDir Path xdg;
  @TempDir Path workspace;
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

  private LspClient start() throws Exception {
    server = ServerProcess.start(xdg);
    lsp = LspClient.over(server);
    return lsp;
  }

  private static int debounceMs(JsonElement settings) {
    return settings.getAsJsonObject().getAsJsonObject("completion").get("debounceMs").getAsInt();
  }

  private static InitializeParams withOptions(String initializationOptionsJson) {
    InitializeParams params = LspClient.defaultParams();
    params.setInitializationOptions(JsonParser.parseString(initializationOptionsJson));
    return params;
  }

  /** Polls showSettings until debounceMs has the expected value (settings apply asynchronously). */
  private int awaitDebounce(int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int value;
    do {
      value = debounceMs(lsp.showSettings());
      if (value == expected) {
        return value;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return value;
  }

  @Test
  void should_show_message_naming_the_setting_when_initialization_option_is_invalid()
      throws Exception {
    // given
    LspClient client = start();

    // when
    client.initialize(withOptions("{\"settings\":{\"completion\":{\"debounceMs\":\"fast\"}}}"));

    // then
    MessageParams shown =
        client.client.awaitShownMessage(
            m -> m.getMessage().contains("completion.debounceMs"), Duration.ofSeconds(5));
    assertThat(shown.getMessage()).contains("fast");
  }

  @Test
  void should_keep_last_good_value_in_show_settings_when_initialization_option_is_invalid()
      throws Exception {
    // given
    LspClient client = start();
    int defaultValue = debounceMsAfterPlainInitialize();
    tearDown();
    client = start();

    // when
    client.initialize(withOptions("{\"settings\":{\"completion\":{\"debounceMs\":\"fast\"}}}"));

    // then
    JsonElement value =
        client.showSettings().getAsJsonObject().getAsJsonObject("completion").get("debounceMs");
    assertThat(value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber())
        .as("showSettings reports the value in force, not the rejected one: %s", value)
        .isTrue();
    assertThat(value.getAsInt()).isEqualTo(defaultValue);
  }

  private int debounceMsAfterPlainInitialize() throws Exception {
    lsp.initialize();
    return debounceMs(lsp.showSettings());
  }

  @Test
  void should_honour_workspace_settings_file_with_comments() throws Exception {
    // given
    Files.writeString(
        workspace.resolve(".codeloop.json"),
        """
        // project settings for Codeloop
        {
          /* block comment */
          "completion": {
            "debounceMs": 234 // trailing comment
          }
        }
        """);
    LspClient client = start();
    InitializeParams params = LspClient.defaultParams();
    params.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "ws")));

    // when
    client.initialize(params);

    // then
    assertThat(debounceMs(client.showSettings())).isEqualTo(234);
    assertThat(client.client.shownMessages).isEmpty();
  }

  @Test
  void should_let_initialization_options_override_workspace_file_and_user_file() throws Exception {
    // given
    Files.createDirectories(xdg.resolve("codeloop"));
    Files.writeString(
        xdg.resolve("codeloop/config.json"),
        "{\"completion\":{\"debounceMs\":111,\"maxLines\":7}}");
    Files.writeString(workspace.resolve(".codeloop.json"), "{\"completion\":{\"debounceMs\":222}}");
    LspClient client = start();
    InitializeParams params = withOptions("{\"settings\":{\"completion\":{\"debounceMs\":333}}}");
    params.setRootUri(workspace.toUri().toString());

    // when
    client.initialize(params);

    // then
    JsonElement settings = client.showSettings();
    assertThat(debounceMs(settings)).isEqualTo(333);
    assertThat(settings.getAsJsonObject().getAsJsonObject("completion").get("maxLines").getAsInt())
        .isEqualTo(7);
  }

  @Test
  void should_apply_did_change_configuration_with_codeloop_section() throws Exception {
    // given
    LspClient client = start();
    client.initialize();

    // when
    client
        .server
        .getWorkspaceService()
        .didChangeConfiguration(
            new DidChangeConfigurationParams(
                Map.of("codeloop", Map.of("completion", Map.of("debounceMs", 456)))));

    // then
    assertThat(awaitDebounce(456)).isEqualTo(456);
  }

  @Test
  void should_reject_bad_did_change_configuration_value_and_keep_previous() throws Exception {
    // given
    LspClient client = start();
    client.initialize();
    client
        .server
        .getWorkspaceService()
        .didChangeConfiguration(
            new DidChangeConfigurationParams(
                Map.of("codeloop", Map.of("completion", Map.of("debounceMs", 456)))));
    awaitDebounce(456);

    // when
    client
        .server
        .getWorkspaceService()
        .didChangeConfiguration(
            new DidChangeConfigurationParams(
                Map.of("codeloop", Map.of("completion", Map.of("debounceMs", -5)))));

    // then
    client.client.awaitShownMessage(
        m -> m.getMessage().contains("completion.debounceMs"), Duration.ofSeconds(5));
    assertThat(debounceMs(client.showSettings())).isEqualTo(456);
  }

  /** LSP orders a notification before the request that follows it: settings apply in order. */
  @Test
  void should_see_did_change_configuration_in_the_very_next_request() throws Exception {
    // given
    LspClient client = start();
    client.initialize();
    List<String> stale = new java.util.ArrayList<>();

    // when: LSP orders a notification before the request that follows it
    for (int value = 500; value < 530; value++) {
      client
          .server
          .getWorkspaceService()
          .didChangeConfiguration(
              new DidChangeConfigurationParams(
                  Map.of("codeloop", Map.of("completion", Map.of("debounceMs", value)))));
      int seen = debounceMs(client.showSettings());
      if (seen != value) {
        stale.add("sent " + value + ", saw " + seen);
      }
    }

    // then
    assertThat(stale).isEmpty();
  }
}
