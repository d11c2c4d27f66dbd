package dev.codeloop.cli;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** {@code doctor}, {@code ask}, {@code plan}: commands whose result is a document to read. */
final class DocumentCommands extends CliCommand {
  DocumentCommands(PrintStream out, PrintStream err, ServerConnector inProcess, Path cwd) {
    super(out, err, inProcess, cwd);
  }

  /** Opens the file of argument {@code fileArg} (if any) and runs a command whose result reads. */
  int document(CliOptions o, String command, List<Object> args, int min, int max)
      throws UsageException, CliFailure, IOException {
    arity(o, min, max);
    try (CliSession s = session(o)) {
      JsonElement result = s.command(command, withModel(o, args));
      return printDocument(o, result);
    }
  }

  int ask(CliOptions o) throws UsageException, CliFailure, IOException {
    arity(o, 1, 2);
    String question = o.arguments().get(0);
    if (question.isBlank()) {
      throw new UsageException("the question is empty");
    }
    try (CliSession s = session(o)) {
      List<Object> args = new ArrayList<>();
      args.add(question);
      if (o.arguments().size() > 1) {
        FilePosition pos = FilePosition.parse(o.arguments().get(1), cwd, o.workspace());
        String text = CliSession.read(pos.file(), o.workspace());
        args.add(s.open(pos.file(), text));
        pos.line().ifPresent(l -> args.add(lineRange(text, l)));
      }
      return printDocument(o, s.command("codeloop.ask", withModel(o, args)));
    }
  }

  int plan(CliOptions o) throws UsageException, CliFailure, IOException {
    arity(o, 2, 2);
    FilePosition pos = FilePosition.parse(o.arguments().get(1), cwd, o.workspace());
    String text = CliSession.read(pos.file(), o.workspace());
    try (CliSession s = session(o)) {
      List<Object> args = new ArrayList<>();
      args.add(o.arguments().get(0));
      args.add(s.open(pos.file(), text));
      pos.line().ifPresent(l -> args.add(lineRange(text, l)));
      return printDocument(o, s.command("codeloop.plan", withModel(o, args)));
    }
  }

  private static Range lineRange(String text, int line) {
    List<String> lines = List.of(text.split("\n", -1));
    int l = Math.min(line, lines.size() - 1);
    return new Range(new Position(l, 0), new Position(l, lines.get(l).length()));
  }
}
