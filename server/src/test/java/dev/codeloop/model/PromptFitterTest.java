package dev.codeloop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFitterTest {

  @Test
  void should_leave_a_call_that_fits_untouched() {
    // given
    ModelCall call = ModelCall.chat(List.of(ChatTurn.user("hi")), 100);
    // when / then
    assertThat(PromptFitter.fit(call, 8192, "m")).isSameAs(call);
  }

  @Test
  void should_trim_the_far_ends_of_prefix_and_suffix_after_dropping_all_snippets() {
    // given
    String prefix = "p".repeat(5000) + "NEAR_PREFIX";
    String suffix = "NEAR_SUFFIX" + "s".repeat(5000);
    FimRequest fim =
        new FimRequest(
                "A.java",
                "java",
                prefix,
                suffix,
                List.of(new FimRequest.ContextSnippet("B.java", "b", 1)),
                false)
            .forDocument("file:///w/A.java");
    // when
    ModelCall fitted = PromptFitter.fit(ModelCall.fim(fim, 64, 1), 1024, "m");
    // then
    FimRequest f = fitted.fim().orElseThrow();
    assertThat(f.snippets()).isEmpty();
    assertThat(f.document()).contains("file:///w/A.java"); // the embedded model routes by it
    assertThat(f.prefix()).endsWith("NEAR_PREFIX").hasSizeLessThan(prefix.length());
    assertThat(f.suffix()).startsWith("NEAR_SUFFIX").hasSizeLessThan(suffix.length());
    assertThat(PromptFitter.estimateTokens(fitted))
        .isLessThanOrEqualTo((int) (1024 * PromptFitter.SAFETY) - 64);
  }

  @Test
  void should_drop_middle_history_turns_first() {
    // given
    String big = "x".repeat(1400);
    List<ChatTurn> turns =
        List.of(
            ChatTurn.system("rules"),
            ChatTurn.user("first question"),
            ChatTurn.assistant(big),
            ChatTurn.user(big),
            ChatTurn.assistant("short"),
            ChatTurn.user("last question"));
    // when
    ModelCall fitted = PromptFitter.fit(ModelCall.chat(turns, 100), 500, "m");
    // then
    assertThat(fitted.messages())
        .extracting(ChatTurn::text)
        .containsExactly("rules", "first question", "short", "last question");
  }

  @Test
  void should_report_context_overflow_when_the_last_turn_alone_is_too_big() {
    // given
    ModelCall call = ModelCall.chat(List.of(ChatTurn.user("y".repeat(10_000))), 100);
    // when / then
    assertThatThrownBy(() -> PromptFitter.fit(call, 1024, "small"))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ModelException.Kind.CONTEXT_OVERFLOW);
              assertThat(e.model()).isEqualTo("small");
            });
  }
}
