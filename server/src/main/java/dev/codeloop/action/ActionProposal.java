package dev.codeloop.action;

import dev.codeloop.model.Task;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A light-bulb entry: a title and kind, computed without a model.
 *
 * @param task the model route the action will use (to show it disabled when no model serves it)
 * @param output whether resolving yields an edit or a prose answer
 * @param command a workflow command that runs the action instead of {@code codeloop.applyAction}
 *     (e.g. {@code codeloop.plan}); it receives the encoded {@link ActionData} as its only argument
 * @param diagnostic the diagnostic a quickfix is for, if any
 */
public record ActionProposal(
    String title,
    String kind,
    String actionId,
    Task task,
    Output output,
    Map<String, String> args,
    Optional<String> command,
    Optional<Diagnostic> diagnostic,
    boolean preferred) {

  /** What resolving produces. */
  public enum Output {
    /** A workspace edit, computed on resolve. */
    EDIT,
    /** A prose answer shown as a document; always run through a command. */
    ANSWER
  }

  public ActionProposal {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(output, "output");
    args = Map.copyOf(args);
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(diagnostic, "diagnostic");
  }

  public static ActionProposal edit(String title, String kind, String actionId, Task task) {
    return new ActionProposal(
        title,
        kind,
        actionId,
        task,
        Output.EDIT,
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  public static ActionProposal answer(String title, String kind, String actionId, Task task) {
    return new ActionProposal(
        title,
        kind,
        actionId,
        task,
        Output.ANSWER,
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  public ActionProposal withArgs(Map<String, String> more) {
    var all = new HashMap<>(args);
    all.putAll(more);
    return new ActionProposal(
        title, kind, actionId, task, output, all, command, diagnostic, preferred);
  }

  public ActionProposal withCommand(String commandId) {
    return new ActionProposal(
        title, kind, actionId, task, output, args, Optional.of(commandId), diagnostic, preferred);
  }

  public ActionProposal forDiagnostic(Diagnostic d, boolean isPreferred) {
    return new ActionProposal(
        title, kind, actionId, task, output, args, command, Optional.of(d), isPreferred);
  }
}
