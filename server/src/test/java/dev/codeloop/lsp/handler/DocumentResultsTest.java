package dev.codeloop.lsp.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class DocumentResultsTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void should_render_statistics_with_integers_and_durations_with_units() throws Exception {
    // given
    ObjectNode stats =
        (ObjectNode)
            mapper.readTree(
                "{\"models\": {\"embedded\": {\"calls\": 2.0, \"p50Ms\": 650.0, \"p95Ms\": 1500.0,"
                    + " \"estimatedCost\": 0.125, \"failures\": {}}},"
                    + " \"completion\": [{\"model\": \"embedded\", \"shown\": 3.0}]}");

    // when
    var out = DocumentResults.present("codeloop.stats", stats);

    // then
    String md = out.get("markdown").textValue();
    assertThat(md)
        .contains("- calls: 2\n")
        .contains("- p50Ms: 650 ms\n")
        .contains("- p95Ms: 1.5 s\n")
        .contains("- estimatedCost: 0.13\n")
        .contains("- failures: none\n")
        .contains("- shown: 3\n")
        .doesNotContain("2.0");
    assertThat(out.get("shown").booleanValue()).isFalse();
  }

  @Test
  void should_render_a_failed_test_run_with_its_failures_and_tools() throws Exception {
    // given
    ObjectNode run =
        (ObjectNode)
            mapper.readTree(
                """
                {"kind": "tests", "durationMs": 2300,
                 "counts": {"tools": 1, "failedTools": 1, "findings": 2, "error": 2, "files": 1},
                 "firstFailures": [{"file": "src/A.java", "line": 12, "message": "addsTwo: expected 2"}],
                 "tools": [{"id": "maven-test", "exitCode": 1, "durationMs": 2300, "findings": 2}]}
                """);

    // when
    String md = DocumentResults.present("codeloop.runTests", run).get("markdown").textValue();

    // then
    assertThat(md)
        .startsWith("## Tests: 2 errors in 1 file, 1 tool failed (2.3 s)")
        .contains("- `src/A.java:12` addsTwo: expected 2")
        .contains("- maven-test: exit 1 in 2.3 s, 2 findings");
  }

  @Test
  void should_leave_an_applied_edit_and_other_commands_alone() throws Exception {
    // given
    ObjectNode applied = (ObjectNode) mapper.readTree("{\"applied\": true}");
    ObjectNode settings = (ObjectNode) mapper.readTree("{\"settings\": {}}");

    // when / then
    assertThat(DocumentResults.present("codeloop.applyAction", applied).has("markdown")).isFalse();
    assertThat(DocumentResults.present("codeloop.showSettings", settings).has("markdown"))
        .isFalse();
  }
}
