package dev.codeloop.workflow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan as the user reads and edits it: Markdown whose numbered list items (at the start of a
 * line, {@code 1.} or {@code 1)}) are the steps, each with the indented lines under it as its
 * detail. {@code codeloop.plan} writes this shape and {@code codeloop.implement} reads it back, so
 * a user may reorder, drop or rewrite steps in the saved file before implementing it.
 *
 * @param markdown the whole plan, as the model's context for every step
 * @param steps the steps in order (may be empty for a plan with no numbered list)
 */
public record PlanDocument(String markdown, List<Step> steps) {
  private static final Pattern ITEM = Pattern.compile("^(\\d{1,3})[.)]\\s+(.*)$");
  private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
  private static final Pattern PATH = Pattern.compile("`([\\w./\\-]+\\.[\\w]+)`");

  /**
   * One step.
   *
   * @param number its number in the plan (1-based, as written)
   * @param title its leading bold text ({@code **Fix add** — …}), else its first line
   * @param text the whole item: first line and detail
   * @param files the workspace-relative paths it names in backticks ({@code `src/A.java`})
   */
  public record Step(int number, String title, String text, List<String> files) {
    public Step {
      files = List.copyOf(files);
    }
  }

  public PlanDocument {
    steps = List.copyOf(steps);
  }

  /** Reads the steps of a Markdown plan; text outside the numbered items is kept as context. */
  public static PlanDocument parse(String markdown) {
    List<Step> steps = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    boolean inFence = false;
    int number = -1;
    StringBuilder text = null;
    for (String raw : lines) {
      String line = raw.stripTrailing();
      if (line.strip().startsWith("```")) {
        inFence = !inFence;
      }
      Matcher m = inFence ? null : ITEM.matcher(line);
      if (m != null && m.matches()) {
        add(steps, number, text);
        number = Integer.parseInt(m.group(1));
        text = new StringBuilder(m.group(2));
        continue;
      }
      if (text == null) {
        continue;
      }
      boolean detail = line.isEmpty() || Character.isWhitespace(raw.charAt(0));
      if (!detail && !inFence) {
        add(steps, number, text); // a heading or paragraph ends the list item
        text = null;
        continue;
      }
      text.append('\n').append(line);
    }
    add(steps, number, text);
    return new PlanDocument(markdown, steps);
  }

  private static void add(List<Step> steps, int number, StringBuilder text) {
    if (text == null) {
      return;
    }
    String body = text.toString().strip();
    String first = body.lines().findFirst().orElse("");
    Matcher bold = BOLD.matcher(first);
    String title =
        (bold.lookingAt() ? bold.group(1) : first).replace("**", "").replace("__", "").strip();
    Set<String> files = new LinkedHashSet<>();
    Matcher m = PATH.matcher(body);
    while (m.find()) {
      files.add(m.group(1));
    }
    steps.add(new Step(number, title, body, List.copyOf(files)));
  }
}
