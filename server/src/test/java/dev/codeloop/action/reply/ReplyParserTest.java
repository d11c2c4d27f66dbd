package dev.codeloop.action.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.action.plan.Plan;
import dev.codeloop.errors.CodeloopException;
import org.junit.jupiter.api.Test;

class ReplyParserTest {
  private final ReplyParser parser = new ReplyParser(new ObjectMapper());

  @Test
  void should_take_the_fence_in_the_document_language_when_several_are_present() {
    // given
    String reply =
        "Here you go:\n```bash\nmvn test\n```\nand the code:\n```java\nclass A {}\n```\nDone.";

    // when
    CodeBlock block = parser.code(reply, "java");

    // then
    assertThat(block.code()).isEqualTo("class A {}");
    assertThat(block.language()).isEqualTo("java");
  }

  @Test
  void should_take_the_largest_fence_when_none_is_in_the_language() {
    // given
    String reply = "```\nx\n```\n```\nlonger code\nhere\n```";

    // when
    CodeBlock block = parser.code(reply, "python");

    // then
    assertThat(block.code()).isEqualTo("longer code\nhere");
  }

  @Test
  void should_accept_aliases_tildes_and_longer_fences() {
    // given
    String reply = "~~~py\nprint(1)\n~~~\n````python\ns = '```'\n````";

    // when
    var blocks = parser.blocks(reply);

    // then
    assertThat(blocks).extracting(CodeBlock::code).containsExactly("print(1)", "s = '```'");
    assertThat(parser.code(reply, "python").code()).isEqualTo("s = '```'");
  }

  @Test
  void should_keep_the_info_string_as_file_hint_for_several_files() {
    // given
    String reply = "```java src/A.java\nclass A {}\n```\n```java src/B.java\nclass B {}\n```";

    // when
    var blocks = parser.blocks(reply);

    // then
    assertThat(blocks).extracting(CodeBlock::info).containsExactly("src/A.java", "src/B.java");
  }

  @Test
  void should_fail_clearly_when_there_is_no_code_block() {
    assertThatThrownBy(() -> parser.code("I cannot do that.", "java"))
        .isInstanceOf(CodeloopException.class)
        .hasMessageContaining("no code block");
  }

  @Test
  void should_fail_clearly_when_the_reply_is_cut_off_inside_a_fence() {
    assertThatThrownBy(() -> parser.code("```java\nclass A {", "java"))
        .isInstanceOf(CodeloopException.class)
        .hasMessageContaining("cut off");
  }

  @Test
  void should_parse_json_inside_a_fence_and_ignore_unknown_fields() {
    // given
    String reply =
        "Sure!\n```json\n{\"summary\":\"s\",\"steps\":[{\"title\":\"t\",\"files\":[\"a\"]}],\"extra\":1}\n```";

    // when
    Plan plan = parser.json(reply, Plan.class);

    // then
    assertThat(plan.summary()).isEqualTo("s");
    assertThat(plan.steps()).hasSize(1);
    assertThat(plan.steps().get(0).files()).containsExactly("a");
  }

  @Test
  void should_fail_with_request_failed_on_malformed_json() {
    assertThatThrownBy(() -> parser.json("{\"summary\": ", Plan.class))
        .isInstanceOf(CodeloopException.class)
        .satisfies(
            e ->
                assertThat(((CodeloopException) e).kind())
                    .isEqualTo(CodeloopException.Kind.REQUEST_FAILED));
  }
}
