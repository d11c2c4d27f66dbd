package dev.codeloop.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.bench.FaultyModel;
import dev.codeloop.bench.LoadBench;
import dev.codeloop.bench.LoadRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load benchmark in small (docs/RELIABILITY.md): four editors on one {@code --tcp} server, each
 * typing and sending ten requests a second for six seconds (inline and list completion, code
 * actions and their resolve, diagnostics, {@code codeloop.stats}), against a loopback model that
 * faults every other request — it hangs, answers 500 or 429, sends malformed JSON, 4 MB, or drips
 * its reply. Every request must be answered exactly once, a model's failure only as a
 * request-failed error (never an internal error), and the server must stay up and keep answering
 * every editor. Behaviour only: the figures are the benchmark's.
 */
@Timeout(180)
class LoadUnderFaultsTest {
  private static final Pattern LISTENING =
      Pattern.compile("codeloop listening on 127\\.0\\.0\\.1:(\\d+)");

  @Test
  void should_answer_every_request_exactly_once_while_the_model_fails_in_every_way(
      @TempDir Path tmp) throws Exception {
    // given: a model that hangs (longer than its 3 s timeout), fails or misbehaves on every
    // other request, and one server for four editors
    try (FaultyModel model = FaultyModel.alternating(7, 5, 20, 5_000);
        ServerProcess server =
            ServerProcess.start(
                Files.createDirectories(tmp.resolve("xdg")),
                false,
                env -> env.keySet().removeIf(k -> k.endsWith("_API_KEY")),
                "--tcp",
                "0")) {
      String stderr =
          server
              .awaitStderr("codeloop listening on", ServerProcess.TIMEOUT)
              .orElseThrow(() -> new AssertionError("no listening line: " + server.stderr()));
      Matcher m = LISTENING.matcher(stderr);
      assertThat(m.find()).as(stderr).isTrue();
      int port = Integer.parseInt(m.group(1));

      // when: four editors type and ask for six seconds (about 30 model requests: each fault
      // comes once in twelve)
      LoadRun.Report report =
          new LoadRun(
                  new LoadRun.Options(
                      4,
                      10,
                      0,
                      6,
                      20261203L,
                      60_000,
                      LoadBench.loopbackSettings(model.baseUrl(), true)),
                  port,
                  server.pid(),
                  Files.createDirectories(tmp.resolve("shop")))
              .run();
      String figures = report.format() + "model: " + model.summary() + "\n";
      System.out.print(figures);
      figures += server.stderrTail(3000);

      // then: the model saw every kind of fault
      for (FaultyModel.Fault fault : FaultyModel.Fault.values()) {
        assertThat(model.count(fault)).as(fault + "\n" + figures).isPositive();
      }
      // and: every request was answered, once
      assertThat(report.sent()).as(figures).isGreaterThan(100);
      assertThat(report.unanswered()).as("never answered\n" + figures).isZero();
      assertThat(report.answeredTwice()).as("answered twice\n" + figures).isZero();
      assertThat(report.unknownAnswers()).as("answers to no request\n" + figures).isZero();
      assertThat(report.sendFailures()).as(figures).isZero();
      // and: a model's failure reached the editor as a request-failed error, nothing else
      for (LoadRun.MethodStats method : report.methods()) {
        assertThat(method.answered()).as(method.method()).isEqualTo(method.sent());
        assertThat(method.errors().keySet())
            .as(method.method() + "\n" + figures)
            .allMatch(code -> code == -32803);
      }
      // and: the server is up and every editor still gets answers
      assertThat(report.aliveEditors()).as(figures).isEqualTo(4);
      assertThat(server.isAlive()).as(figures).isTrue();
    }
  }
}
