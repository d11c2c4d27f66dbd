package dev.codeloop.bench.embedded;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordRanker.RankedWord;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a Java file's path names, in every held-out file: the package statement ({@code package
 * |}) and the name of the top-level type the file is named after ({@code public class |}), with
 * nothing and with one character typed — the ghost text against the rest of the line (the package
 * and its {@code ;}, the type's name), and the menu's first word. Trained as {@link MenuBenchmark}
 * ({@code -Dsplit=validation|test}, default validation). Not a test: a main class that prints.
 */
public final class NewFileBenchmark {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+([\\w.]+)\\s*;");
  private static final Pattern TYPE =
      Pattern.compile(
          "(?m)^(?:(?:public|abstract|final|sealed|non-sealed|strictfp)\\s+)*"
              + "(?:class|interface|enum|record|@interface)\\s+(\\w+)");

  /**
   * {@code -DsuffixChars=}: the text after the cursor's line the requests carry, default 900 (the
   * server's 15 % of the default {@code completion.contextChars}, 6,000); 0 for the whole file.
   */
  private static final int SUFFIX_CHARS = Integer.getInteger("suffixChars", 900);

  private NewFileBenchmark() {}

  /** Counts of one kind of line, by characters typed. */
  private static final class Tally {
    int files;
    final int[] shown = new int[2];
    final int[] whole = new int[2];
    final int[] asFarAsItGoes = new int[2];
    final int[] menuFirst = new int[2];
  }

  public static void main(String[] args) throws Exception {
    MenuBenchmark.Split split =
        MenuBenchmark.splits("java", System.getProperty("split", "validation")).get(0);
    EmbeddedCodeModel model =
        MenuBenchmark.trainedModel(
            Files.createTempDirectory("new-file"), "java", split.train(), split.eval().size());
    Tally packages = new Tally();
    Tally types = new Tally();
    Tally imports = new Tally();
    for (MenuBenchmark.Doc d : split.eval()) {
      Matcher p = PACKAGE.matcher(d.text());
      if (p.find()) {
        String name = p.group(1);
        score(model, d, p.start(1), name + ";", name.split("\\.")[0], packages);
      }
      Matcher i = IMPORT.matcher(d.text());
      while (i.find()) {
        String name = i.group(1);
        score(model, d, i.start(1), name + ";", name.split("\\.")[0], imports);
      }
      String file = d.name().substring(d.name().lastIndexOf('/') + 1);
      String stem = file.substring(0, file.length() - ".java".length());
      Matcher t = TYPE.matcher(d.text());
      while (t.find()) {
        if (t.group(1).equals(stem)) {
          score(model, d, t.start(1), stem, stem, types);
          break;
        }
      }
    }
    print("the package statement", packages);
    print("the top-level type named after the file", types);
    print("each import statement (not static, not *: files counts statements)", imports);
  }

  /** The ghost text and the menu where {@code rest} starts at {@code at} in {@code d}. */
  private static void score(
      EmbeddedCodeModel model,
      MenuBenchmark.Doc d,
      int at,
      String rest,
      String firstWord,
      Tally tally) {
    tally.files++;
    String text = d.text();
    int nl = text.indexOf('\n', at);
    String suffix = nl < 0 ? "" : text.substring(nl);
    if (SUFFIX_CHARS > 0 && suffix.length() > SUFFIX_CHARS) {
      // what the server sends: completion.contextChars' 15 % after the cursor, to a line's end
      int end = suffix.indexOf('\n', SUFFIX_CHARS);
      suffix = end < 0 ? suffix : suffix.substring(0, end);
    }
    for (int typed = 0; typed < 2; typed++) {
      FimRequest fim =
          new FimRequest(
              "eval/" + d.name(), "java", text.substring(0, at + typed), suffix, List.of(), false);
      List<RankedWord> menu = model.rankWords(fim, 10, () -> {});
      if (!menu.isEmpty() && menu.get(0).word().equals(firstWord)) {
        tally.menuFirst[typed]++;
      }
      List<String> ghost = model.complete(fim, 1, () -> {});
      if (ghost.isEmpty() || ghost.get(0).isBlank()) {
        continue;
      }
      String g = ghost.get(0).strip();
      String want = rest.substring(typed);
      tally.shown[typed]++;
      if (g.equals(want)) {
        tally.whole[typed]++;
      }
      if (want.startsWith(g)) {
        tally.asFarAsItGoes[typed]++;
      } else if (Boolean.getBoolean("wrong")) {
        JdkCorpusBenchmark.print("wrong %s %d: %s -> %s", d.name(), typed, want, g); // -Dwrong=true
      }
    }
  }

  private static void print(String what, Tally t) {
    for (int typed = 0; typed < 2; typed++) {
      JdkCorpusBenchmark.print(
          "%s, %d files, %d typed: ghost text shown %d, the whole rest of the line %d, right as far"
              + " as it goes %d; the menu's first word right %d",
          what,
          t.files,
          typed,
          t.shown[typed],
          t.whole[typed],
          t.asFarAsItGoes[typed],
          t.menuFirst[typed]);
    }
  }
}
