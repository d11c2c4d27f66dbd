package dev.codeloop.settings;

/**
 * The {@code workflow} section: the default budget of {@code codeloop.implement} and {@code
 * codeloop.fixFailingTests} (a command's own options override it for one run).
 *
 * @param maxRounds fix rounds after the first test run
 * @param wallTimeSeconds the whole run's wall time
 * @param maxTokens model tokens (prompt and reply, as the provider reports them, else estimated at
 *     four characters a token) the run may spend
 */
public record WorkflowSettings(int maxRounds, int wallTimeSeconds, int maxTokens) {
  static final WorkflowSettings DEFAULT = new WorkflowSettings(3, 600, 200_000);

  static WorkflowSettings read(SettingsReader r, WorkflowSettings last) {
    return new WorkflowSettings(
        r.integer("workflow.maxRounds", 1, 20, last.maxRounds()),
        r.integer("workflow.wallTimeSeconds", 1, 86_400, last.wallTimeSeconds()),
        r.integer("workflow.maxTokens", 1_000, 100_000_000, last.maxTokens()));
  }
}
