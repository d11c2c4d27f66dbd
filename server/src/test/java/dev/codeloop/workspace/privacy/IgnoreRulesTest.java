package dev.codeloop.workspace.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IgnoreRulesTest {
  private static final String GITIGNORE =
      String.join(
          "\n",
          "# build output",
          "target/",
          "*.log",
          "/secrets",
          "docs/**/private-*.md",
          "!important.log",
          "build",
          "");

  static Stream<Arguments> paths() {
    return Stream.of(
        Arguments.of("target/classes/A.class", true),
        Arguments.of("server/target/x.txt", true),
        Arguments.of("target", false),
        Arguments.of("app.log", true),
        Arguments.of("logs/app.log", true),
        Arguments.of("important.log", false),
        Arguments.of("secrets/key.txt", true),
        Arguments.of("src/secrets/key.txt", false),
        Arguments.of("docs/a/b/private-notes.md", true),
        Arguments.of("docs/private-notes.md", true),
        Arguments.of("docs/public.md", false),
        Arguments.of("build/out.js", true),
        Arguments.of("src/build/out.js", true),
        Arguments.of("src/Main.java", false));
  }

  @ParameterizedTest(name = "{0} ignored: {1}")
  @MethodSource("paths")
  void should_match_like_git(String path, boolean ignored) {
    // given
    IgnoreRules rules = IgnoreRules.parse(GITIGNORE);

    // when / then
    assertThat(rules.isIgnored(path)).isEqualTo(ignored);
  }
}
