package dev.codeloop.workspace.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered list of gitignore-style patterns ({@code .gitignore}, {@code .codeloopignore}, or the
 * {@code privacy.excludeGlobs} setting). As in git, the last matching pattern wins, so {@code
 * !pattern} re-includes a path an earlier pattern excluded.
 */
public final class IgnoreRules {
  public static final IgnoreRules NONE = new IgnoreRules(List.of());

  private final List<GlobPattern> patterns;

  private IgnoreRules(List<GlobPattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** Parses the content of an ignore file: one pattern a line, {@code #} comments, blank lines. */
  public static IgnoreRules parse(String content) {
    List<String> lines = new ArrayList<>();
    for (String line : content.split("\\R")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        lines.add(t);
      }
    }
    return of(lines);
  }

  public static IgnoreRules of(List<String> globs) {
    List<GlobPattern> out = new ArrayList<>();
    for (String g : globs) {
      if (g != null && !g.isBlank()) {
        out.add(GlobPattern.compile(g.strip()));
      }
    }
    return new IgnoreRules(out);
  }

  public IgnoreRules plus(IgnoreRules other) {
    List<GlobPattern> all = new ArrayList<>(patterns);
    all.addAll(other.patterns);
    return new IgnoreRules(all);
  }

  /** Whether a {@code /}-separated path relative to the rules' root is ignored. */
  public boolean isIgnored(String relativePath) {
    boolean ignored = false;
    for (GlobPattern p : patterns) {
      if (p.negated() == ignored && p.matches(relativePath)) {
        ignored = !p.negated();
      }
    }
    return ignored;
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }
}
