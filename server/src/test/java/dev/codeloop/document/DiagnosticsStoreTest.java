package dev.codeloop.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

class DiagnosticsStoreTest {
  private final DiagnosticsStore store = new DiagnosticsStore();

  private static Diagnostic d(String message) {
    return new Diagnostic(new Range(new Position(0, 0), new Position(0, 1)), message);
  }

  @Test
  void should_keep_diagnostics_per_source() {
    Diagnostic compiler = d("compiler says");
    Diagnostic tests = d("test failed");

    store.replace("javac", u -> true, Map.of("file:///a", List.of(compiler)));
    Map<String, List<Diagnostic>> changed =
        store.replace("tests", u -> true, Map.of("file:///a", List.of(tests)));

    assertThat(changed.get("file:///a")).containsExactlyInAnyOrder(compiler, tests);
    assertThat(store.replace("javac", u -> true, Map.of()))
        .containsExactly(Map.entry("file:///a", List.of(tests)));
  }

  @Test
  void should_clear_files_in_scope_that_no_longer_have_findings() {
    store.replace(
        "check",
        u -> true,
        Map.of("file:///r1/a", List.of(d("a")), "file:///r2/b", List.of(d("b"))));

    Map<String, List<Diagnostic>> changed =
        store.replace("check", u -> u.startsWith("file:///r1/"), Map.of());

    assertThat(changed).containsExactly(Map.entry("file:///r1/a", List.of()));
    assertThat(store.all("file:///r2/b")).hasSize(1);
  }
}
