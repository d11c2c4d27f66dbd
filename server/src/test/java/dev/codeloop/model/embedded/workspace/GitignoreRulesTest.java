package dev.codeloop.model.embedded.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GitignoreRulesTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("*.log", "a/b/debug.log", false, Boolean.TRUE),
        Arguments.of("*.log\n!keep.log", "keep.log", false, Boolean.FALSE),
        Arguments.of("build/", "build", true, Boolean.TRUE),
        Arguments.of("build/", "build", false, null),
        Arguments.of("build/", "src/build/x.java", false, Boolean.TRUE),
        Arguments.of("/target", "target", true, Boolean.TRUE),
        Arguments.of("/target", "sub/target", true, null),
        Arguments.of("doc/*.txt", "doc/a.txt", false, Boolean.TRUE),
        Arguments.of("doc/*.txt", "doc/sub/a.txt", false, null),
        Arguments.of("**/gen/**", "x/gen/y/z.java", false, Boolean.TRUE),
        Arguments.of("a/**/b", "a/x/y/b", false, Boolean.TRUE),
        Arguments.of("a/**/b", "a/b", false, Boolean.TRUE),
        Arguments.of("file?.[ch]", "file1.c", false, Boolean.TRUE),
        Arguments.of("file?.[!ch]", "file1.c", false, null),
        Arguments.of("# comment\n\n  \nnode_modules", "web/node_modules", true, Boolean.TRUE),
        Arguments.of("\\#hash", "#hash", false, Boolean.TRUE));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void should_match_like_git(String rules, String path, boolean directory, Boolean expected) {
    // given
    GitignoreRules parsed = GitignoreRules.parse(rules);

    // when
    Boolean result = parsed.match(path, directory);

    // then
    assertThat(result).isEqualTo(expected);
  }
}
