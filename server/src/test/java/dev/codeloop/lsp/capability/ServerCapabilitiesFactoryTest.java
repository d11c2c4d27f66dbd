package dev.codeloop.lsp.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.codeloop.document.PositionEncoding;
import dev.codeloop.settings.ServerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeActionResolveSupportCapabilities;
import org.eclipse.lsp4j.GeneralClientCapabilities;
import org.eclipse.lsp4j.InlineCompletionCapabilities;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerCapabilitiesFactoryTest {
  private final ServerCapabilitiesFactory factory = new ServerCapabilitiesFactory();

  static Stream<Arguments> encodings() {
    return Stream.of(
        Arguments.of(null, PositionEncoding.UTF16),
        Arguments.of(List.of(), PositionEncoding.UTF16),
        Arguments.of(List.of("utf-8"), PositionEncoding.UTF8),
        Arguments.of(List.of("utf-32"), PositionEncoding.UTF32),
        Arguments.of(List.of("utf-8", "utf-16"), PositionEncoding.UTF16),
        Arguments.of(List.of("latin-1", "utf-32", "utf-8"), PositionEncoding.UTF32),
        Arguments.of(List.of("latin-1"), PositionEncoding.UTF16));
  }

  @ParameterizedTest
  @MethodSource("encodings")
  void should_negotiate_position_encoding(List<String> offered, PositionEncoding expected) {
    // given
    ClientCapabilities caps = new ClientCapabilities();
    GeneralClientCapabilities general = new GeneralClientCapabilities();
    general.setPositionEncodings(offered == null ? null : new ArrayList<>(offered));
    caps.setGeneral(general);

    // when
    PositionEncoding chosen = ClientCapabilitiesView.of(caps).negotiateEncoding();

    // then
    assertThat(chosen).isEqualTo(expected);
  }

  @Test
  void should_advertise_incremental_sync_and_inline_completion_when_client_supports_it() {
    // given
    ClientCapabilities caps = new ClientCapabilities();
    TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
    td.setInlineCompletion(new InlineCompletionCapabilities());
    caps.setTextDocument(td);

    // when
    ServerCapabilities server = create(caps, defaults());

    // then
    assertThat(server.getTextDocumentSync().getRight().getChange())
        .isEqualTo(TextDocumentSyncKind.Incremental);
    assertThat(server.getTextDocumentSync().getRight().getOpenClose()).isTrue();
    assertThat(server.getInlineCompletionProvider()).isNotNull();
    assertThat(server.getCompletionProvider()).isNull();
    assertThat(server.getPositionEncoding()).isEqualTo("utf-16");
  }

  @Test
  void should_fall_back_to_list_completion_when_client_has_no_inline_completion() {
    // when
    ServerCapabilities server = create(new ClientCapabilities(), defaults());

    // then
    assertThat(server.getInlineCompletionProvider()).isNull();
    assertThat(server.getCompletionProvider()).isNotNull();
    assertThat(server.getCompletionProvider().getTriggerCharacters()).contains(".");
  }

  @Test
  void should_offer_both_styles_when_setting_says_both() {
    // given
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.putObject("completion").put("style", "both");
    ServerSettings settings = ServerSettings.parse(tree, defaults(), new ArrayList<>());

    // when
    ServerCapabilities server = create(new ClientCapabilities(), settings);

    // then
    assertThat(server.getInlineCompletionProvider()).isNotNull();
    assertThat(server.getCompletionProvider()).isNotNull();
  }

  @Test
  void should_advertise_code_action_resolve_only_when_client_can_resolve_edits() {
    // given
    ClientCapabilities caps = new ClientCapabilities();
    TextDocumentClientCapabilities td = new TextDocumentClientCapabilities();
    CodeActionCapabilities ca = new CodeActionCapabilities();
    ca.setResolveSupport(new CodeActionResolveSupportCapabilities(List.of("edit")));
    td.setCodeAction(ca);
    caps.setTextDocument(td);

    // when
    ServerCapabilities withResolve = create(caps, defaults());
    ServerCapabilities without = create(new ClientCapabilities(), defaults());

    // then
    assertThat(withResolve.getCodeActionProvider().getRight().getResolveProvider()).isTrue();
    assertThat(without.getCodeActionProvider().getRight().getResolveProvider()).isFalse();
  }

  @Test
  void should_list_registered_commands() {
    // when
    ServerCapabilities server =
        factory.create(
            ClientCapabilitiesView.of(null),
            defaults(),
            List.of("a.b", "c.d"),
            PositionEncoding.UTF8);

    // then
    assertThat(server.getExecuteCommandProvider().getCommands()).containsExactly("a.b", "c.d");
    assertThat(server.getPositionEncoding()).isEqualTo("utf-8");
  }

  private ServerCapabilities create(ClientCapabilities caps, ServerSettings settings) {
    ClientCapabilitiesView view = ClientCapabilitiesView.of(caps);
    return factory.create(view, settings, List.of(), view.negotiateEncoding());
  }

  private static ServerSettings defaults() {
    return ServerSettings.defaults(JsonNodeFactory.instance.objectNode());
  }
}
