package dev.codeloop.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every command of the command line shares: where it prints, how it reaches the server. */
abstract class CliCommand {
  static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  final PrintStream out;
  final PrintStream err;
  final ServerConnector inProcess;
  final Path cwd;

  CliCommand(PrintStream out, PrintStream err, ServerConnector inProcess, Path cwd) {
    this.out = out;
    this.err = err;
    this.inProcess = inProcess;
    this.cwd = cwd;
  }

  void printJson(JsonElement e) {
    out.println(GSON.toJson(e));
    out.flush();
  }

  CliSession session(CliOptions o) throws IOException, CliFailure {
    ServerConnector connector =
        o.connectPort().<ServerConnector>map(TcpConnector::new).orElse(inProcess);
    return CliSession.start(connector, new CliClient(err, o.verbose()), o.workspace());
  }

  static List<Object> withModel(CliOptions o, List<Object> args) {
    if (o.model().isEmpty()) {
      return args;
    }
    List<Object> out = new ArrayList<>(args);
    out.add(CliSession.modelArgument(o.model().get()));
    return out;
  }

  static void arity(CliOptions o, int min, int max) throws UsageException {
    int n = o.arguments().size();
    if (n < min) {
      throw new UsageException(
          min == 1 && max == 1 ? "needs one argument" : "needs at least " + min + " arguments");
    }
    if (n > max) {
      throw new UsageException(
          "too many arguments: "
              + String.join(" ", o.arguments().subList(max, n))
              + (max == 0 ? " (it takes none)" : "")
              + " — quote a question or instruction that has spaces");
    }
  }

  int printDocument(CliOptions o, JsonElement result) {
    if (o.json()) {
      printJson(result == null ? new JsonObject() : result);
      return Exit.OK;
    }
    out.println(markdownOf(result).strip());
    return Exit.OK;
  }

  static String markdownOf(JsonElement result) {
    if (result != null && result.isJsonObject()) {
      JsonObject r = result.getAsJsonObject();
      if (r.has("markdown") && r.get("markdown").isJsonPrimitive()) {
        return r.get("markdown").getAsString();
      }
    }
    return result == null ? "" : GSON.toJson(result);
  }

  static String diff(CliOptions o, EditSet.FileChange c) {
    String name = shown(o, c.path());
    return UnifiedDiff.of(
        c.created() ? "/dev/null" : "a/" + name, "b/" + name, c.before(), c.after());
  }

  static String shown(CliOptions o, Path p) {
    return p.startsWith(o.workspace()) ? o.workspace().relativize(p).toString() : p.toString();
  }
}
