package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.protocol.cli.CliRun;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line with {@code --connect PORT}: a session of a running {@code --tcp} server. */
@Timeout(120)
class CliConnectTest {
  @TempDir Path home;
  @TempDir Path workspace;

  @Test
  void should_run_a_command_on_a_running_tcp_server() throws Exception {
    try (TcpServerUnderTest server = TcpServerUnderTest.start(home)) {
      // when
      CliRun run =
          CliRun.run(home, workspace, 60, "doctor", "--connect", String.valueOf(server.port()));

      // then
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.stdout()).contains("embedded");
      assertThat(server.process().stderr())
          .as("the server saw the command line's session")
          .contains("codeloop-cli");
    }
  }

  @Test
  void should_exit_3_with_a_sentence_when_nothing_listens_on_the_port() throws Exception {
    // given: a port that was free a moment ago
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    // when
    CliRun run = CliRun.run(home, workspace, 60, "doctor", "--connect", String.valueOf(port));

    // then
    assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
    assertThat(run.stderr()).contains("cannot reach the server on 127.0.0.1:" + port);
  }
}
