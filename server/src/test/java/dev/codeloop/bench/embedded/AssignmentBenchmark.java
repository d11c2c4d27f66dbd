package dev.codeloop.bench.embedded;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How often the ghost text completes {@code self.} / {@code this.} at a statement's start with the
 * assignment of a constructor's next parameter ({@code name = name}), and how often that is what
 * the file goes on with: at every such statement start of the validation and test packages (Python)
 * and modules (Java) of {@link MenuBenchmark}, the editor holding the file up to the {@code .} and
 * from the next line on. The rule needs no model: an untrained one is asked. A main class:
 *
 * <pre>
 * java -cp server/target/test-classes:server/target/classes:$(cat /tmp/cp.txt) \
 *     dev.codeloop.bench.embedded.AssignmentBenchmark
 * </pre>
 */
public final class AssignmentBenchmark {
  private static final Pattern ASSIGNMENT = Pattern.compile("(\\w+) = (\\w+);?");

  private AssignmentBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean test = System.getProperty("split", "validation").equals("test");
    List<String> python = test ? MenuBenchmark.PYTHON_TEST : MenuBenchmark.PYTHON_VALIDATION;
    List<String[]> pyFiles = new ArrayList<>();
    for (String pkg : python) {
      Path dir = MenuBenchmark.PYTHON_LIB.resolve(pkg);
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".py")).sorted().toList()) {
          pyFiles.add(new String[] {p.toString(), Files.readString(p)});
        }
      }
    }
    JdkCorpusBenchmark.print("split: %s", test ? "test" : "validation");
    score("python", "self", pyFiles);
    List<String> modules = test ? JdkCorpus.TEST_MODULES : JdkCorpus.VALIDATION_MODULES;
    List<String[]> javaFiles = new ArrayList<>();
    for (JdkCorpus.SourceFile f : JdkCorpus.read(modules)) {
      javaFiles.add(new String[] {f.name(), f.text()});
    }
    score("java", "this", javaFiles);
  }

  private static void score(String languageId, String receiver, List<String[]> files)
      throws IOException {
    EmbeddedCodeModel model = EmbeddedCodeModel.builder().build();
    Pattern start = Pattern.compile("(?m)^[ \\t]*" + receiver + "\\.(?=\\w)");
    int starts = 0;
    int shown = 0;
    int right = 0;
    int parameterAssignments = 0;
    for (String[] file : files) {
      String text = file[1];
      var m = start.matcher(text);
      while (m.find()) {
        starts++;
        int at = m.end();
        int lineEnd = text.indexOf('\n', at);
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        String line = text.substring(at, lineEnd).strip();
        var written = ASSIGNMENT.matcher(line);
        boolean paramLike = written.matches() && written.group(1).equals(written.group(2));
        if (paramLike) {
          parameterAssignments++;
        }
        FimRequest fim =
            new FimRequest(
                file[0],
                languageId,
                text.substring(0, at),
                text.substring(lineEnd),
                List.of(),
                false);
        List<String> ghost = model.complete(fim, 1, () -> {});
        var rule = ghost.isEmpty() ? null : ASSIGNMENT.matcher(ghost.get(0));
        if (rule == null
            || !rule.matches()
            || !rule.group(1).equals(rule.group(2))
            || receiver.equals("this") != ghost.get(0).endsWith(";")) {
          continue; // not the rule's (the model's own guess from the file's text)
        }
        shown++;
        if (line.replace(" ", "").equals(ghost.get(0).replace(" ", ""))) {
          right++;
        } else if (Boolean.getBoolean("wrong")) {
          JdkCorpusBenchmark.print("wrong %s | %s. -> %s", line, receiver, ghost.get(0));
        }
      }
    }
    JdkCorpusBenchmark.print(
        "%s: %d statements starting %s. (%d of them %s.x = x), the rule's assignment shown at %d,"
            + " right at %d (%.1f %%)",
        languageId,
        starts,
        receiver,
        parameterAssignments,
        receiver,
        shown,
        right,
        100.0 * right / Math.max(1, shown));
  }
}
