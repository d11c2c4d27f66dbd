package dev.codeloop.completion.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.completion.Suggestion;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptanceStatsTest {
  private final AcceptanceStats stats = new AcceptanceStats();

  @Test
  void should_count_shown_once_per_suggestion_and_accepted_once() {
    // given
    Suggestion a = new Suggestion(stats.nextId(), "x", "fast");
    Suggestion b = new Suggestion(stats.nextId(), "y", "fast");
    stats.shown(List.of(a, b), "java");
    stats.shown(List.of(a.after("")), "java");

    // when
    boolean first = stats.accepted(a.id());
    boolean again = stats.accepted(a.id());

    // then
    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(stats.rows()).containsExactly(new AcceptanceStats.Row("fast", "java", 2, 1));
    assertThat(stats.rows().get(0).acceptanceRate()).isEqualTo(0.5);
  }

  @Test
  void should_ignore_unknown_ids() {
    assertThat(stats.accepted("nope")).isFalse();
    assertThat(stats.rows()).isEmpty();
  }
}
