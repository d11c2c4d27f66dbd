package dev.codeloop.model;

import dev.codeloop.errors.SettingsProblem;
import dev.codeloop.model.config.ModelSettings;
import dev.codeloop.model.config.ModelSpec;
import dev.codeloop.model.config.ProviderKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/** Builds the Markdown health report of {@link ModelRouter#doctor}. */
final class Doctor {
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(15);

  private final RoutePlanner planner;
  private final ModelSettings settings;
  private final Map<String, String> env;
  private final Function<ModelSpec, ModelClient> clients;
  private final ExecutorService executor;
  private final Function<Task, String> selection;
  private final CredentialRedactor redactor;

  Doctor(
      RoutePlanner planner,
      ModelSettings settings,
      Map<String, String> env,
      Function<ModelSpec, ModelClient> clients,
      ExecutorService executor,
      Function<Task, String> selection) {
    this.planner = planner;
    this.settings = settings;
    this.env = env;
    this.clients = clients;
    this.executor = executor;
    this.selection = selection;
    List<String> keys =
        planner.models().values().stream()
            .map(m -> m.resolveApiKey(env).orElse(""))
            .filter(k -> !k.isEmpty())
            .toList();
    this.redactor = new CredentialRedactor(keys);
  }

  String report(CancelChecker cancel) {
    StringBuilder md = new StringBuilder("# Codeloop model doctor\n\n## Models\n\n");
    md.append("| model | provider | model id | status | latency |\n|---|---|---|---|---|\n");
    for (ModelSpec spec : planner.models().values()) {
      cancel.checkCanceled();
      md.append("| ")
          .append(spec.name())
          .append(" | ")
          .append(spec.provider().id())
          .append(" | ")
          .append(spec.modelId().isEmpty() ? "-" : spec.modelId())
          .append(" | ");
      Check c = check(spec, cancel);
      md.append(cell(c.status())).append(" | ").append(c.latency()).append(" |\n");
    }
    if (planner.models().isEmpty()) {
      md.append("| (none) | | | no model configured | |\n");
    }
    md.append("\n## Routes\n\n| task | models |\n|---|---|\n");
    for (Task t : Task.values()) {
      List<String> route = planner.baseRoute(t);
      String sel = selection.apply(t);
      md.append("| ")
          .append(t.id())
          .append(" | ")
          .append(sel != null ? sel + " (selected), " : "")
          .append(route.isEmpty() ? "(none)" : String.join(" → ", route))
          .append(" |\n");
    }
    md.append("\n## Settings problems\n\n");
    if (settings.problems().isEmpty()) {
      md.append("None.\n");
    }
    for (SettingsProblem p : settings.problems()) {
      md.append("- ")
          .append(p.severity() == SettingsProblem.Severity.ERROR ? "**error** " : "warning ")
          .append('`')
          .append(p.path())
          .append("`: ")
          .append(redactor.redact(p.reason()))
          .append('\n');
    }
    return md.toString();
  }

  private record Check(String status, String latency) {}

  private Check check(ModelSpec spec, CancelChecker cancel) {
    if (spec.missingRequiredKey(env)) {
      return new Check(
          "✗ no API key: set " + spec.apiKeyEnv().orElse("apiKeyEnv") + " in the environment", "-");
    }
    ModelCall call =
        spec.capabilities().chat()
            ? ModelCall.chat(List.of(ChatTurn.user("Reply with the single word OK.")), 5)
            : ModelCall.fim(
                new FimRequest("doctor.txt", "plaintext", "1, 2, 3, ", "", List.of(), false), 5, 1);
    CallControl control = new CallControl();
    long start = System.nanoTime();
    Future<ModelOutput> f =
        dev.codeloop.concurrent.Futures.now(
            () -> clients.apply(spec).callAsync(call, control, null));
    long deadline = start + CHECK_TIMEOUT.toNanos();
    try {
      while (true) {
        cancel.checkCanceled();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException();
        }
        try {
          f.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
          break;
        } catch (TimeoutException e) {
          // poll again
        }
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      return new Check(
          "✓ reachable" + (spec.provider() == ProviderKind.EMBEDDED ? "" : ", authenticated"),
          ms + " ms");
    } catch (TimeoutException e) {
      return new Check("✗ no answer within " + CHECK_TIMEOUT.toSeconds() + " s", "-");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String kind =
          cause instanceof ModelException me ? me.kind().name() : cause.getClass().getSimpleName();
      if (cause instanceof ModelException me && me.kind() == ModelException.Kind.EMPTY_REPLY) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new Check("✓ reachable (empty answer)", ms + " ms");
      }
      return new Check(
          "✗ " + kind + ": " + redactor.redact(String.valueOf(cause.getMessage())), "-");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Check("✗ interrupted", "-");
    } finally {
      control.cancel();
      f.cancel(true);
    }
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
