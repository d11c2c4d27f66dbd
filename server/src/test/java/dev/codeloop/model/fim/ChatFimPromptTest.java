package dev.codeloop.model.fim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.FimRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatFimPromptTest {
  private static FimRequest fim(String prefix, String suffix, boolean multiline) {
    return new FimRequest("src/A.py", "python", prefix, suffix, List.of(), multiline);
  }

  @Test
  void should_mark_the_hole_and_put_commented_snippets_first() {
    // given
    FimRequest f =
        new FimRequest(
            "src/A.py",
            "python",
            "def f():\n    return ",
            "\n",
            List.of(new FimRequest.ContextSnippet("src/b.py", "X = 1", 1.0)),
            false);
    // when
    List<ChatTurn> messages = ChatFimPrompt.messages(f);
    // then
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).role()).isEqualTo(ChatTurn.Role.SYSTEM);
    String user = messages.get(1).text();
    assertThat(user).contains("# Path: src/b.py\n# X = 1\n");
    assertThat(user).contains("def f():\n    return <CURSOR>\n");
    assertThat(user.indexOf("src/b.py")).isLessThan(user.indexOf("<CURSOR>"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // reply                                         | expected
        "x + 1                                          | x + 1",
        "```python\\nx + 1\\n```                        | x + 1",
        "Sure!\\n```\\nx + 1\\n```\\nDone.              | x + 1",
        "    return x + 1                               | x + 1",
        "```python\\ndef f():\\n    return x + 1\\n``` | x + 1",
        "return <CURSOR>x + 1                           | x + 1",
      })
  void should_extract_only_the_inserted_code(String reply, String expected) {
    // given
    FimRequest f = fim("def f():\n    return ", "\n", false);
    // when
    String code = ChatFimPrompt.extract(f, reply.replace("\\n", "\n").strip());
    // then
    assertThat(code).isEqualTo(expected);
  }

  @Test
  void should_strip_an_echoed_suffix_line() {
    // given
    FimRequest f = fim("total = ", ")\nprint(total)\n", true);
    // when
    String code = ChatFimPrompt.extract(f, "sum(values)\nprint(total)");
    // then
    assertThat(code).isEqualTo("sum(values");
  }

  @Test
  void should_keep_only_the_first_line_when_single_line_is_wanted() {
    // given
    FimRequest f = fim("x = ", "", false);
    // when / then
    assertThat(ChatFimPrompt.extract(f, "1\ny = 2")).isEqualTo("1");
  }

  @Test
  void should_keep_a_coincidental_one_character_overlap() {
    // given: the prefix ends with "(" and the answer starts with "(" by chance
    FimRequest f = fim("foo(", ")", true);
    // when / then
    assertThat(ChatFimPrompt.extract(f, "(a + b) * c")).isEqualTo("(a + b) * c");
  }
}
