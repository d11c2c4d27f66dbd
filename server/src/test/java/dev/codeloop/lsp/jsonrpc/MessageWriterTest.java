package dev.codeloop.lsp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageWriterTest {
  @Test
  void should_escape_lone_surrogates_and_keep_pairs() {
    assertThat(MessageWriter.escapeLoneSurrogates("{\"a\":\"x\uD800y\"}"))
        .isEqualTo("{\"a\":\"x\\ud800y\"}");
    assertThat(MessageWriter.escapeLoneSurrogates("\uDC00\uD83D\uDE00\uD83D"))
        .isEqualTo("\\udc00\uD83D\uDE00\\ud83d");
    String plain = "{\"a\":\"héllo 😀\"}";
    assertThat(MessageWriter.escapeLoneSurrogates(plain)).isSameAs(plain);
  }
}
