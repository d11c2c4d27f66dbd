package dev.codeloop.bench.embedded;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ghost text at the package statement of every held-out Java file ({@code package |}, and with
 * the package's first character typed), against the file's real package: a new file's first line,
 * which most editors without a Java server leave to the user. Trained as {@link MenuBenchmark}
 * ({@code -Dsplit=validation|test}, default validation). Not a test: a main class that prints.
 */
public final class PackageLineBenchmark {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

  private PackageLineBenchmark() {}

  public static void main(String[] args) throws Exception {
    MenuBenchmark.Split split =
        MenuBenchmark.splits("java", System.getProperty("split", "validation")).get(0);
    EmbeddedCodeModel model =
        MenuBenchmark.trainedModel(
            Files.createTempDirectory("package-lines"), "java", split.train(), split.eval().size());
    int files = 0;
    int[] shown = new int[2];
    int[] whole = new int[2];
    int[] asFarAsItGoes = new int[2];
    int[] menuFirst = new int[2];
    for (MenuBenchmark.Doc d : split.eval()) {
      Matcher m = PACKAGE.matcher(d.text());
      if (!m.find()) {
        continue;
      }
      files++;
      String text = d.text();
      int nl = text.indexOf('\n', m.start(1));
      String suffix = nl < 0 ? "" : text.substring(nl);
      for (int typed = 0; typed < 2; typed++) {
        String rest = m.group(1).substring(typed) + ";";
        FimRequest fim =
            new FimRequest(
                "eval/" + d.name(),
                "java",
                text.substring(0, m.start(1) + typed),
                suffix,
                List.of(),
                false);
        String firstName = m.group(1).split("\\.")[0];
        List<dev.codeloop.model.WordRanker.RankedWord> menu = model.rankWords(fim, 10, () -> {});
        if (!menu.isEmpty() && menu.get(0).word().equals(firstName)) {
          menuFirst[typed]++;
        }
        List<String> ghost = model.complete(fim, 1, () -> {});
        if (ghost.isEmpty() || ghost.get(0).isBlank()) {
          continue;
        }
        String g = ghost.get(0).strip();
        shown[typed]++;
        if (g.equals(rest)) {
          whole[typed]++;
        }
        if (rest.startsWith(g)) {
          asFarAsItGoes[typed]++;
        }
      }
    }
    for (int typed = 0; typed < 2; typed++) {
      JdkCorpusBenchmark.print(
          "%d files with a package statement, %d typed: ghost text shown %d, the whole rest of the"
              + " line %d, right as far as it goes %d; the menu's first word the package's first"
              + " name %d",
          files, typed, shown[typed], whole[typed], asFarAsItGoes[typed], menuFirst[typed]);
    }
  }
}
