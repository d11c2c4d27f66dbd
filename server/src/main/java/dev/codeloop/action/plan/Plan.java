package dev.codeloop.action.plan;

import java.util.List;

/**
 * The structured plan we ask the {@code plan} route for (parsed with Jackson).
 *
 * @param summary one paragraph: what will change and why
 * @param steps ordered steps
 * @param risks things that could go wrong (may be empty)
 */
public record Plan(String summary, List<Step> steps, List<String> risks) {
  public Plan {
    summary = summary == null ? "" : summary;
    steps = steps == null ? List.of() : List.copyOf(steps);
    risks = risks == null ? List.of() : List.copyOf(risks);
  }

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
    sb.append(summary.strip()).append("\n\n## Steps\n\n");
    int n = 1;
    for (Step s : steps) {
      sb.append(n++).append(". **").append(s.title().strip()).append("**");
      if (!s.detail().isBlank()) {
        sb.append(" — ").append(s.detail().strip());
      }
      sb.append('\n');
      for (String f : s.files()) {
        sb.append("   - `").append(f).append("`\n");
      }
    }
    if (!risks.isEmpty()) {
      sb.append("\n## Risks\n\n");
      risks.forEach(r -> sb.append("- ").append(r.strip()).append('\n'));
    }
    return sb.toString();
  }
}
