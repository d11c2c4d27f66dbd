package dev.codeloop.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar codeloop.jar COMMAND …}: the command line for scripts and CI. Every command
 * opens an LSP session with a server — one in this process through piped streams, or a running
 * {@code --tcp} server with {@code --connect PORT} — and does what an editor would: open files,
 * request completions and code actions, run workspace commands, apply edits. See docs/CLI.md.
 */
public final class CodeloopCli {
  /** The commands; {@code launcher/ServerLauncher} dispatches a first argument among them here. */
  public static final Set<String> COMMANDS =
      Set.of("complete", "doctor", "ask", "action", "check", "test", "fix", "plan", "implement");

  private final PrintStream out;
  private final PrintStream err;
  private final ServerConnector inProcess;
  private final Path cwd;

  /**
   * @param out where results go (the process's real stdout)
   * @param err where sentences for the user go
   * @param inProcess a server session in this process, used unless {@code --connect PORT}
   */
  public CodeloopCli(PrintStream out, PrintStream err, ServerConnector inProcess, Path cwd) {
    this.out = out;
    this.err = err;
    this.inProcess = inProcess;
    this.cwd = cwd;
  }

  public static boolean isCommand(String firstArgument) {
    return COMMANDS.contains(firstArgument);
  }

  /** Runs one command; returns its exit code. Never throws. */
  public int run(List<String> args) {
    String command = args.isEmpty() ? "" : args.get(0);
    CliOptions options;
    try {
      options = CliOptions.parse(args, cwd);
    } catch (UsageException e) {
      return usage(command, e.getMessage(), args.contains("--json"));
    }
    if (options.help()) {
      out.print(CliUsage.of(command));
      out.flush();
      return Exit.OK;
    }
    try {
      int code = dispatch(options);
      out.flush();
      return code;
    } catch (UsageException e) {
      return usage(command, e.getMessage(), options.json());
    } catch (CliFailure f) {
      return fail(options, f.exitCode(), f.getMessage());
    } catch (IOException e) {
      return fail(
          options,
          Exit.MODEL_OR_CONFIG,
          "cannot reach the server"
              + options.connectPort().map(p -> " on 127.0.0.1:" + p).orElse("")
              + ": "
              + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(options, Exit.WORK_FAILED, "interrupted");
    }
  }

  private int usage(String command, String message, boolean json) {
    err.println("codeloop" + (command.isEmpty() ? "" : " " + command) + ": " + message);
    err.println(CliUsage.line(command));
    err.println("Run with --help for more.");
    if (json) {
      printJson(error(Exit.USAGE, message));
    }
    err.flush();
    return Exit.USAGE;
  }

  private int fail(CliOptions options, int code, String message) {
    err.println("codeloop " + options.command() + ": " + message);
    if (message.contains("not trusted")) {
      err.println(
          "codeloop "
              + options.command()
              + ": from the command line, trust it by adding \""
              + options.workspace()
              + "\" to \"trustedWorkspaces\" in your user settings file"
              + " ($XDG_CONFIG_HOME/codeloop/config.json, else ~/.config/codeloop/config.json).");
    }
    err.flush();
    if (options.json()) {
      printJson(error(code, message));
    }
    return code;
  }

  private static JsonObject error(int code, String message) {
    JsonObject o = new JsonObject();
    o.addProperty("error", message);
    o.addProperty("exitCode", code);
    return o;
  }

  private void printJson(JsonElement e) {
    out.println(CliCommand.GSON.toJson(e));
    out.flush();
  }

  private int dispatch(CliOptions o)
      throws UsageException, CliFailure, IOException, InterruptedException {
    DocumentCommands documents = new DocumentCommands(out, err, inProcess, cwd);
    RunCommands runs = new RunCommands(out, err, inProcess, cwd);
    return switch (o.command()) {
      case "complete" -> new CompleteCommand(out, err, inProcess, cwd).complete(o);
      case "doctor" -> documents.document(o, "codeloop.doctor", List.of(), 0, 0);
      case "ask" -> documents.ask(o);
      case "plan" -> documents.plan(o);
      case "action" -> new ActionCommand(out, err, inProcess, cwd).action(o);
      case "check" -> runs.toolRun(o, false);
      case "test" -> runs.toolRun(o, true);
      case "fix" -> runs.workflow(o, false);
      case "implement" -> runs.workflow(o, true);
      default -> throw new UsageException("unknown command '" + o.command() + "'");
    };
  }
}
