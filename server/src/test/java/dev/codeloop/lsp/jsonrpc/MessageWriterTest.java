package dev.codeloop.lsp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

  @Test
  void should_write_utf8_with_lone_surrogates_escaped_and_question_marks_kept() {
    assertThat(utf8("{\"a\":\"x\uD800y?\"}")).isEqualTo("{\"a\":\"x\\ud800y?\"}");
    assertThat(utf8("?\uDC00\uD83D\uDE00\uD83D?")).isEqualTo("?\\udc00\uD83D\uDE00\\ud83d?");
    assertThat(utf8("{\"a\":\"héllo 😀 ? ??\"}")).isEqualTo("{\"a\":\"héllo 😀 ? ??\"}");
    assertThat(utf8("")).isEmpty();
  }

  private static String utf8(String s) {
    return new String(MessageWriter.utf8(s), StandardCharsets.UTF_8);
  }
}
