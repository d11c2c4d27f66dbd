package dev.codeloop.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanDocumentTest {
  @Test
  void should_read_numbered_steps_with_their_detail_and_files() {
    // given: the shape Plan.toMarkdown writes, edited by a user (a step added by hand with "2)")
    String md =
        "# Plan: CSV export\n\nExport as CSV.\n\n## Steps\n\n"
            + "1. **Add the writer** — write `src/Csv.java`\n"
            + "   - `src/Csv.java`\n"
            + "2) Wire it into `src/App.java`\n"
            + "   and test it in `test/AppTest.java`\n\n"
            + "## Risks\n\n- quoting\n";

    // when
    PlanDocument plan = PlanDocument.parse(md);

    // then
    assertThat(plan.steps()).hasSize(2);
    assertThat(plan.steps().get(0).title()).isEqualTo("Add the writer");
    assertThat(plan.steps().get(0).files()).containsExactly("src/Csv.java");
    assertThat(plan.steps().get(1).number()).isEqualTo(2);
    assertThat(plan.steps().get(1).title()).isEqualTo("Wire it into `src/App.java`");
    assertThat(plan.steps().get(1).text()).contains("and test it");
    assertThat(plan.steps().get(1).files()).containsExactly("src/App.java", "test/AppTest.java");
  }

  @Test
  void should_ignore_numbered_lines_inside_code_fences_and_answer_no_steps_for_prose() {
    // given
    String md = "Some prose.\n\n```\n1. not a step\n```\n";

    // when / then
    assertThat(PlanDocument.parse(md).steps()).isEmpty();
  }
}
