package dev.codeloop.action.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.action.ActionAssert;
import dev.codeloop.action.ActionResult;
import dev.codeloop.model.Task;
import org.junit.jupiter.api.Test;

class ExplainProviderTest {

  @Test
  void should_explain_the_enclosing_symbol_as_a_markdown_answer() {
    // given
    ActionAssert a =
        ActionAssert.forText("class A {\n  int size() {\n    return |n;\n  }\n}\n")
            .withModelReply("It returns **n**.");

    // when
    a.resolve("Explain with AI");

    // then
    a.expectAnswerContaining("It returns **n**.")
        .expectPromptContaining("Explain `size`", "int size()");
    assertThat(((ActionResult.Answer) a.result()).name()).isEqualTo("explain");
    assertThat(a.models().requests().get(0).task()).isEqualTo(Task.EXPLAIN);
  }
}
