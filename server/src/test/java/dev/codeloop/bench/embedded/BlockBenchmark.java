package dev.codeloop.bench.embedded;

import dev.codeloop.bench.embedded.MenuBenchmark.Doc;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The ghost text's blocks (issue 15 item 2: "blocks after {@code {}/{@code :} where confident"),
 * measured as an editor asks for them: the user has typed a line that opens a block ({@code {} in
 * Java, {@code :} after {@code def}, {@code if}, {@code for}, … in Python) and pressed Enter, so the
 * cursor sits at the body's indentation on an empty line, and the text after the block (its
 * closing line on) is below the cursor, as an editor that closes brackets shows it. The body itself
 * is not in the text. {@code complete(fim, 1)} with {@code multiline} set gives the ghost text.
 *
 * <p>Same corpora and training as {@link MenuBenchmark} (Java: {@code java.base}; Python: the
 * standard library without the held-out packages), the same validation and test splits, positions
 * sampled with a fixed seed among the blocks of the evaluation files; each file is learned after it
 * is scored. Per language: shown (a non-blank suggestion), its first line right (equal to the
 * body's first line, white space at the ends ignored), every line right (the suggestion's lines are
 * the body's first lines), lines offered.
 *
 * <pre>
 * ./mvnw -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.codeloop.bench.embedded.BlockBenchmark -Dlang=both -Dsplit=test
 * </pre>
 *
 * Options: {@code -Dlang=java|python|both}, {@code -Dsplit=test|validation}, {@code -Dpositions=}
 * (per language, default 1000), {@code -Dseed=} (default 7), {@code -DsearchBudgetMs=} (the beam
 * search's budget, default the product's 8 ms; a large one makes the figures independent of the
 * machine's load), {@code -Dshow=N} (prints the first N suggestions with the body).
 */
public final class BlockBenchmark {
  private BlockBenchmark() {}

  /** A block: its file, the prefix the editor holds, the suffix below the cursor, its body. */
  record Block(Doc doc, String prefix, String suffix, List<String> body, String closer) {}

  public static void main(String[] args) throws Exception {
    MenuBenchmark.runSplits("blocks; ", 1000, BlockBenchmark::run);
  }

  static void run(String languageId, List<Doc> train, List<Doc> eval, int positions, long seed)
      throws Exception {
    Path root = Files.createTempDirectory("codeloop-block-bench");
    try {
      EmbeddedCodeModel model = MenuBenchmark.trainedModel(root, languageId, train, eval.size());
      List<Block> all = new ArrayList<>();
      for (Doc d : eval) {
        all.addAll(blocks(languageId, d));
      }
      Random random = new Random(seed);
      double rate = Math.min(1.0, positions / (double) Math.max(1, all.size()));
      int show = Integer.getInteger("show", 0);
      int n = 0;
      int shown = 0;
      int firstRight = 0;
      int allRight = 0;
      int rightStart = 0;
      int repeatsCloser = 0;
      long lines = 0;
      long rightLines = 0;
      List<Long> nanos = new ArrayList<>();
      Doc current = null;
      for (Block b : all) {
        if (b.doc() != current) {
          if (current != null) {
            MenuBenchmark.learn(model, root, current, languageId);
          }
          current = b.doc();
        }
        if (random.nextDouble() >= rate) {
          continue;
        }
        n++;
        FimRequest fim =
            new FimRequest(
                "eval/" + b.doc().name(), languageId, b.prefix(), b.suffix(), List.of(), true);
        long t0 = System.nanoTime();
        List<String> got = model.complete(fim, 1, () -> {});
        nanos.add(System.nanoTime() - t0);
        String g = got.isEmpty() ? "" : got.get(0);
        if (g.isBlank()) {
          continue;
        }
        shown++;
        List<String> suggested =
            Arrays.stream(g.split("\n", -1)).map(String::strip).filter(s -> !s.isEmpty()).toList();
        int right = 0;
        while (right < suggested.size()
            && right < b.body().size()
            && suggested.get(right).equals(b.body().get(right))) {
          right++;
        }
        lines += suggested.size();
        rightLines += right;
        if (!suggested.isEmpty() && right >= 1) {
          firstRight++;
        }
        if (right == suggested.size()) {
          allRight++;
        }
        // a right beginning: every line right but the last, which starts the body's line
        int last = suggested.size() - 1;
        if (right >= last
            && last < b.body().size()
            && b.body().get(last).startsWith(suggested.get(last))) {
          rightStart++;
        }
        if (suggested.get(last).equals(b.closer())) {
          repeatsCloser++;
        }
        if (show-- > 0) {
          JdkCorpusBenchmark.print(
              "--- %s\n%s|<cursor>\nsuggested: %s\nbody:      %s",
              b.doc().name(),
              lastLines(b.prefix(), 2),
              suggested,
              b.body().subList(0, Math.min(4, b.body().size())));
        }
      }
      JdkCorpusBenchmark.print(
          "%s blocks: %d positions; shown %.1f %%; first line right %.1f %% of shown (%.1f %% of"
              + " all); every line right %.1f %% of shown; %.2f lines per suggestion, %.1f %% of"
              + " them right",
          languageId,
          n,
          100.0 * shown / Math.max(1, n),
          100.0 * firstRight / Math.max(1, shown),
          100.0 * firstRight / Math.max(1, n),
          100.0 * allRight / Math.max(1, shown),
          lines / (double) Math.max(1, shown),
          100.0 * rightLines / Math.max(1, lines));
      JdkCorpusBenchmark.print(
          "%s blocks: a right beginning (every line right, the last one at least begun) %.1f %%"
              + " of shown (%.1f %% of all); ending with the block's closer, already below the"
              + " cursor, %.1f %% of shown",
          languageId,
          100.0 * rightStart / Math.max(1, shown),
          100.0 * rightStart / Math.max(1, n),
          100.0 * repeatsCloser / Math.max(1, shown));
      JdkCorpusBenchmark.print(
          "%s block latency (complete): %s", languageId, MenuBenchmark.percentiles(nanos));
      model.close();
    } finally {
      MenuBenchmark.deleteTree(root);
    }
  }

  /**
   * The blocks of {@code doc}: each line that opens one (ends with {@code {} in Java, or with
   * {@code :} after a compound statement's keyword in Python) and is followed by a more indented,
   * non-blank body line.
   */
  static List<Block> blocks(String languageId, Doc doc) {
    boolean python = languageId.equals("python");
    String[] lines = doc.text().split("\n", -1);
    int[] starts = new int[lines.length + 1];
    for (int i = 0; i < lines.length; i++) {
      starts[i + 1] = starts[i] + lines[i].length() + 1;
    }
    List<Block> out = new ArrayList<>();
    for (int i = 10; i + 1 < lines.length; i++) {
      String line = lines[i].stripTrailing();
      boolean opens =
          python
              ? line.endsWith(":") && PY_OPENER.matcher(line).find()
              : line.endsWith("{") && !line.strip().startsWith("//") && !line.contains("->");
      if (!opens) {
        continue;
      }
      int indent = indent(lines[i]);
      int first = i + 1;
      if (lines[first].isBlank() || indent(lines[first]) <= indent) {
        continue;
      }
      // the block's end: Python, the next non-blank line indented no deeper than the opener;
      // Java, the line that closes the opener's brace (counted naively, braces in strings and
      // comments included: such blocks are rare and only their end moves)
      int end = -1;
      if (python) {
        for (int j = first; j < lines.length; j++) {
          if (!lines[j].isBlank() && indent(lines[j]) <= indent) {
            end = j;
            break;
          }
        }
      } else {
        int depth = 1;
        for (int j = first; j < lines.length && end < 0; j++) {
          for (char c : lines[j].toCharArray()) {
            if (c == '{') {
              depth++;
            } else if (c == '}' && --depth == 0) {
              end = j;
              break;
            }
          }
        }
      }
      if (end < 0) {
        continue;
      }
      List<String> body = new ArrayList<>();
      for (int j = first; j < end; j++) {
        if (!lines[j].isBlank()) {
          body.add(lines[j].strip());
        }
      }
      if (body.isEmpty()) {
        continue;
      }
      String bodyIndent = lines[first].substring(0, indent(lines[first]));
      String prefix = doc.text().substring(0, starts[i] + lines[i].length()) + "\n" + bodyIndent;
      String suffix = "\n" + doc.text().substring(Math.min(doc.text().length(), starts[end]));
      out.add(new Block(doc, prefix, suffix, body, lines[end].strip()));
    }
    return out;
  }

  private static final java.util.regex.Pattern PY_OPENER =
      java.util.regex.Pattern.compile(
          "^\\s*(def|class|if|elif|else|for|while|with|try|except|finally|async def|async for|async with)\\b");

  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static String lastLines(String text, int n) {
    int at = text.length();
    for (int k = 0; k < n && at > 0; k++) {
      at = text.lastIndexOf('\n', at - 1);
      if (at < 0) {
        return text;
      }
    }
    return text.substring(at + 1);
  }
}
