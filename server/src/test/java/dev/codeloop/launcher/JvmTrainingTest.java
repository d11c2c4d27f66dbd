package dev.codeloop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JvmTrainingTest {
  @Test
  @Timeout(120)
  void should_type_with_every_request_answered_and_the_routed_session_on_its_own_model() {
    // given
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JvmTraining training =
        new JvmTraining(new PrintStream(err, true, StandardCharsets.UTF_8), "test");

    // when
    int code = training.run(30);

    // then: both sessions typed to the end, and the routed one's inline completions (one a
    // keystroke, each at a line not asked before) went to the training's loopback model
    String log = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(log).isZero();
    assertThat(log).doesNotContain("stopped early");
    assertThat(log.lines().filter(l -> l.contains("a session of 30 keystrokes"))).hasSize(2);
    assertThat(training.modelRequests()).isBetween(20, 30);
  }

  @Test
  @Timeout(60)
  void should_open_one_session_with_no_model_when_there_is_nothing_to_type() {
    // given
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    JvmTraining training =
        new JvmTraining(new PrintStream(err, true, StandardCharsets.UTF_8), "test");

    // when
    int code = training.run(0);

    // then
    String log = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(log).isZero();
    assertThat(log.lines().filter(l -> l.contains("a session of 0 keystrokes"))).hasSize(1);
    assertThat(training.modelRequests()).isZero();
  }

  @Test
  void should_never_pass_on_the_users_settings_keys_or_folders() {
    // given: a user's environment
    Path home = Path.of("/tmp/training-home");
    Map<String, String> user =
        Map.of(
            "HOME", "/home/user",
            "XDG_CONFIG_HOME", "/home/user/.config",
            "XDG_CACHE_HOME", "/home/user/.cache",
            "CODELOOP_CACHE_DIR", "/home/user/codeloop-cache",
            "OPENAI_API_KEY", "sk-user-key",
            "PATH", "/usr/bin:/bin");

    // when
    Map<String, String> env = JvmTraining.isolated(home, user);

    // then: settings, caches and state under the training's folder; of the user's, PATH only
    assertThat(env)
        .containsOnlyKeys("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "PATH")
        .containsEntry("PATH", "/usr/bin:/bin");
    assertThat(env.values()).noneMatch(v -> v.contains("/home/user") || v.contains("sk-"));
    env.entrySet().stream()
        .filter(e -> !e.getKey().equals("PATH"))
        .forEach(e -> assertThat(Path.of(e.getValue())).startsWithRaw(home));
  }

  @Test
  void should_type_a_real_java_and_python_text() {
    assertThat(JvmTraining.javaText(1).lines().count()).isGreaterThan(300);
    assertThat(JvmTraining.javaText(1)).contains("import java.util.List;", "class Demo1x9");
    assertThat(JvmTraining.pythonText(1)).contains("class Inventory1x9:", "def total(self):");
  }

  @Test
  void should_train_with_profiles_only_where_the_archive_keeps_them() {
    int expected =
        Runtime.version().feature() >= 25
            ? JvmTraining.KEYSTROKES_PROFILED
            : JvmTraining.KEYSTROKES_CLASSES_ONLY;
    assertThat(JvmTraining.keystrokes()).isEqualTo(expected);
  }
}
