package dev.codeloop.action.plan;

import java.util.List;

/**
 * The structured plan we ask the {@code plan} route for (parsed with Jackson), rendered as the
 * Markdown that {@code codeloop.plan} shows and saves and {@code codeloop.implement} reads back
 * (its numbered steps are the steps implemented one by one).
 *
 * @param summary one paragraph: what will change and why
 * @param modules the modules, packages or files involved, each with its part
 * @param interfaces the types, functions and signatures added or changed
 * @param dataFlow how data moves through the change
 * @param testStrategy how the change will be tested
 * @param steps ordered steps, each small enough to implement and test on its own
 * @param risks things that could go wrong (may be empty)
 */
public record Plan(
    String summary,
    List<String> modules,
    List<String> interfaces,
    String dataFlow,
    String testStrategy,
    List<Step> steps,
    List<String> risks) {
  public Plan {
    summary = summary == null ? "" : summary;
    modules = modules == null ? List.of() : List.copyOf(modules);
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    dataFlow = dataFlow == null ? "" : dataFlow;
    testStrategy = testStrategy == null ? "" : testStrategy;
    steps = steps == null ? List.of() : List.copyOf(steps);
    risks = risks == null ? List.of() : List.copyOf(risks);
  }

  /** The JSON shape asked of the model (the system prompt quotes it). */
  public static final String JSON_SHAPE =
      "{\"summary\": string, \"modules\": [string], \"interfaces\": [string], \"dataFlow\":"
          + " string, \"testStrategy\": string, \"steps\": [{\"title\": string, \"detail\":"
          + " string, \"files\": [string]}], \"risks\": [string]}";

  /** One step: what to do, in which files. */
  public record Step(String title, String detail, List<String> files) {
    public Step {
      title = title == null ? "" : title;
      detail = detail == null ? "" : detail;
      files = files == null ? List.of() : List.copyOf(files);
    }
  }

  /** The plan as a Markdown document. */
  public String toMarkdown(String heading) {
    StringBuilder sb = new StringBuilder("# ").append(heading).append("\n\n");
    sb.append(summary.strip()).append("\n\n");
    list(sb, "Modules", modules);
    list(sb, "Interfaces", interfaces);
    if (!dataFlow.isBlank()) {
      sb.append("## Data flow\n\n").append(dataFlow.strip()).append("\n\n");
    }
    if (!testStrategy.isBlank()) {
      sb.append("## Test strategy\n\n").append(testStrategy.strip()).append("\n\n");
    }
    sb.append("## Steps\n\n");
    int n = 1;
    for (Step s : steps) {
      sb.append(n++).append(". **").append(s.title().strip()).append("**");
      if (!s.detail().isBlank()) {
        sb.append(" — ").append(s.detail().strip().replace("\n", " "));
      }
      sb.append('\n');
      for (String f : s.files()) {
        sb.append("   - `").append(f).append("`\n");
      }
    }
    if (!risks.isEmpty()) {
      sb.append('\n');
      list(sb, "Risks", risks);
    }
    return sb.toString().stripTrailing() + "\n";
  }

  private static void list(StringBuilder sb, String heading, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    sb.append("## ").append(heading).append("\n\n");
    items.forEach(i -> sb.append("- ").append(i.strip()).append('\n'));
    sb.append('\n');
  }
}
