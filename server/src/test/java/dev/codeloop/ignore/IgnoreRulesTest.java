package dev.codeloop.ignore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IgnoreRulesTest {

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
        Arguments.of("\\#hash", "#hash", false, Boolean.TRUE),
        Arguments.of("docs/**/private-*.md", "docs/a/b/private-notes.md", false, Boolean.TRUE),
        Arguments.of("docs/**/private-*.md", "docs/private-notes.md", false, Boolean.TRUE),
        Arguments.of("docs/**/private-*.md", "docs/public.md", false, null),
        Arguments.of("/secrets", "secrets/key.txt", false, Boolean.TRUE),
        Arguments.of("/secrets", "src/secrets/key.txt", false, null),
        Arguments.of("abc/**", "abc", true, null),
        Arguments.of("abc/**", "abc/x/y.txt", false, Boolean.TRUE),
        Arguments.of("a**b", "a/b", false, null),
        Arguments.of("trailing\\ ", "trailing ", false, Boolean.TRUE));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void should_match_like_git(String rules, String path, boolean directory, Boolean expected) {
    // given
    IgnoreRules parsed = IgnoreRules.parse(rules);

    // when
    Boolean result = parsed.match(path, directory);

    // then
    assertThat(result).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void should_read_settings_globs_like_the_lines_of_an_ignore_file() {
    // given: privacy.excludeGlobs come one by one, with blanks and spaces around
    IgnoreRules globs = IgnoreRules.of(java.util.List.of(" *.log ", "", "!keep.log", "build/"));

    // when / then
    assertThat(globs.match("logs/app.log", false)).isTrue();
    assertThat(globs.match("keep.log", false)).isFalse();
    assertThat(globs.match("build/out.js", false)).isTrue();
    assertThat(globs.match("src/Main.java", false)).isNull();
  }
}
