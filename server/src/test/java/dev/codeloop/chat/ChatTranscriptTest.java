package dev.codeloop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.chat.ChatMessage.Author;
import org.junit.jupiter.api.Test;

class ChatTranscriptTest {

  @Test
  void should_split_the_file_into_preamble_and_messages() {
    // given
    String text =
        "Be brief.\n\n## You\n\nWhat is @src/A.java?\n\n## Codeloop\n\nA class.\n\n## You\n\nAnd B?\n";

    // when
    ChatTranscript t = ChatTranscript.parse(text);

    // then
    assertThat(t.preamble()).isEqualTo("Be brief.");
    assertThat(t.messages())
        .containsExactly(
            new ChatMessage(Author.USER, "What is @src/A.java?"),
            new ChatMessage(Author.CODELOOP, "A class."),
            new ChatMessage(Author.USER, "And B?"));
    assertThat(t.awaitsAnswer()).isTrue();
  }

  @Test
  void should_ignore_headings_inside_code_fences() {
    // given
    String text = "## You\n\n```md\n## Codeloop\n```\n";

    // when
    ChatTranscript t = ChatTranscript.parse(text);

    // then
    assertThat(t.messages()).hasSize(1);
    assertThat(t.messages().get(0).text()).contains("## Codeloop");
  }

  @Test
  void should_not_await_an_answer_when_the_last_you_section_is_empty() {
    assertThat(
            ChatTranscript.parse("## You\n\nHi\n\n## Codeloop\n\nHello\n\n## You\n\n")
                .awaitsAnswer())
        .isFalse();
  }

  @Test
  void should_treat_a_file_without_headings_as_the_first_message() {
    assertThat(ChatTranscript.parse("hello there").messages())
        .containsExactly(new ChatMessage(Author.USER, "hello there"));
  }
}
