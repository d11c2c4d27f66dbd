package dev.codeloop.bench.embedded;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordRanker.RankedWord;
import dev.codeloop.model.embedded.EmbeddedCodeModel;
import dev.codeloop.model.embedded.IndexStats;
import dev.codeloop.model.embedded.PlatformLibrary;
import dev.codeloop.model.embedded.WordReranker;
import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import dev.codeloop.model.embedded.lex.TokenKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What a user of the embedded model meets, per language, measured through its public API (the calls
 * the completion menu and the ghost text make): for Java, trained on {@code java.base} and
 * evaluated on the JDK modules of {@link JdkCorpus}; for Python, trained on the standard library
 * and evaluated on four application-like packages of it, held out.
 *
 * <p>Protocol: the training files are written to a temp folder and learned with {@code
 * indexWorkspace}. The evaluation files are read in name order; in each, identifier positions (3+
 * characters, after the 10th token) are sampled with a fixed seed. At each position the editor
 * holds the file up to the cursor and everything after the cursor's line (the line being written
 * has nothing after the cursor). With 0, 1 and 2 characters of the identifier typed, {@code
 * rankWords} gives the menu (top-1 / top-5: the identifier is the first / among the first five
 * items); with nothing and with one character typed, {@code complete} gives the ghost text (shown:
 * non-empty; right: it starts with the rest of the identifier, ending there). After a file has been
 * scored it is learned ({@code updateDocument}), as the product learns a saved file.
 *
 * <pre>
 * ./mvnw -B -q -o -pl server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.codeloop.bench.embedded.MenuBenchmark -Dlang=python -Dsplit=test
 * </pre>
 *
 * Options: {@code -Dlang=java|python|both|javascript} (default both; {@code javascript} is npm's
 * sources: {@link #NPM}), {@code -Dsplit=test|validation|rerank} (default test), {@code
 * -Dpositions=} (per language, default 3000), {@code -Dseed=}, {@code -Ddump=prefix} (writes each
 * position's candidate lists with their features to {@code prefix-<language>.bin} for {@link
 * RerankerTraining}; use it on the validation and rerank splits only), {@code -Dwrong=true} (prints
 * each position where the identifier is not first after one typed character, or after {@code
 * -DwrongTyped=0|2}: its rank, the line before the cursor and the first four items), {@code
 * -DwrongGhost=0|1} (prints each ghost text shown and wrong with nothing or one character typed, as
 * it is, whitespace and all, after the line before the cursor), {@code -Dmisspaced=true} (with
 * {@code -Dall=true}: each ghost text right as a whole but not spaced as the file is, beside the
 * file's text), {@code -DinString=N} (with {@code -Dall=true}: only before string literals, their
 * quote and N characters typed), {@code -Dkeywords=true} (keywords are positions too: dumps for the
 * keyword re-ranker), {@code -DminTyped=} and {@code -DmaxTyped=} (the typed counts scored), {@code
 * -Dghost=false} (the menus alone).
 */
public final class MenuBenchmark {
  public static final Path PYTHON_LIB = Path.of("/root/.pyenv/versions/3.11.7/lib/python3.11");

  /** Ordinary application code: scored once, never tuned on. */
  public static final List<String> PYTHON_TEST =
      List.of("logging/", "wsgiref/", "xmlrpc/", "concurrent/");

  /** For tuning. */
  public static final List<String> PYTHON_VALIDATION =
      List.of("email/", "http/", "json/", "urllib/");

  /**
   * More lists for training the menu's re-ranker ({@code -Dsplit=rerank}, three groups: {@code
   * -Dgroup=1|2|3}; Python's third is single-file modules): held out of the model only in that
   * split; the test and validation splits learn them as before.
   */
  static final List<List<String>> PYTHON_RERANK =
      List.of(
          List.of(
              "asyncio/", "multiprocessing/", "xml/", "importlib/", "html/", "dbm/", "sqlite3/"),
          List.of(
              "unittest/",
              "tkinter/",
              "ctypes/",
              "distutils/",
              "collections/",
              "zoneinfo/",
              "curses/"),
          List.of(
              "argparse.py",
              "configparser.py",
              "dataclasses.py",
              "difflib.py",
              "enum.py",
              "ftplib.py",
              "gettext.py",
              "imaplib.py",
              "inspect.py",
              "ipaddress.py",
              "mailbox.py",
              "optparse.py",
              "pathlib.py",
              "pdb.py",
              "shutil.py",
              "smtplib.py",
              "subprocess.py",
              "tarfile.py",
              "textwrap.py",
              "threading.py",
              "zipfile.py"));

  /**
   * JavaScript (which TypeScript shares: {@code Language.JAVASCRIPT}): the npm command line's
   * sources as the machine's Node.js installs them (npm 11.19.1 here), by path under {@link #NPM}.
   */
  public static final Path NPM = Path.of("/usr/lib/node_modules/npm");

  /** The npm command itself: application code, scored once, never tuned on. */
  public static final List<String> JAVASCRIPT_TEST = List.of("lib/");

  /** For tuning: npm's dependency tree builder, application code of the same project. */
  public static final List<String> JAVASCRIPT_VALIDATION =
      List.of("node_modules/@npmcli/arborist/");

  /**
   * More lists for the re-ranker ({@code -Dsplit=rerank -Dgroup=1|2|3}): held out of the model only
   * in that split.
   */
  static final List<List<String>> JAVASCRIPT_RERANK =
      List.of(
          List.of("node_modules/@npmcli/config/", "node_modules/pacote/", "node_modules/cacache/"),
          List.of("node_modules/tar/", "node_modules/node-gyp/", "node_modules/make-fetch-happen/"),
          List.of(
              "node_modules/@sigstore/",
              "node_modules/minipass-fetch/",
              "node_modules/npm-registry-fetch/"));

  /**
   * Never learned: minified bundles, generated code, and the ES-module copy of a package that ships
   * the same code as CommonJS too (its {@code dist/commonjs} copy is kept).
   */
  static final List<String> JAVASCRIPT_SKIPPED =
      List.of(".min.js", "__generated__/", "/dist/esm/", "/test/", "/tests/");

  /** The same for Java: modules beside java.base that no other split scores. */
  static final List<List<String>> JAVA_RERANK =
      List.of(
          List.of("java.management/", "java.naming/", "jdk.jshell/", "jdk.jfr/"),
          List.of(
              "jdk.javadoc/",
              "java.security.jgss/",
              "jdk.jlink/",
              "jdk.jdeps/",
              "jdk.dynalink/",
              "java.xml.crypto/"),
          List.of(
              "jdk.compiler/",
              "jdk.jdi/",
              "jdk.jpackage/",
              "java.compiler/",
              "jdk.jconsole/",
              "jdk.jcmd/",
              "jdk.jartool/",
              "jdk.sctp/"));

  /** The rerank split's group ({@code -Dgroup=1|2|3}, default 1) as an index. */
  private static int rerankGroup() {
    int g = Integer.getInteger("group", 1);
    if (g < 1 || g > PYTHON_RERANK.size()) {
      throw new IllegalArgumentException("-Dgroup=1|2|3, not " + g);
    }
    return g - 1;
  }

  /** Never learned: tests, generated or vendored code, the IDE and demos. */
  static final List<String> PYTHON_SKIPPED =
      List.of(
          "test/",
          "site-packages/",
          "idlelib/",
          "lib2to3/",
          "turtledemo/",
          "ensurepip/",
          "config-3.11",
          "__pycache__/",
          "tests/",
          "unittest/test/",
          "tkinter/test/",
          "ctypes/test/",
          "distutils/tests/",
          "sqlite3/test/");

  private static final int MAX_WORDS = 40;

  /** A source file: its path relative to the corpus root, and its text. */
  public record Doc(String name, String text) {}

  private MenuBenchmark() {}

  public static void main(String[] args) throws Exception {
    runSplits("", 3000, MenuBenchmark::run);
  }

  /** One language's evaluation: its training and scored files, positions, seed. */
  interface SplitRun {
    void run(String languageId, List<Doc> train, List<Doc> eval, int positions, long seed)
        throws Exception;
  }

  /**
   * The options both benchmarks of the embedded model take ({@code -Dlang=java|python|both}, {@code
   * -Dsplit=test|validation|rerank}, {@code -Dpositions=} per language, {@code -Dseed=}): prints
   * them with {@code label} and the load, runs {@code run} on each language's split, prints the
   * load at the end and exits.
   */
  static void runSplits(String label, int defaultPositions, SplitRun run) throws Exception {
    String lang = System.getProperty("lang", "both");
    String which = System.getProperty("split", "test");
    if (!List.of("test", "validation", "rerank").contains(which)) {
      throw new IllegalArgumentException("-Dsplit=test|validation|rerank, not " + which);
    }
    int positions = Integer.getInteger("positions", defaultPositions);
    long seed = Long.getLong("seed", 7);
    JdkCorpusBenchmark.print(
        "%ssplit: %s, positions per language: %d, seed %d, load average %s",
        label, which, positions, seed, loadAverage());
    for (Split split : splits(lang, which)) {
      run.run(split.languageId(), split.train(), split.eval(), positions, seed);
    }
    JdkCorpusBenchmark.print("load average at end: %s", loadAverage());
    System.exit(0);
  }

  /**
   * A language's corpus: what the model is trained on and what is scored.
   *
   * @param languageId {@code java} or {@code python}
   */
  record Split(String languageId, List<Doc> train, List<Doc> eval) {}

  /**
   * The splits of {@code lang} ({@code java}, {@code python} or {@code both}): Java trained on
   * {@code java.base} and scored on {@link JdkCorpus}'s validation or test modules; Python trained
   * on the standard library less both held-out package lists, scored on one of them.
   */
  static List<Split> splits(String lang, String which) throws IOException {
    List<Split> out = new ArrayList<>();
    if (lang.equals("java") || lang.equals("both")) {
      List<Doc> train = trainSubset(jdk(List.of("java.base/")));
      List<Doc> eval =
          jdk(
              switch (which) {
                case "validation" -> JdkCorpus.VALIDATION_MODULES;
                case "rerank" -> JAVA_RERANK.get(rerankGroup());
                default -> JdkCorpus.TEST_MODULES;
              });
      out.add(new Split("java", train, eval));
    }
    if (lang.equals("python") || lang.equals("both")) {
      out.add(
          heldOutByPath("python", python(), which, PYTHON_TEST, PYTHON_VALIDATION, PYTHON_RERANK));
    }
    if (lang.equals("javascript")) {
      out.add(
          heldOutByPath(
              "javascript",
              javascript(),
              which,
              JAVASCRIPT_TEST,
              JAVASCRIPT_VALIDATION,
              JAVASCRIPT_RERANK));
    }
    return out;
  }

  /**
   * A corpus split by path prefixes: the split's files scored ({@code which}: the test, validation
   * or rerank group's prefixes), the model trained on the rest less the test and validation files
   * (and, in the rerank split, less the group scored).
   */
  private static Split heldOutByPath(
      String languageId,
      List<Doc> all,
      String which,
      List<String> test,
      List<String> validation,
      List<List<String>> rerank) {
    List<String> evalPrefixes =
        switch (which) {
          case "validation" -> validation;
          case "rerank" -> rerank.get(rerankGroup());
          default -> test;
        };
    List<String> heldOut = new ArrayList<>(test);
    heldOut.addAll(validation);
    if (which.equals("rerank")) {
      heldOut.addAll(rerank.get(rerankGroup()));
    }
    List<Doc> train =
        all.stream().filter(d -> heldOut.stream().noneMatch(d.name()::startsWith)).toList();
    List<Doc> eval =
        all.stream().filter(d -> evalPrefixes.stream().anyMatch(d.name()::startsWith)).toList();
    return new Split(languageId, trainSubset(train), eval);
  }

  /**
   * A model trained on {@code train}, written under {@code root/train} and learned with {@code
   * indexWorkspace}. {@code -DsearchBudgetMs}: the beam search's latency budget (the product's 8 ms
   * by default); a large one makes the ghost text's figures independent of the machine's load.
   */
  static EmbeddedCodeModel trainedModel(
      Path root, String languageId, List<Doc> train, int evalFiles) throws IOException {
    Files.createDirectories(root.resolve("train"));
    boolean platform = Boolean.getBoolean("platform");
    if (platform && train.isEmpty()) {
      // a project of one file: an index run learns the libraries of the languages it holds
      Files.writeString(
          root.resolve("train").resolve(languageId.equals("java") ? "Main.java" : "main.py"),
          languageId.equals("java") ? "class Main {}\n" : "pass\n");
    }
    for (Doc d : train) {
      Path p = root.resolve("train").resolve(d.name());
      Files.createDirectories(p.getParent());
      Files.writeString(p, d.text());
    }
    EmbeddedCodeModel model =
        EmbeddedCodeModel.builder()
            .executor(Runnable::run)
            // evicted directory caches rebuilt at once: the figures must not depend on timing
            .directoryHoldBack(0)
            .searchBudget(Duration.ofMillis(Long.getLong("searchBudgetMs", 8)))
            .platformLibrary(
                platform
                    ? platformLibrary()
                        .withMaxTokens(Long.getLong("platformTokens", PlatformLibrary.MAX_TOKENS))
                    : PlatformLibrary.NONE)
            .build();
    IndexStats stats = model.indexWorkspace(root.resolve("train"), null, null).join();
    JdkCorpusBenchmark.print(
        "%s: trained on %d files, %d tokens (and %d files, %d tokens of the standard library)"
            + " in %.1f s; evaluating %d files",
        languageId,
        stats.files(),
        stats.tokens(),
        stats.platformFiles(),
        stats.platformTokens(),
        stats.millis() / 1000.0,
        evalFiles);
    return model;
  }

  /**
   * {@code -Dtrain=none}: nothing (a project alone); {@code -Dtrain=prefix1,prefix2}: the training
   * files whose path starts with one of them; otherwise all.
   */
  static List<Doc> trainSubset(List<Doc> train) {
    String t = System.getProperty("train", "all");
    if (t.equals("all")) {
      return train;
    }
    if (t.equals("none")) {
      return List.of();
    }
    List<String> prefixes = List.of(t.split(","));
    return train.stream().filter(d -> prefixes.stream().anyMatch(d.name()::startsWith)).toList();
  }

  /**
   * {@code -Dplatform=true}: the standard libraries as the product learns them ({@link
   * PlatformLibrary}): the JDK sources {@link JdkCorpus} reads, and {@link #PYTHON_LIB} less every
   * package a split scores.
   */
  static PlatformLibrary platformLibrary() {
    List<String> heldOut = new ArrayList<>(PYTHON_TEST);
    heldOut.addAll(PYTHON_VALIDATION);
    PYTHON_RERANK.forEach(heldOut::addAll);
    heldOut.addAll(PYTHON_SKIPPED);
    return PlatformLibrary.of(
        java.util.Map.of(
            Language.JAVA,
            new PlatformLibrary.Archive(JdkCorpus.SRC_ZIP),
            Language.PYTHON,
            new PlatformLibrary.Folder(PYTHON_LIB, heldOut)));
  }

  /** Deletes the folder {@code root} and everything in it. */
  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static List<Doc> jdk(List<String> modules) throws IOException {
    return JdkCorpus.read(modules).stream().map(f -> new Doc(f.name(), f.text())).toList();
  }

  /** The Python standard library's sources, less {@link #PYTHON_SKIPPED}, by relative path. */
  public static List<Doc> python() throws IOException {
    return sources(
        PYTHON_LIB,
        ".py",
        name ->
            PYTHON_SKIPPED.stream().anyMatch(s -> name.startsWith(s) || name.contains("/" + s)));
  }

  /** npm's JavaScript sources under {@link #NPM}, less {@link #JAVASCRIPT_SKIPPED}, by path. */
  public static List<Doc> javascript() throws IOException {
    return sources(NPM, ".js", name -> JAVASCRIPT_SKIPPED.stream().anyMatch(name::contains));
  }

  /**
   * The files under {@code root} named {@code *extension}, by relative path, less {@code skipped}.
   */
  private static List<Doc> sources(
      Path root, String extension, java.util.function.Predicate<String> skipped)
      throws IOException {
    List<Doc> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(extension)).sorted().toList()) {
        String name = root.relativize(p).toString().replace('\\', '/');
        if (!skipped.test(name)) {
          out.add(new Doc(name, Files.readString(p, StandardCharsets.UTF_8)));
        }
      }
    } catch (java.io.UncheckedIOException | java.nio.charset.MalformedInputException e) {
      throw new IOException(e);
    }
    return out;
  }

  private record Position(Doc doc, int start, String word, TokenKind kind) {}

  static void run(String languageId, List<Doc> train, List<Doc> eval, int positions, long seed)
      throws Exception {
    Language language = Language.fromLanguageId(languageId);
    Path root = Files.createTempDirectory("codeloop-menu-bench");
    try {
      EmbeddedCodeModel model = trainedModel(root, languageId, train, eval.size());
      List<Position> sampled = sample(language, eval, positions, seed);
      Tally tally = new Tally();
      tally.language = languageId;
      String dump = System.getProperty("dump");
      if (dump != null) {
        tally.dump =
            new java.io.DataOutputStream(
                new java.io.BufferedOutputStream(
                    Files.newOutputStream(Path.of(dump + "-" + languageId + ".bin")), 1 << 16));
      }
      CodeLexer lexer = new CodeLexer(language);
      java.util.Set<String> known = new java.util.HashSet<>();
      for (Doc d : train) {
        lexer.significantTokens(d.text()).forEach(t -> known.add(t.text()));
      }
      Doc current = null;
      for (Position pos : sampled) {
        if (current != pos.doc()) {
          if (current != null) {
            learn(model, root, current, languageId);
            lexer.significantTokens(current.text()).forEach(t -> known.add(t.text()));
          }
          current = pos.doc();
          tally.fileIndex++;
        }
        if (known.contains(pos.word())
            || lexer.significantTokens(pos.doc().text().substring(0, pos.start())).stream()
                .anyMatch(t -> t.text().equals(pos.word()))) {
          tally.reachable++;
        }
        if (ALL_TOKENS) {
          scoreGhostAnywhere(model, languageId, pos, tally);
        } else {
          score(model, root, languageId, pos, tally);
        }
      }
      if (ALL_TOKENS) {
        tally.printAnywhere(languageId, sampled.size());
      } else {
        tally.print(languageId, sampled.size());
      }
      if (tally.dump != null) {
        tally.dump.close();
      }
      model.close();
    } finally {
      deleteTree(root);
    }
  }

  /** Learns an evaluation file once it is scored, as the product learns a saved file. */
  static void learn(EmbeddedCodeModel model, Path root, Doc doc, String languageId) {
    model.updateDocument(uri(root, doc), languageId, doc.text());
  }

  private static String uri(Path root, Doc doc) {
    return root.resolve("eval").resolve(doc.name()).toUri().toString();
  }

  /**
   * The identifiers scored: at least {@code -DminLength} characters (3: the protocol; the figures
   * with one and two typed need words longer than that) and at most {@code -DmaxLength}. With
   * shorter words only the nothing-typed rows mean what they say (one typed may be the whole word).
   */
  static final int MIN_LENGTH = Integer.getInteger("minLength", 3);

  static final int MAX_LENGTH = Integer.getInteger("maxLength", Integer.MAX_VALUE);

  /**
   * The typed counts scored, 0 to {@code -DmaxTyped} (2); with 0 only the nothing-typed rows are
   * filled (dumps of that part alone, of words of any length: {@code -DminLength=1}).
   */
  static final int MAX_TYPED = Integer.getInteger("maxTyped", 2);

  /**
   * {@code -Dall=true}: every token after the tenth is a position (not only identifiers), and only
   * the ghost text with nothing typed is scored, by what it starts with and what comes next: how
   * often a ghost text starting with an operator or a bracket is right where such text comes.
   */
  static final boolean ALL_TOKENS = Boolean.getBoolean("all");

  /**
   * {@code -Dkeywords=true}: keywords of two or more characters are positions too, sampled at the
   * identifiers' rate, and scored (and dumped) with one character typed and more, up to one less
   * than the keyword's length — the typed part of the re-ranker trained where a keyword comes too.
   * The protocol's figures then mix the two; score identifiers alone without it.
   */
  static final boolean KEYWORDS = Boolean.getBoolean("keywords");

  /** {@code -DminTyped=1}: the typed counts scored start there (dumps of the typed parts alone). */
  static final int MIN_TYPED = Integer.getInteger("minTyped", 0);

  /**
   * {@code -Dghost=false}: the ghost text is not asked for (dumps of the lists alone; with {@code
   * -Dall=true}, the menus alone).
   */
  static final boolean GHOST = !"false".equals(System.getProperty("ghost"));

  /**
   * With {@code -Dall=true}, {@code -DallTyped=k}: the first k characters of each identifier and
   * keyword longer than that typed (other tokens skipped), the ghost text scored from there.
   */
  static final int ALL_TYPED = Integer.getInteger("allTyped", 0);

  /**
   * {@code -Dall=true -DinString=N}: only before string literals, the opening quote and N
   * characters typed (the ghost text inside a string begun).
   */
  static final int IN_STRING = Integer.getInteger("inString", -1);

  /** The counts kept per kind of position with {@code -Dall=true} ({@code Tally.anywhere}). */
  static final int ANYWHERE_COUNTS = 10;

  static List<Position> sample(Language language, List<Doc> eval, int positions, long seed) {
    CodeLexer lexer = new CodeLexer(language);
    List<Position> all = new ArrayList<>();
    for (Doc d : eval) {
      List<Token> tokens = lexer.significantTokens(d.text());
      for (int i = 10; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        if (ALL_TOKENS
            || t.kind() == TokenKind.IDENTIFIER
                && t.text().length() >= MIN_LENGTH
                && t.text().length() <= MAX_LENGTH
            || KEYWORDS && t.kind() == TokenKind.KEYWORD && t.text().length() >= 2) {
          all.add(new Position(d, t.start(), t.text(), t.kind()));
        }
      }
    }
    Random random = new Random(seed);
    double rate = Math.min(1.0, positions / (double) Math.max(1, all.size()));
    List<Position> out = new ArrayList<>();
    for (Position p : all) {
      if (random.nextDouble() < rate) {
        out.add(p);
      }
    }
    return out;
  }

  private static final class Tally {
    /** With {@code -Ddump=file}: every position's candidate lists for {@link RerankerTraining}. */
    java.io.DataOutputStream dump;

    int fileIndex;
    String language;
    final int[][] top = new int[3][3]; // typed 0..2 × top-1, top-5, in the list
    int reachable;

    /** Per position with nothing typed: the top word's probability and whether it was right. */
    final List<double[]> firstWord = new ArrayList<>();

    int misses;
    final int[] ghostShown = new int[2];
    final int[] ghostRight = new int[2];

    /** Ghost texts that start with something other than a word (always wrong here). */
    final int[] ghostNonWord = new int[2];

    /**
     * {@code -Dall=true}, per kind of the next token ({@link #anywhereKind}; "~line start" for the
     * positions at a line's start, not summed with the kinds), {@link #ANYWHERE_COUNTS} counts: [0]
     * positions; [1] ghost texts starting with a word, [2] those right as a whole, [3] those right
     * in their first token; [4]–[6] the same for ghost texts starting with something else; [7]
     * characters shown, [8] characters in the ghost texts right as a whole (whitespace aside), [9]
     * ghost texts right as a whole and spaced as the file is, character for character.
     */
    final java.util.Map<String, int[]> anywhere = new java.util.TreeMap<>();

    /** {@code -Dall=true}, per kind of word: positions, the menu's first word right. */
    final java.util.Map<String, int[]> anywhereMenu = new java.util.TreeMap<>();

    void printAnywhere(String language, int n) {
      JdkCorpusBenchmark.print(
          "%s ghost text before every token, nothing typed (%d positions); by the next token:"
              + " positions, then for ghost texts starting with a word and with no word: shown,"
              + " right as a whole, right in the first token",
          language, n);
      int[] sum = new int[ANYWHERE_COUNTS];
      for (var e : anywhere.entrySet()) {
        if (e.getKey().startsWith("~")) {
          continue;
        }
        int[] c = e.getValue();
        for (int i = 0; i < sum.length; i++) {
          sum[i] += c[i];
        }
        printAnywhereRow(language, e.getKey(), c);
      }
      printAnywhereRow(language, "all", sum);
      if (anywhere.containsKey("~line start")) {
        printAnywhereRow(language, "line start", anywhere.get("~line start"));
      }
      JdkCorpusBenchmark.print(
          "%s   characters shown (whitespace aside): %d, in ghost texts right as a whole: %d (%.2f"
              + " per position)",
          language, sum[7], sum[8], sum[8] / (double) Math.max(1, n));
      JdkCorpusBenchmark.print(
          "%s   ghost texts right as a whole: %d, spaced as the file is: %d (%.1f %%)",
          language, sum[2] + sum[5], sum[9], 100.0 * sum[9] / Math.max(1, sum[2] + sum[5]));
      int[] menuSum = new int[2];
      for (var e : anywhereMenu.entrySet()) {
        int[] m = e.getValue();
        menuSum[0] += m[0];
        menuSum[1] += m[1];
        JdkCorpusBenchmark.print(
            "%s   menu before a word, %-12s %5d positions: first word right %5.1f %%",
            language, e.getKey(), m[0], 100.0 * m[1] / Math.max(1, m[0]));
      }
      JdkCorpusBenchmark.print(
          "%s   menu before a word, %-12s %5d positions: first word right %5.1f %%",
          language, "all words", menuSum[0], 100.0 * menuSum[1] / Math.max(1, menuSum[0]));
      JdkCorpusBenchmark.print(
          "%s ghost latency (complete): %s", language, percentiles(ghostNanos));
    }

    private static void printAnywhereRow(String language, String kind, int[] c) {
      JdkCorpusBenchmark.print(
          "%s   %-12s %5d | word: shown %5.1f %%, right %5.1f %% (first token %5.1f %%) |"
              + " no word: shown %5.1f %%, right %5.1f %% (first token %5.1f %%)",
          language,
          kind,
          c[0],
          100.0 * c[1] / Math.max(1, c[0]),
          100.0 * c[2] / Math.max(1, c[1]),
          100.0 * c[3] / Math.max(1, c[1]),
          100.0 * c[4] / Math.max(1, c[0]),
          100.0 * c[5] / Math.max(1, c[4]),
          100.0 * c[6] / Math.max(1, c[4]));
    }

    final List<Long> rankNanos = new ArrayList<>();
    final List<Long> ghostNanos = new ArrayList<>();

    void print(String language, int n) {
      JdkCorpusBenchmark.print(
          "%s: %.1f %% of the identifiers were seen before (learned or earlier in the file): the"
              + " ceiling of any list",
          language, 100.0 * reachable / n);
      for (int k = 0; k < 3; k++) {
        JdkCorpusBenchmark.print(
            "%s menu, %d typed: top-1 %.1f %%, top-5 %.1f %%, in the list %.1f %% (%d positions)",
            language, k, 100.0 * top[k][0] / n, 100.0 * top[k][1] / n, 100.0 * top[k][2] / n, n);
      }
      for (int k = 0; k < 2; k++) {
        JdkCorpusBenchmark.print(
            "%s ghost text, %d typed: shown %.1f %%, right %.1f %% of shown (%.1f %% of all)",
            language,
            k,
            100.0 * ghostShown[k] / n,
            ghostShown[k] == 0 ? 0 : 100.0 * ghostRight[k] / ghostShown[k],
            100.0 * ghostRight[k] / n);
        JdkCorpusBenchmark.print(
            "%s ghost text, %d typed: %.1f %% of all shown starting with no word",
            language, k, 100.0 * ghostNonWord[k] / n);
      }
      for (double t : new double[] {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}) {
        int shown = 0;
        int right = 0;
        for (double[] f : firstWord) {
          if (f[0] >= t) {
            shown++;
            right += (int) f[1];
          }
        }
        JdkCorpusBenchmark.print(
            "%s ghost text if the menu's first word were shown when its probability >= %.2f:"
                + " shown %.1f %%, right %.1f %% of shown",
            language, t, 100.0 * shown / n, shown == 0 ? 0 : 100.0 * right / shown);
      }
      JdkCorpusBenchmark.print("%s menu latency (rankWords): %s", language, percentiles(rankNanos));
      JdkCorpusBenchmark.print(
          "%s ghost latency (complete): %s", language, percentiles(ghostNanos));
    }
  }

  private static void score(
      EmbeddedCodeModel model, Path root, String languageId, Position pos, Tally tally) {
    String text = pos.doc().text();
    int maxTyped =
        pos.kind() == TokenKind.KEYWORD ? Math.min(MAX_TYPED, pos.word().length() - 1) : MAX_TYPED;
    for (int k = MIN_TYPED; k <= maxTyped; k++) {
      FimRequest fim = request(languageId, pos, k);
      long t0 = System.nanoTime();
      List<RankedWord> words = model.rankWords(fim, MAX_WORDS, () -> {});
      tally.rankNanos.add(System.nanoTime() - t0);
      int rank = -1;
      for (int i = 0; i < words.size(); i++) {
        if (words.get(i).word().equals(pos.word())) {
          rank = i;
          break;
        }
      }
      if (rank == 0) {
        tally.top[k][0]++;
      }
      if (rank >= 0 && rank < 5) {
        tally.top[k][1]++;
      }
      if (k == 0 && !words.isEmpty()) {
        tally.firstWord.add(new double[] {words.get(0).probability(), rank == 0 ? 1 : 0});
      }
      if (k == Integer.getInteger("wrongTyped", 1) && rank != 0 && Boolean.getBoolean("wrong")) {
        int ls = text.lastIndexOf('\n', pos.start() - 1) + 1;
        JdkCorpusBenchmark.print(
            "wrong%d %d %s | %s| -> %s",
            k,
            rank,
            pos.word(),
            text.substring(Math.max(ls, pos.start() - 70), pos.start() + k).strip(),
            words.stream().limit(4).map(RankedWord::word).toList());
      }
      if (rank >= 0) {
        tally.top[k][2]++;
      } else if (k == 2 && Boolean.getBoolean("misses") && tally.misses++ < 40) {
        int ls = text.lastIndexOf('\n', pos.start() - 1) + 1;
        JdkCorpusBenchmark.print(
            "miss %s | %s| -> %s",
            pos.word(),
            text.substring(ls, pos.start() + k),
            words.stream().limit(6).map(RankedWord::word).toList());
      }
      if (tally.dump != null) {
        dump(tally, k, pos.word(), model.wordCandidates(fim, () -> {}));
      }
      if (k < 2 && GHOST) {
        long g0 = System.nanoTime();
        List<String> ghost = model.complete(fim, 1, () -> {});
        tally.ghostNanos.add(System.nanoTime() - g0);
        if (!ghost.isEmpty() && !ghost.get(0).isBlank()) {
          tally.ghostShown[k]++;
          if (!isWordChar(ghost.get(0).strip().isEmpty() ? ' ' : ghost.get(0).strip().charAt(0))) {
            tally.ghostNonWord[k]++;
          }
          String rest = pos.word().substring(k);
          String g = ghost.get(0);
          if (g.startsWith(rest)
              && (g.length() == rest.length() || !isWordChar(g.charAt(rest.length())))) {
            tally.ghostRight[k]++;
          } else if (k == Integer.getInteger("wrongGhost", -1)) {
            int ls = text.lastIndexOf('\n', pos.start() - 1) + 1;
            JdkCorpusBenchmark.print(
                "ghost%d %s | %s| -> '%s'",
                k,
                pos.word(),
                text.substring(Math.max(ls, pos.start() - 70), pos.start() + k),
                g.replace("\n", "\\n"));
          }
        }
      }
    }
  }

  /**
   * The editor's request at {@code pos} with the word's first {@code typed} characters typed: the
   * file up to the cursor, and everything after the cursor's line.
   */
  private static FimRequest request(String languageId, Position pos, int typed) {
    String text = pos.doc().text();
    int nextLine = text.indexOf('\n', pos.start());
    String suffix = nextLine < 0 ? "" : text.substring(nextLine);
    return new FimRequest(
        "eval/" + pos.doc().name(),
        languageId,
        text.substring(0, pos.start() + typed),
        suffix,
        List.of(),
        false);
  }

  /** {@code -Dall=true}: the ghost text with nothing typed before any token, scored by its kind. */
  private static void scoreGhostAnywhere(
      EmbeddedCodeModel model, String languageId, Position pos, Tally tally) {
    String text = pos.doc().text();
    int typed = ALL_TYPED;
    if (IN_STRING >= 0) {
      // only string literals on one line, their quote and IN_STRING characters typed
      typed = 1 + IN_STRING;
      String w = pos.word();
      if (pos.kind() != TokenKind.STRING
          || w.length() <= typed + 1
          || w.indexOf('\n') >= 0
          || (w.charAt(0) != '\'' && w.charAt(0) != '"')) {
        return;
      }
    } else if (ALL_TYPED > 0
        && (pos.kind() != TokenKind.IDENTIFIER && pos.kind() != TokenKind.KEYWORD
            || pos.word().length() <= ALL_TYPED)) {
      return; // a word's first characters typed: only words longer than that
    }
    int from = pos.start() + typed;
    FimRequest fim = request(languageId, pos, typed);
    int[] c = tally.anywhere.computeIfAbsent(anywhereKind(pos), k -> new int[ANYWHERE_COUNTS]);
    int ls = text.lastIndexOf('\n', pos.start() - 1) + 1;
    boolean lineStart = text.substring(ls, pos.start()).isBlank();
    int[] l =
        lineStart
            ? tally.anywhere.computeIfAbsent("~line start", k -> new int[ANYWHERE_COUNTS])
            : null;
    c[0]++;
    if (l != null) {
      l[0]++;
    }
    if (pos.kind() == TokenKind.IDENTIFIER || pos.kind() == TokenKind.KEYWORD) {
      // the menu at a word: its first word right
      List<RankedWord> words = model.rankWords(fim, 1, () -> {});
      int[] m = tally.anywhereMenu.computeIfAbsent(anywhereKind(pos), k -> new int[2]);
      m[0]++;
      if (!words.isEmpty() && words.get(0).word().equals(pos.word())) {
        m[1]++;
      }
    }
    if (!GHOST) {
      return; // the menus alone
    }
    long g0 = System.nanoTime();
    List<String> ghost = model.complete(fim, 1, () -> {});
    tally.ghostNanos.add(System.nanoTime() - g0);
    if (ghost.isEmpty() || ghost.get(0).isBlank()) {
      return;
    }
    String g = ghost.get(0).replaceAll("\\s+", "");
    int at = isWordChar(g.charAt(0)) ? 1 : 4;
    boolean right = continues(text, from, g);
    int first = 1;
    while (first < g.length()
        && isWordChar(g.charAt(first)) == isWordChar(g.charAt(0))
        && (isWordChar(g.charAt(0)) || first < 1)) {
      first++;
    }
    boolean firstRight = continues(text, from, g.substring(0, first));
    for (int[] counts : l == null ? new int[][] {c} : new int[][] {c, l}) {
      counts[at]++;
      counts[7] += g.length();
      if (right) {
        counts[at + 1]++;
        counts[8] += g.length();
        if (text.startsWith(ghost.get(0), from)) {
          counts[9]++;
        } else if (Boolean.getBoolean("misspaced") && counts == c) {
          int end = Math.min(text.length(), from + ghost.get(0).length() + 10);
          int nl = text.indexOf('\n', from);
          JdkCorpusBenchmark.print(
              "misspaced | %s| -> '%s' where the file has '%s'",
              text.substring(Math.max(ls, from - 50), from).strip(),
              ghost.get(0).replace("\n", "\\n"),
              text.substring(from, nl >= from && nl < end ? nl : end));
        }
      }
      if (firstRight) {
        counts[at + 2]++;
      }
    }
    if (!right && Boolean.getBoolean("wrong")) {
      JdkCorpusBenchmark.print(
          "wrong %s%s %s | %s| -> %s",
          anywhereKind(pos),
          lineStart ? " (line start)" : "",
          pos.word(),
          text.substring(Math.max(ls, from - 70), from).strip(),
          ghost.get(0));
    }
  }

  /** The next token's kind for {@code -Dall=true}: identifiers by length, then the lexer's kind. */
  private static String anywhereKind(Position pos) {
    if (pos.kind() == TokenKind.IDENTIFIER) {
      return pos.word().length() >= 3 ? "identifier" : "ident<3";
    }
    return pos.kind().name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether {@code text} from {@code from} goes on as {@code g} (which holds no whitespace), the
   * text's whitespace skipped, and a word of {@code g}'s end ends there too.
   */
  static boolean continues(String text, int from, String g) {
    int i = from;
    for (int j = 0; j < g.length(); j++) {
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= text.length() || text.charAt(i) != g.charAt(j)) {
        return false;
      }
      i++;
    }
    return i >= text.length()
        || !isWordChar(g.charAt(g.length() - 1))
        || !isWordChar(text.charAt(i));
  }

  /**
   * Writes one list: file index, typed count, index of the right word (-1 if absent), then the 150
   * best candidates by the current re-ranker (and the right one), each as its features.
   */
  private static void dump(
      Tally tally, int typed, String word, List<WordReranker.Candidate> candidates) {
    WordReranker.Part r =
        WordReranker.forLanguage(Language.fromLanguageId(tally.language)).part(typed > 0);
    List<WordReranker.Candidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble(c -> -r.linear(c.features())));
    List<WordReranker.Candidate> kept =
        new ArrayList<>(sorted.subList(0, Math.min(150, sorted.size())));
    int right = -1;
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).word().equals(word)) {
        right = i;
      }
    }
    if (right < 0) {
      for (WordReranker.Candidate c : sorted) {
        if (c.word().equals(word)) {
          kept.add(c);
          right = kept.size() - 1;
        }
      }
    }
    try {
      tally.dump.writeInt(tally.fileIndex);
      tally.dump.writeInt(typed);
      tally.dump.writeInt(right);
      tally.dump.writeInt(kept.size());
      for (WordReranker.Candidate c : kept) {
        for (double v : c.features()) {
          tally.dump.writeFloat((float) v);
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  static String percentiles(List<Long> nanos) {
    long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    if (a.length == 0) {
      return "no samples";
    }
    return String.format(
        Locale.ROOT,
        "p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d calls)",
        a[a.length / 2] / 1e6,
        a[(int) (a.length * 0.95)] / 1e6,
        a[(int) (a.length * 0.99)] / 1e6,
        a.length);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
