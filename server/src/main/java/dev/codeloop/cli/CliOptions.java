package dev.codeloop.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parsed command line of one command: options common to all, and its own arguments. */
record CliOptions(
    String command,
    Path workspace,
    boolean json,
    boolean help,
    boolean verbose,
    Optional<Integer> connectPort,
    EditMode editMode,
    Optional<String> model,
    Optional<String> instruction,
    boolean list,
    Optional<Integer> rounds,
    List<String> arguments) {

  /** What to do with the edits the server makes. */
  enum EditMode {
    /** Print a unified diff and write nothing. */
    DIFF,
    /** Write each changed file atomically. */
    APPLY
  }

  static CliOptions parse(List<String> args, Path cwd) throws UsageException {
    if (args.isEmpty()) {
      throw new UsageException("no command given");
    }
    String command = args.get(0);
    Path workspace = cwd;
    boolean json = false;
    boolean help = false;
    boolean verbose = false;
    Integer port = null;
    EditMode mode = null;
    String model = null;
    String instruction = null;
    boolean list = false;
    Integer rounds = null;
    List<String> rest = new ArrayList<>();
    boolean options = true;
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (!options || !a.startsWith("--")) {
        rest.add(a);
        continue;
      }
      switch (a) {
        case "--" -> options = false;
        case "--workspace" -> workspace = cwd.resolve(value(args, ++i, a));
        case "--json" -> json = true;
        case "--help" -> help = true;
        case "--verbose" -> verbose = true;
        case "--list" -> list = true;
        case "--connect" -> {
          String v = value(args, ++i, a);
          try {
            port = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            throw new UsageException("--connect needs a port number, not '" + v + "'");
          }
          if (port < 1 || port > 65535) {
            throw new UsageException("--connect: the port must be 1..65535, not " + port);
          }
        }
        case "--diff", "--apply" -> {
          EditMode m = a.equals("--diff") ? EditMode.DIFF : EditMode.APPLY;
          if (mode != null && mode != m) {
            throw new UsageException("--diff and --apply exclude each other");
          }
          mode = m;
        }
        case "--model" -> model = value(args, ++i, a);
        case "--instruction" -> instruction = value(args, ++i, a);
        case "--rounds" -> {
          String v = value(args, ++i, a);
          try {
            rounds = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            rounds = -1;
          }
          if (rounds < 1 || rounds > 20) {
            throw new UsageException("--rounds needs a number from 1 to 20, not '" + v + "'");
          }
        }
        default -> throw new UsageException("unknown option " + a);
      }
    }
    Path ws = workspace.toAbsolutePath().normalize();
    if (!help && !Files.isDirectory(ws)) {
      throw new UsageException(
          "the workspace "
              + ws
              + " is not a folder"
              + (Files.exists(ws) ? "" : " (it does not exist)")
              + ": give an existing folder with --workspace DIR");
    }
    return new CliOptions(
        command,
        ws,
        json,
        help,
        verbose,
        Optional.ofNullable(port),
        mode == null ? EditMode.DIFF : mode,
        Optional.ofNullable(model),
        Optional.ofNullable(instruction),
        list,
        Optional.ofNullable(rounds),
        List.copyOf(rest));
  }

  private static String value(List<String> args, int i, String option) throws UsageException {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }
}
