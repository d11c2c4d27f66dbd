package dev.codeloop.cli;

import java.util.Map;

/** The usage text of the command line and of each command. */
final class CliUsage {
  private CliUsage() {}

  static final String COMMON =
      """
      Common options:
        --workspace DIR   the project folder (default: the current directory)
        --json            print the result as JSON instead of text
        --connect PORT    use a server already running with --tcp PORT on 127.0.0.1
        --model NAME      use this configured model for the command
        --verbose         also print the server's progress and log lines (stderr)
        --help            print this help

      Exit codes: 0 done (tests pass, no check errors), 1 the work failed (tests fail, checks
      report errors, no suggestion, the fix loop stopped before green), 2 usage error,
      3 model or configuration error (no usable model, refused key, untrusted workspace).
      Settings come from the user file and, when the workspace is trusted, its .codeloop.json.
      """;

  static final String OVERVIEW =
      """
      Usage: java -jar codeloop.jar COMMAND [options] [arguments]

      Commands (each drives the language server over LSP, as an editor does):
        complete FILE:LINE:COLUMN   print the code around the cursor with the completion marked
        doctor                      check the configured models and settings
        ask QUESTION [FILE[:LINE]]  answer a question about the workspace or a file
        action [ID] FILE[:LINE[:COLUMN] | :FIRST-LAST]
                                    run a code action (--list to list them); edits as a diff
        check [FILE]                run the workspace's checks (compile, lint)
        test                        run the workspace's tests
        fix                         run the tests and let the model fix them until green
        plan INSTRUCTION FILE[:LINE]
                                    plan a change
        implement GOAL              implement a goal, then run the fix loop

      Edits: --diff prints a unified diff and writes nothing (the default);
             --apply writes each changed file atomically.

      Run `java -jar codeloop.jar COMMAND --help` for a command's own help.
      """
          + "\n"
          + COMMON;

  private static final Map<String, String> COMMANDS =
      Map.of(
          "complete",
          """
          Usage: codeloop complete FILE:LINE:COLUMN [--workspace DIR] [--json]

          Opens FILE (relative to the current directory), asks for an inline completion at
          LINE:COLUMN (both counted from 1) and prints the code around the cursor with the
          suggestion between « and ». Exit 1 when the server has no suggestion.
          """,
          "doctor",
          """
          Usage: codeloop doctor [--workspace DIR] [--json]

          Checks every configured model (reachable, authenticated, latency), the routes and the
          settings, and prints the report.
          """,
          "ask",
          """
          Usage: codeloop ask QUESTION [FILE[:LINE]] [--workspace DIR] [--json]

          Answers QUESTION with the chat route, about FILE (or its LINE) when given.
          """,
          "action",
          """
          Usage: codeloop action [ID] FILE[:LINE[:COLUMN] | :FIRST-LAST] [--list]
                                 [--instruction TEXT]
                                 [--diff | --apply] [--workspace DIR] [--json]

          Lists (--list, or no ID) or runs the code action ID at the position (the whole line
          when no COLUMN; the start of the file when no LINE). ID is the action id shown by
          --list, or a part of its title. FILE:FIRST-LAST selects whole lines (e.g. a method).
          Edits print as a unified diff unless --apply.
          """,
          "check",
          """
          Usage: codeloop check [FILE] [--workspace DIR] [--json]

          Runs the workspace's checks (those of FILE's project only, when given) and prints
          their findings. Exit 1 when a check reports an error. Needs a trusted workspace.
          """,
          "test",
          """
          Usage: codeloop test [--workspace DIR] [--json]

          Runs the workspace's tests and prints each failing test's name, file, line and
          message. Exit 0 when they pass, 1 when some fail. Needs a trusted workspace.
          """,
          "fix",
          """
          Usage: codeloop fix [--apply | --diff] [--rounds N] [--workspace DIR] [--json]

          Runs the tests and, while they fail, asks the model for a fix, applies it and runs
          them again. With --apply the files are written (the loop needs them on disk); with
          --diff (the default) the first proposed fix is printed and nothing is written.
          Exit 0 when green, 1 otherwise. Needs a trusted workspace.
          """,
          "plan",
          """
          Usage: codeloop plan INSTRUCTION FILE[:LINE] [--workspace DIR] [--json]

          Asks the plan route for a step-by-step plan of the change and prints it.
          """,
          "implement",
          """
          Usage: codeloop implement GOAL [--apply | --diff] [--rounds N] [--workspace DIR]
                                    [--json]

          Asks the implement route for edits that achieve GOAL, applies them and runs the fix
          loop, as `fix` does. Needs a trusted workspace.
          """);

  static String of(String command) {
    String own = COMMANDS.get(command);
    return own == null ? OVERVIEW : own + "\n" + COMMON;
  }

  /** The first line of a command's usage, for error messages. */
  static String line(String command) {
    String own = COMMANDS.get(command);
    return own == null
        ? "Usage: java -jar codeloop.jar COMMAND [options]"
        : own.lines().findFirst().orElse("");
  }
}
