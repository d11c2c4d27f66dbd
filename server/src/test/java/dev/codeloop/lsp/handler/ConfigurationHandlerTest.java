package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.codeloop.settings.SettingsJson;
import dev.codeloop.settings.SettingsStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.services.LanguageClient;
import org.junit.jupiter.api.Test;

class ConfigurationHandlerTest {
  private final SettingsJson json = new SettingsJson();
  private final SettingsStore store = new SettingsStore(json, json.builtInDefaults());
  // an awkward edge: only workspace/configuration of the whole client interface is used
  private final LanguageClient client = mock(LanguageClient.class);
  private final ConfigurationHandler handler =
      new ConfigurationHandler(store, () -> client, o -> (JsonNode) o, Runnable::run);

  private JsonNode debounce(int ms) {
    return json.parse("{\"completion\": {\"debounceMs\": " + ms + "}}", "client");
  }

  @Test
  void should_keep_the_newest_settings_when_pulled_replies_arrive_out_of_order() {
    // given: two pulls in flight (the user changed a setting twice)
    CompletableFuture<List<Object>> first = new CompletableFuture<>();
    CompletableFuture<List<Object>> second = new CompletableFuture<>();
    when(client.configuration(any())).thenReturn(first, second);
    handler.pull();
    handler.pull();

    // when: the newer reply is applied before the older one
    second.complete(List.of(debounce(200)));
    first.complete(List.of(debounce(50)));

    // then
    assertThat(store.current().completion().debounceMs()).isEqualTo(200);
  }

  @Test
  void should_not_let_an_older_pulled_reply_undo_a_newer_push() {
    // given
    CompletableFuture<List<Object>> pulled = new CompletableFuture<>();
    when(client.configuration(any())).thenReturn(pulled);
    handler.pull();

    // when
    handler.didChangeConfiguration(
        json.parse("{\"codeloop\": {\"completion\": {\"debounceMs\": 300}}}", "push"));
    pulled.complete(List.of(debounce(50)));

    // then
    assertThat(store.current().completion().debounceMs()).isEqualTo(300);

    // and a newer pull applies again
    CompletableFuture<List<Object>> later = new CompletableFuture<>();
    when(client.configuration(any())).thenReturn(later);
    handler.pull();
    later.complete(List.of(debounce(70)));
    assertThat(store.current().completion().debounceMs()).isEqualTo(70);
  }
}
