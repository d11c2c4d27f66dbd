package dev.codeloop.lsp.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.junit.jupiter.api.Test;

class CompletionItemDefaultsCapabilityTest {
  private static final String PARAMS =
      """
      {"processId": null, "rootUri": null, "capabilities": {"textDocument": {"completion": {
        "completionItem": {"snippetSupport": true},
        "completionList": {"itemDefaults":
          ["commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"]}}}}}
      """;

  private static ClientCapabilitiesView throughLsp4j(JsonObject params) {
    InitializeParams p =
        new MessageJsonHandler(java.util.Map.of())
            .getGson()
            .fromJson(params, InitializeParams.class);
    return ClientCapabilitiesView.of(p.getCapabilities());
  }

  @Test
  void should_read_the_item_defaults_a_client_supports_the_same_way_on_both_paths() {
    // given
    JsonObject params = JsonParser.parseString(PARAMS).getAsJsonObject();
    List<String> expected =
        List.of("commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data");

    // when
    ClientCapabilitiesView session = throughLsp4j(params);
    ClientCapabilitiesView early = InitializeTree.read(params).client();
    ClientCapabilitiesView reduced = throughLsp4j(InitializeTree.withUsedCapabilitiesOnly(params));

    // then
    assertThat(session.completionItemDefaults()).isEqualTo(expected);
    assertThat(early).isEqualTo(session);
    assertThat(reduced).isEqualTo(session);
  }

  @Test
  void should_read_none_when_the_client_says_nothing() {
    JsonObject params =
        JsonParser.parseString("{\"processId\": null, \"capabilities\": {}}").getAsJsonObject();

    assertThat(throughLsp4j(params).completionItemDefaults()).isEmpty();
    assertThat(InitializeTree.read(params).client().completionItemDefaults()).isEmpty();
  }
}
