package dev.codeloop.workspace.tool.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.workspace.tool.Finding;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ESLint's built-in json format (the shape documented for ESLint 9+), as the detector runs it. */
class EslintJsonTest {
  @Test
  void should_read_errors_and_warnings_of_the_json_format() {
    // given
    String output =
        "[{\"filePath\":\"/w/src/a.js\",\"messages\":[{\"ruleId\":\"no-unused-vars\",\"severity\":2,"
            + "\"message\":\"'x' is assigned a value but never used.\",\"line\":1,\"column\":7,"
            + "\"endLine\":1,\"endColumn\":8},{\"ruleId\":null,\"severity\":1,\"message\":\"Unused"
            + " eslint-disable directive.\",\"line\":3,\"column\":1}]},"
            + "{\"filePath\":\"/w/src/b.js\",\"messages\":[]}]";

    // when
    List<Finding> findings = new EslintParser().parse(output, Path.of("/w"));

    // then
    assertThat(findings).hasSize(2);
    Finding first = findings.get(0);
    assertThat(first.file()).isEqualTo(Path.of("/w/src/a.js"));
    assertThat(first.line()).isEqualTo(1);
    assertThat(first.column()).isEqualTo(7);
    assertThat(first.endColumn()).isEqualTo(8);
    assertThat(first.severity()).isEqualTo(Finding.Severity.ERROR);
    assertThat(first.code()).isEqualTo("no-unused-vars");
    assertThat(findings.get(1).severity()).isEqualTo(Finding.Severity.WARNING);
    assertThat(findings.get(1).code()).isEmpty();
  }

  @Test
  void should_give_nothing_for_broken_json() {
    assertThat(new EslintParser().parse("[{\"filePath\": ", Path.of("/w"))).isEmpty();
  }
}
