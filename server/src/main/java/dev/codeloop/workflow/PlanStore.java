package dev.codeloop.workflow;

import dev.codeloop.errors.CodeloopException;
import dev.codeloop.workspace.privacy.Containment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plans and workflow summaries saved as Markdown under a workspace root's {@code .codeloop/plans/}
 * — where the user can read, edit and version them, and {@code codeloop.implement} can take them
 * back. Every write is checked to land inside the workspace folders with links resolved (a {@code
 * .codeloop} that links out of the workspace is refused), and is atomic (a temporary file, then a
 * rename).
 */
public final class PlanStore {
  /** The folder, relative to a workspace root. */
  public static final String DIR = ".codeloop/plans";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final int MAX_READ_BYTES = 256 * 1024;

  private final Supplier<List<Path>> roots;
  private final Clock clock;

  public PlanStore(Supplier<List<Path>> roots, Clock clock) {
    this.roots = roots;
    this.clock = clock;
  }

  /**
   * Saves {@code markdown} as {@code .codeloop/plans/<time>-<slug><suffix>.md} of the first root.
   *
   * @return the file written
   */
  public Path save(String title, String suffix, String markdown) {
    List<Path> scope = roots.get();
    if (scope.isEmpty()) {
      throw CodeloopException.invalidParams(
          "No workspace folder is open, so there is nowhere to save the plan");
    }
    Path dir = scope.get(0).resolve(DIR).normalize();
    Path file = dir.resolve(STAMP.format(clock.instant()) + "-" + slug(title) + suffix + ".md");
    return write(file, markdown);
  }

  /** Writes next to an earlier file: {@code <plan>-<suffix>.md}. */
  public Path saveBeside(Path plan, String suffix, String markdown) {
    String name = plan.getFileName().toString().replaceFirst("\\.md$", "");
    return write(plan.resolveSibling(name + suffix + ".md"), markdown);
  }

  private Path write(Path file, String markdown) {
    if (!Containment.inside(file, roots.get())) {
      throw CodeloopException.requestFailed(
          Containment.outsideMessage("The plan file", file)
              + " (does .codeloop link out of the workspace?)");
    }
    try {
      Files.createDirectories(file.getParent());
      if (!Containment.inside(file, roots.get())) { // a link created meanwhile
        throw CodeloopException.requestFailed(Containment.outsideMessage("The plan file", file));
      }
      Path tmp = Files.createTempFile(file.getParent(), ".plan", ".tmp");
      try {
        Files.writeString(tmp, markdown, StandardCharsets.UTF_8);
        try {
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      return file;
    } catch (IOException e) {
      throw CodeloopException.requestFailed("Cannot save the plan to " + file + ": " + e);
    }
  }

  /**
   * The plan a {@code codeloop.implement} argument names — a {@code file:} URI or a path (relative
   * to the first root) of an existing Markdown file inside the workspace — or empty when the
   * argument is not one (it is then a goal).
   */
  public Optional<Path> find(String argument) {
    String a = argument.strip();
    if (a.contains("\n") || !a.endsWith(".md")) {
      return Optional.empty();
    }
    List<Path> scope = roots.get();
    Optional<Path> path =
        a.startsWith("file:")
            ? Containment.path(a)
            : scope.isEmpty() ? Optional.empty() : Optional.of(scope.get(0).resolve(a));
    return path.map(Path::normalize).filter(Files::isRegularFile);
  }

  /** Reads a plan file found by {@link #find}, refusing one outside the workspace. */
  public String read(Path plan) {
    if (!Containment.inside(plan, roots.get())) {
      throw CodeloopException.invalidParams(Containment.outsideMessage("The plan", plan));
    }
    try {
      if (Files.size(plan) > MAX_READ_BYTES) {
        throw CodeloopException.invalidParams(
            "The plan " + plan + " is over " + MAX_READ_BYTES / 1024 + " KiB; shorten it");
      }
      return Files.readString(plan, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CodeloopException.invalidParams("Cannot read the plan " + plan + ": " + e);
    }
  }

  static String slug(String title) {
    String s =
        title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (s.length() > 48) {
      s = s.substring(0, 48).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "plan" : s;
  }
}
