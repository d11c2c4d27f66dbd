package dev.codeloop.launcher;

import java.util.List;
import java.util.Optional;

/** Parsed command line. */
record LaunchOptions(
    Mode mode,
    Optional<Integer> tcpPort,
    Optional<String> logLevel,
    Optional<String> logFile,
    List<String> rest) {

  enum Mode {
    STDIO,
    TCP,
    HELP,
    VERSION,
    DEMO,
    /** {@code --jvm-training}: the launcher's training workload ({@link JvmTraining}). */
    JVM_TRAINING
  }

  static final String USAGE =
      """
      Usage: java -jar codeloop.jar [options]
             java -jar codeloop.jar demo [WORKSPACE [FILE [LINE:COLUMN]]]
             java -jar codeloop.jar COMMAND [options]   (the command line: complete, doctor, ask,
                 action, check, test, fix, plan, implement; `COMMAND --help`; docs/CLI.md)

      Codeloop, an AI language server. Speaks LSP over stdio by default.

      Options:
        --stdio             serve one editor over standard input/output (default)
        --tcp PORT          listen on 127.0.0.1:PORT; every connection is its own LSP session,
                            all sharing one backend (settings, models, caches, statistics).
                            PORT 0 picks a free port and prints it on stderr.
        --log-level LEVEL   off, error, warning, info (default), debug, trace; logs go to stderr
        --log-file PATH     also write logs to PATH
        --version           print the version and exit
        --help              print this help and exit
        --jvm-training      the launcher's training run: a scripted session against a model of
                            its own on a loopback port (never the user's settings), so that the
                            JVM's class-data archive holds the classes and, on JDK 25+, the
                            method profiles of typing

      demo: starts the server as a child process, opens FILE (default: a bundled sample) from
      WORKSPACE, asks for completions at LINE:COLUMN (1-based) and prints what the server answers.
      """;

  static LaunchOptions parse(String[] args) {
    Mode mode = Mode.STDIO;
    Integer port = null;
    String level = null;
    String file = null;
    List<String> rest = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> mode = Mode.HELP;
        case "--version", "-v" -> mode = Mode.VERSION;
        case "--stdio" -> mode = Mode.STDIO;
        case "--tcp" -> {
          mode = Mode.TCP;
          port = Integer.parseInt(value(args, ++i, a));
          if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--tcp: port must be 0..65535");
          }
        }
        case "--log-level" -> level = value(args, ++i, a);
        case "--log-file" -> file = value(args, ++i, a);
        case "demo" -> mode = Mode.DEMO;
        case "--jvm-training" -> mode = Mode.JVM_TRAINING;
        default -> {
          if (a.startsWith("--clientProcessId") || a.startsWith("--node-ipc")) {
            continue; // passed by some clients; harmless
          }
          if (mode == Mode.DEMO) {
            rest.add(a);
          } else {
            throw new IllegalArgumentException("unknown option " + a);
          }
        }
      }
    }
    return new LaunchOptions(
        mode,
        Optional.ofNullable(port),
        Optional.ofNullable(level),
        Optional.ofNullable(file),
        List.copyOf(rest));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
