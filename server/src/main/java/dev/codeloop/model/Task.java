package dev.codeloop.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a model call is for. The router picks the model list for a task from the {@code routes}
 * setting; a sub-task (e.g. {@code codeAction.explain}) falls back to its parent's route ({@code
 * codeAction}) when it has none of its own.
 */
public enum Task {
  COMPLETION("completion", null),
  CODE_ACTION("codeAction", null),
  EXPLAIN("codeAction.explain", CODE_ACTION),
  REFACTOR("codeAction.refactor", CODE_ACTION),
  DOCUMENT("codeAction.document", CODE_ACTION),
  TESTS("codeAction.tests", CODE_ACTION),
  FIX("codeAction.fix", CODE_ACTION),
  CHAT("chat", null),
  PLAN("plan", null),
  IMPLEMENT("implement", null),
  FIX_TESTS("fixTests", null);

  private final String id;
  private final Task parent;

  Task(String id, Task parent) {
    this.id = id;
    this.parent = parent;
  }

  /** The key used in the {@code routes} setting. */
  public String id() {
    return id;
  }

  /** The task whose route applies when this one has none of its own. */
  public Optional<Task> parent() {
    return Optional.ofNullable(parent);
  }

  public static Optional<Task> fromId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }
}
