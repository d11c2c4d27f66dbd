package dev.codeloop.action.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.action.ActionAssert;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.Task;
import org.junit.jupiter.api.Test;

class PlanProviderTest {

  @Test
  void should_render_the_json_plan_as_markdown() {
    // given
    ActionAssert a =
        ActionAssert.forText("class |A {}\n")
            .withModelReply(
                "{\"summary\":\"Split A.\",\"steps\":[{\"title\":\"Extract B\",\"detail\":\"move f\","
                    + "\"files\":[\"src/B.java\"]}],\"risks\":[\"callers\"]}");

    // when
    a.resolve("Plan this change with AI", "split the class");

    // then
    a.expectAnswerContaining("# Plan: split the class")
        .expectAnswerContaining("1. **Extract B** — move f")
        .expectAnswerContaining("`src/B.java`")
        .expectAnswerContaining("## Risks");
    assertThat(a.models().requests().get(0).task()).isEqualTo(Task.PLAN);
  }

  @Test
  void should_fail_clearly_on_a_reply_that_is_not_json() {
    ActionAssert.forText("class |A {}\n")
        .withModelReply("First, I would think about it.")
        .expectResolveError(
            "Plan this change with AI", CodeloopException.Kind.REQUEST_FAILED, "JSON");
  }
}
