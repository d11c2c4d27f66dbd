package dev.codeloop.workspace.command;

/** Ids of the workspace commands the server executes; mirrored in the editor clients. */
public final class Commands {
  private Commands() {}

  /** Returns the effective settings (secrets redacted) and the problems found in them. */
  public static final String SHOW_SETTINGS = "codeloop.showSettings";

  /** Returns per-model and per-task accounting as JSON. */
  public static final String STATS = "codeloop.stats";

  /** Checks every configured model and the settings; returns a Markdown report. */
  public static final String DOCTOR = "codeloop.doctor";

  /** Changes the model of a task for this session: arguments {@code [task, model]}. */
  public static final String SELECT_MODEL = "codeloop.selectModel";

  /**
   * Trusts the open workspace (or, with argument {@code false}, revokes the trust) and records the
   * decision in the user settings file's {@code trustedWorkspaces}: arguments {@code [trust?]}.
   */
  public static final String TRUST_WORKSPACE = "codeloop.trustWorkspace";

  /**
   * Runs the workspace's checks (compile, type-check, lint) and publishes their findings as
   * diagnostics of source {@code codeloop:check}: arguments {@code [uri?]} (only that file's root).
   * Refused in an untrusted workspace.
   */
  public static final String RUN_CHECKS = "codeloop.runChecks";

  /** Runs the workspace's tests, like {@link #RUN_CHECKS}, with source {@code codeloop:test}. */
  public static final String RUN_TESTS = "codeloop.runTests";

  /**
   * Returns the detected (or configured) checks and tests, why, and whether the workspace is
   * trusted.
   */
  public static final String SHOW_TOOLS = "codeloop.showTools";

  /**
   * Runs the tests and, while they fail, asks the {@code fixTests} route for a fix and applies it,
   * until green or the budget is spent: arguments {@code [options?]}. Refused when untrusted.
   */
  public static final String FIX_FAILING_TESTS = "codeloop.fixFailingTests";

  /**
   * Asks the {@code implement} route for edits that achieve a goal, applies them, then runs the
   * {@link #FIX_FAILING_TESTS} loop: arguments {@code [goal, options?]}. Refused when untrusted.
   */
  public static final String IMPLEMENT = "codeloop.implement";

  // --- AI code actions and chat (docs/LSP-EXTENSIONS.md) ---

  /**
   * Does the work of a code action for clients that cannot resolve, and applies the result with
   * {@code workspace/applyEdit} or shows the answer: arguments {@code [actionData, instruction?]}.
   */
  public static final String APPLY_ACTION = "codeloop.applyAction";

  /** Plans a change and shows it: {@code [actionData]} or {@code [instruction?, uri, range?]}. */
  public static final String PLAN = "codeloop.plan";

  /** Sends a chat file and appends the answer: {@code [actionData]} or {@code [uri, range?]}. */
  public static final String CHAT = "codeloop.chat";

  /** Answers a question as a document: {@code [question, uri?, range?]}. */
  public static final String ASK = "codeloop.ask";

  /** Sent by the editor when the user accepts a completion: arguments {@code [suggestionId]}. */
  public static final String ACCEPT_COMPLETION = "codeloop.acceptCompletion";

  /** Returns completions shown and accepted per model and language, as JSON. */
  public static final String COMPLETION_STATS = "codeloop.completionStats";

  /**
   * Every command a production session (one with the model router) registers, sorted as {@code
   * executeCommandProvider} lists them: what the early {@code initialize} answer advertises. A test
   * holds it equal to a production session's registry.
   */
  public static final java.util.List<String> PRODUCTION =
      java.util.List.of(
          ACCEPT_COMPLETION,
          APPLY_ACTION,
          ASK,
          CHAT,
          COMPLETION_STATS,
          DOCTOR,
          FIX_FAILING_TESTS,
          IMPLEMENT,
          PLAN,
          RUN_CHECKS,
          RUN_TESTS,
          SELECT_MODEL,
          SHOW_SETTINGS,
          SHOW_TOOLS,
          STATS,
          TRUST_WORKSPACE);
}
