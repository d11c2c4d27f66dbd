package dev.codeloop.bench.embedded;

import dev.codeloop.bench.embedded.RerankerTraining.Position;
import dev.codeloop.model.embedded.WordReranker;
import java.util.ArrayList;
import java.util.List;

/**
 * How much averaging more hidden layers helps the menu's re-ranker, on the validation folds: for
 * each kind of position (nothing typed, a word begun) and each fold of the first dump (split by
 * file; the other dumps join every training fold, as {@code RerankerTraining -Dscored=1} does),
 * trains {@code -Dseeds=N} layers from seeds 1..N once and compares, paired, the average of all N
 * with the average of the first {@code -Dversus=K} (the shipped count). Prints what {@link
 * RerankerTraining#paired} prints.
 *
 * <pre>
 * java -Xmx6g -cp … -Dseeds=6 -Dversus=3 dev.codeloop.bench.embedded.LayerAveraging \
 *     v-python.bin r1-python.bin r2-python.bin
 * </pre>
 */
public final class LayerAveraging {
  private LayerAveraging() {}

  public static void main(String[] args) throws Exception {
    int seeds = Integer.getInteger("seeds", 6);
    int versus = Integer.getInteger("versus", 3);
    int units = Integer.getInteger("units", 32);
    int epochs = Integer.getInteger("epochs", 12);
    double l2 = Double.parseDouble(System.getProperty("l2", "1e-3"));
    double rate = Double.parseDouble(System.getProperty("rate", "0.003"));
    List<Position> all = RerankerTraining.readAll(args);
    RerankerTraining.print("%d lists from %s", all.size(), String.join(", ", args));
    for (int k = 0; k < 2; k++) {
      boolean begun = k == 1;
      String name = begun ? "a word begun" : "nothing typed";
      List<Position> lists = all.stream().filter(p -> (p.typed() > 0) == begun).toList();
      double[] start =
          WordReranker.forLanguage(
                  args[0].contains("python")
                      ? dev.codeloop.model.embedded.lex.Language.PYTHON
                      : dev.codeloop.model.embedded.lex.Language.JAVA)
              .part(begun)
              .weights();
      List<Position> folded = lists.stream().filter(p -> p.file() < 1_000_000).toList();
      List<Position> extra = lists.stream().filter(p -> p.file() >= 1_000_000).toList();
      for (int fold = 0; fold < 2; fold++) {
        int parity = fold == 0 ? 1 : 0;
        List<Position> train = new ArrayList<>();
        List<Position> test = new ArrayList<>();
        for (Position p : folded) {
          (p.file() % 2 == parity ? train : test).add(p);
        }
        train.addAll(extra);
        double[] w = RerankerTraining.train(train, start, l2);
        List<WordReranker.Hidden> layers = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
          layers.add(HiddenTraining.train(train, w, units, epochs, rate, seed));
        }
        WordReranker.Part many =
            new WordReranker.Part(
                w, HiddenTraining.average(layers), WordReranker.Calibration.NEVER);
        WordReranker.Part few =
            new WordReranker.Part(
                w,
                versus == 1 ? layers.get(0) : HiddenTraining.average(layers.subList(0, versus)),
                WordReranker.Calibration.NEVER);
        String label =
            String.format(
                "%s, trained on %s, %d layers averaged / %d",
                name, fold == 0 ? "odd" : "even", seeds, versus);
        RerankerTraining.paired(label, test, many, test, few);
      }
    }
    System.exit(0);
  }
}
