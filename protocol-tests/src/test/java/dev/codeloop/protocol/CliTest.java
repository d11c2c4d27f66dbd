package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class CliTest {
  @TempDir Path xdg;
  private ServerProcess server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  /** Runs the jar with stdout and stderr both collected; returns the exit code. */
  private int run(String... args) throws Exception {
    server = ServerProcess.start(xdg, true, args);
    server.stdin().close();
    return server
        .awaitExit(Duration.ofSeconds(20))
        .orElseThrow(() -> new AssertionError("did not exit: " + server.stderr()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h"})
  void should_print_usage_and_exit_0_when_help_is_asked(String flag) throws Exception {
    // when
    int code = run(flag);

    // then
    assertThat(code).isZero();
    assertThat(server.awaitStderr("Usage:", Duration.ofSeconds(2))).isPresent();
    assertThat(server.stderr()).contains("--tcp PORT").contains("--version");
  }

  @Test
  void should_print_version_and_exit_0() throws Exception {
    // when
    int code = run("--version");

    // then
    assertThat(code).isZero();
    assertThat(server.awaitStderr("codeloop ", Duration.ofSeconds(2))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--bogus", "--tcp", "--tcp=abc", "--log-level"})
  void should_exit_2_with_message_on_stderr_when_option_is_invalid(String option) throws Exception {
    // when
    int code = run(option);

    // then
    assertThat(code).isEqualTo(2);
    assertThat(server.awaitStderr("codeloop:", Duration.ofSeconds(2))).isPresent();
  }

  @Test
  void should_exit_2_when_tcp_port_is_not_a_number() throws Exception {
    // when
    int code = run("--tcp", "abc");

    // then
    assertThat(code).isEqualTo(2);
    assertThat(server.awaitStderr("codeloop:", Duration.ofSeconds(2))).isPresent();
  }

  @Test
  void should_exit_2_when_tcp_port_is_out_of_range() throws Exception {
    // when
    int code = run("--tcp", "70000");

    // then
    assertThat(code).isEqualTo(2);
    assertThat(server.awaitStderr("0..65535", Duration.ofSeconds(2))).isPresent();
  }

  @Test
  void should_exit_2_when_log_level_is_unknown() throws Exception {
    // when
    int code = run("--log-level", "chatty");

    // then
    assertThat(code).isEqualTo(2);
    assertThat(server.awaitStderr("codeloop:", Duration.ofSeconds(2))).isPresent();
  }
}
