import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The docs check (issue 16): every Markdown file of the repository is read, and it fails on
 *
 * <ul>
 *   <li>a relative link to a file or heading that does not exist, or a link out of the repository;
 *   <li>a shell block ({@code sh}, {@code bash}, {@code shell}, {@code console}, or an untagged
 *       fence whose lines read as commands) without a marker, see below;
 *   <li>in any shell block: {@code mvn} instead of {@code ./mvnw}, a {@code cd} or path into a
 *       folder no clone has (an absolute path outside the system folders, or a relative one leaving
 *       the repository), or a path into the repository that does not exist (build outputs
 *       excepted);
 *   <li>a {@code runnable} block that fails or outlives its time limit, run by {@code bash -e} from
 *       the repository root;
 *   <li>a setting in docs/settings.schema.json that no row of a {@code setting}/{@code key} table
 *       of docs/CONFIGURATION.md describes (nor a heading, nor its parent's row), or a setting in
 *       such a table that the schema lacks. (The schema is checked against the settings the code
 *       reads by {@code SettingsSchemaCoverageTest}.)
 * </ul>
 *
 * <p>Markers, written after the language of the fence (CONTRIBUTING.md, "Docs"):
 *
 * <pre>
 * ```sh runnable               run by the check (time limit 300 s)
 * ```sh runnable timeout=900   with another limit, in seconds
 * ```sh not-run: why           runs as written from the repository root, but not by the check
 * ```sh example: what it needs needs something else (an editor, a model, root)
 * </pre>
 *
 * <p>Usage: {@code java .ci/DocsCheck.java [--no-run] [--root DIR]}. JDK only; exit status 1 on a
 * problem, 2 on a usage error.
 */
public final class DocsCheck {
  static final Set<String> SHELL_LANGS = Set.of("sh", "bash", "shell", "console", "zsh");

  /** Folders never searched for Markdown. */
  static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", "out", ".mvn");

  /** Path segments of build outputs: such a path need not exist in a fresh clone. */
  static final Set<String> BUILD_OUTPUTS =
      Set.of("target", "out", "node_modules", "build", "dist", ".codeloop");

  /**
   * Absolute paths a reader's machine may have; any other absolute path is someone's own folder.
   */
  static final List<String> SYSTEM_PREFIXES =
      List.of("/tmp", "/dev/", "/usr/", "/bin/", "/opt/", "/etc/", "/proc/", "/var/tmp", "/sys/");

  /** First words that make an untagged fence a shell block. */
  static final Pattern COMMAND_LINE =
      Pattern.compile(
          "^\\s*(\\$ |\\./|mvn |java |javac |cd |bash |sh |npm |npx |node |nvim |emacs |git |time"
              + " |curl |export |make |hx )");

  static final int DEFAULT_TIMEOUT_SECONDS = 300;

  final Path root;
  final boolean run;
  final List<String> problems = new ArrayList<>();
  int links;
  int blocksRun;

  DocsCheck(Path root, boolean run) {
    this.root = root;
    this.run = run;
  }

  public static void main(String[] args) throws Exception {
    // The repository root: the nearest folder up from here holding .ci/DocsCheck.java.
    Path root = Path.of("").toAbsolutePath();
    for (Path p = root; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".ci/DocsCheck.java"))) {
        root = p;
        break;
      }
    }
    boolean run = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--no-run" -> run = false;
        case "--root" -> {
          if (i + 1 == args.length) {
            System.err.println("usage: java .ci/DocsCheck.java [--no-run] [--root DIR]");
            System.exit(2);
          }
          root = Path.of(args[++i]).toAbsolutePath();
        }
        default -> {
          System.err.println("unknown argument " + args[i]);
          System.err.println("usage: java .ci/DocsCheck.java [--no-run] [--root DIR]");
          System.exit(2);
        }
      }
    }
    DocsCheck check = new DocsCheck(root.normalize(), run);
    System.exit(check.checkAll());
  }

  int checkAll() throws IOException {
    long start = System.nanoTime();
    List<Path> docs = markdownFiles();
    List<Block> runnable = new ArrayList<>();
    int shellBlocks = 0;
    for (Path doc : docs) {
      Doc d = Doc.read(root, doc);
      checkLinks(d);
      for (Block b : d.blocks) {
        if (b.isShell()) {
          shellBlocks++;
          checkBlock(b);
          if (b.marker == Marker.RUNNABLE) {
            runnable.add(b);
          }
        }
      }
    }
    int settings = checkSettings();
    if (run && problems.isEmpty()) {
      for (Block b : runnable) {
        runBlock(b);
      }
    }
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    if (!problems.isEmpty()) {
      System.out.println();
      problems.forEach(p -> System.out.println("docs check: " + p));
      System.out.printf(
          "docs check: %d problem%s (the conventions are in CONTRIBUTING.md, \"Docs\")%s%n",
          problems.size(),
          problems.size() == 1 ? "" : "s",
          run && !runnable.isEmpty() && blocksRun == 0
              ? "; the runnable blocks run once the rest is right"
              : "");
      return 1;
    }
    System.out.printf(
        "docs check: %d Markdown files, %d relative links, %d shell blocks (%d run%s), %d settings"
            + " in the schema and CONFIGURATION.md: all good (%d s)%n",
        docs.size(),
        links,
        shellBlocks,
        blocksRun,
        run ? "" : ", running skipped by --no-run",
        settings,
        seconds);
    return 0;
  }

  List<Path> markdownFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".md")) {
              out.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    out.sort(null);
    return out;
  }

  // ---------------------------------------------------------------- links

  static final Pattern INLINE_LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  static final Pattern REFERENCE_LINK =
      Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(\\s.*)?$");
  static final Pattern HTML_LINK = Pattern.compile("(?:href|src)=\"([^\"]+)\"");
  static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");

  static final Pattern INLINE_COMMAND = Pattern.compile("`(mvn\\s[^`]*|cd\\s+/[^`]*)`");

  void checkLinks(Doc d) {
    for (int i = 0; i < d.lines.size(); i++) {
      if (d.inFence[i]) {
        continue;
      }
      Matcher inline = INLINE_COMMAND.matcher(d.lines.get(i));
      while (inline.find()) {
        problems.add(
            d.relative
                + ":"
                + (i + 1)
                + ": `"
                + inline.group(1)
                + "`: "
                + (inline.group(1).startsWith("mvn")
                    ? "write ./mvnw, not mvn"
                    : "no clone has that folder"));
      }
      String line = CODE_SPAN.matcher(d.lines.get(i)).replaceAll("");
      List<String> targets = new ArrayList<>();
      for (Pattern p : List.of(INLINE_LINK, REFERENCE_LINK, HTML_LINK)) {
        Matcher m = p.matcher(line);
        while (m.find()) {
          targets.add(m.group(1));
        }
      }
      for (String target : targets) {
        checkLink(d, i + 1, target);
      }
    }
  }

  void checkLink(Doc d, int line, String target) {
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return; // https:, mailto:, …
    }
    String where = d.relative + ":" + line;
    links++;
    String path = target;
    String anchor = null;
    int hash = target.indexOf('#');
    if (hash >= 0) {
      path = target.substring(0, hash);
      anchor = target.substring(hash + 1);
    }
    path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (path.startsWith("/")) {
      problems.add(where + ": link " + target + " is absolute; write it relative to the file");
      return;
    }
    Path file = path.isEmpty() ? d.path : d.path.getParent().resolve(path).normalize();
    if (!file.startsWith(root)) {
      problems.add(where + ": link " + target + " points outside the repository");
      return;
    }
    if (!Files.exists(file)) {
      problems.add(where + ": broken link " + target + " (no " + root.relativize(file) + ")");
      return;
    }
    if (anchor != null && !anchor.isEmpty() && file.toString().endsWith(".md")) {
      Set<String> anchors = Doc.read(root, file).anchors();
      if (!anchors.contains(anchor.toLowerCase(Locale.ROOT))) {
        problems.add(
            where
                + ": broken link "
                + target
                + " (no heading #"
                + anchor
                + " in "
                + root.relativize(file)
                + ")");
      }
    }
  }

  // ---------------------------------------------------------------- shell blocks

  void checkBlock(Block b) {
    String where = b.doc.relative + ":" + b.line;
    if (b.marker == null) {
      problems.add(
          where
              + ": "
              + (b.lang.isEmpty()
                  ? "a fence of shell commands without a language"
                  : "a ```" + b.lang + " block")
              + " needs a marker after the language: `runnable`, `not-run: <why>` or `example:"
              + " <what it needs>`");
    } else if (b.marker != Marker.RUNNABLE && b.markerText.isBlank()) {
      problems.add(
          where
              + ": `"
              + b.marker.word
              + ":` must say "
              + (b.marker == Marker.EXAMPLE
                  ? "what the example needs"
                  : "why the block is not run"));
    }
    if (b.marker == Marker.RUNNABLE && b.timeoutSeconds <= 0) {
      problems.add(where + ": bad timeout in `" + b.info + "` (timeout=SECONDS)");
    }
    Path cwd = root;
    for (Command c : Command.parse(b.body)) {
      String at = b.doc.relative + ":" + (b.line + c.line);
      List<String> words = c.words;
      if (words.isEmpty()) {
        continue;
      }
      String first = words.get(0);
      if (first.equals("mvn")) {
        problems.add(
            at
                + ": `mvn` runs whatever Maven the reader has (offline it lacks plugins); write"
                + " `./mvnw`");
      }
      for (String token :
          first.equals("cd") ? words.subList(Math.min(2, words.size()), words.size()) : words) {
        for (String p : pathsIn(token)) {
          String bad = checkPath(cwd, p);
          if (bad != null) {
            problems.add(at + ": " + bad);
          }
        }
      }
      if (first.equals("cd")
          && words.size() > 1
          && !words.get(1).startsWith("$")
          && !words.get(1).equals("-")) {
        Path next = cwd.resolve(words.get(1)).normalize();
        if (words.get(1).startsWith("/") || !next.startsWith(root)) {
          problems.add(
              at
                  + ": `cd "
                  + words.get(1)
                  + "` leaves the repository; commands run from the repository root of a clone");
        } else {
          cwd = next;
        }
      }
    }
  }

  static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://\\S*");

  /** The path-like pieces of one shell word (after `=`, `:` or `@`, inside quotes). */
  static List<String> pathsIn(String token) {
    String t = URL.matcher(token).replaceAll(" ");
    List<String> out = new ArrayList<>();
    for (String piece : t.split("[\\s=,;:@'\"()]+")) {
      if (piece.contains("/")
          && !piece.startsWith("-")
          && !piece.contains("$")
          && !piece.contains("*")
          && !piece.contains("{")
          && !piece.contains("<")
          && !piece.contains("~")
          && !piece.contains("…")
          && !piece.contains("...")
          && !piece.startsWith("\\")) {
        out.add(piece);
      }
    }
    return out;
  }

  /** A problem with a path named in a command run from {@code cwd}, or null. */
  String checkPath(Path cwd, String p) {
    if (p.startsWith("/")) {
      if (p.startsWith("//")) {
        return null;
      }
      for (String prefix : SYSTEM_PREFIXES) {
        if (p.equals(prefix.replaceAll("/$", ""))
            || p.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")
            || p.equals(prefix)) {
          return null;
        }
      }
      return "path "
          + p
          + " is outside the repository and no clone has it (use a relative path, $HOME or /tmp)";
    }
    Path resolved = cwd.resolve(p).normalize();
    if (!resolved.startsWith(root)) {
      return "path " + p + " leaves the repository";
    }
    Path firstSegment = cwd.resolve(Path.of(p).getName(0)).normalize();
    if (p.startsWith("./") || p.startsWith("../") || Files.exists(firstSegment)) {
      Path rel = root.relativize(resolved);
      for (Path seg : rel) {
        if (BUILD_OUTPUTS.contains(seg.toString())) {
          return null; // made by the build
        }
      }
      if (!Files.exists(resolved)) {
        return "no such file in the repository: "
            + p
            + (cwd.equals(root) ? "" : " (from " + root.relativize(cwd) + ")");
      }
    }
    return null;
  }

  void runBlock(Block b) throws IOException {
    String where = b.doc.relative + ":" + b.line;
    System.out.println("== docs check: running " + where + " (limit " + b.timeoutSeconds + " s)");
    b.body.lines().forEach(l -> System.out.println("   " + l));
    Path log = Files.createTempFile("docs-check-", ".log");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", b.body)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    boolean finished;
    try {
      finished = process.waitFor(b.timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      problems.add(
          where
              + ": the runnable block did not finish within "
              + b.timeoutSeconds
              + " s (killed); its output:\n"
              + tail(log));
    } else if (process.exitValue() != 0) {
      problems.add(
          where
              + ": the runnable block failed with exit status "
              + process.exitValue()
              + " after "
              + millis / 1000
              + " s; its output:\n"
              + tail(log));
    } else {
      System.out.printf("   ok in %.1f s%n", millis / 1000.0);
    }
    blocksRun++;
    Files.deleteIfExists(log);
  }

  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream()
        .map(l -> "    | " + l)
        .collect(Collectors.joining("\n"));
  }

  // ---------------------------------------------------------------- settings

  static final Pattern TABLE_ROW = Pattern.compile("^\\s*\\|(.*)\\|\\s*$");
  static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
  static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
  static final Pattern SETTING_PATH =
      Pattern.compile("[a-zA-Z$][a-zA-Z0-9]*(\\.(<[^>]+>|\\*|[a-zA-Z][a-zA-Z0-9]*))*");

  /** Returns how many settings were compared. */
  int checkSettings() throws IOException {
    Path schemaFile = root.resolve("docs/settings.schema.json");
    Path configFile = root.resolve("docs/CONFIGURATION.md");
    if (!Files.exists(schemaFile) || !Files.exists(configFile)) {
      problems.add("docs/settings.schema.json and docs/CONFIGURATION.md are both needed");
      return 0;
    }
    Object schema = new Json(Files.readString(schemaFile)).value();
    Set<String> schemaKeys = new TreeSet<>();
    flattenSchema(schema, "", schemaKeys);
    schemaKeys.remove("$schema"); // for editors only
    Doc config = Doc.read(root, configFile);

    // What CONFIGURATION.md describes: the rows of "setting"/"key" tables (under a heading naming a
    // setting, a bare key is relative to it) and headings naming a setting. A mention in prose
    // ("an untrusted workspace may set only `codeActions.enabled`") describes nothing.
    Map<String, Integer> rowKeys = new LinkedHashMap<>(); // key → line
    Map<String, String> rowText = new HashMap<>(); // key → the whole row
    Set<String> described = new LinkedHashSet<>();
    String headingKey = null;
    boolean inSettingTable = false;
    boolean relativeKeys = false; // a "key" table under a heading naming a setting
    for (int i = 0; i < config.lines.size(); i++) {
      if (config.inFence[i]) {
        continue;
      }
      String line = config.lines.get(i);
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        headingKey = null;
        Matcher bt = BACKTICKED.matcher(h.group(1));
        // Only a heading naming a group of the schema (`tools.*` names tools, `models.<name>` a
        // model entry, models.*), not one naming a command or a file.
        if (bt.find()
            && SETTING_PATH.matcher(bt.group(1)).matches()
            && schemaKeys.contains(bt.group(1).split("\\.")[0])) {
          headingKey = normalize(bt.group(1).replaceAll("\\.\\*$", ""));
          described.add(headingKey);
        }
        inSettingTable = false;
        continue;
      }
      Matcher row = TABLE_ROW.matcher(line);
      if (!row.matches()) {
        inSettingTable = false;
        continue;
      }
      String[] cells = row.group(1).split("(?<!\\\\)\\|", -1);
      String firstCell = cells[0].trim();
      if (firstCell.matches(":?-+:?")) {
        continue; // the separator row
      }
      if (!inSettingTable && (i == 0 || !TABLE_ROW.matcher(config.lines.get(i - 1)).matches())) {
        inSettingTable = Set.of("setting", "key").contains(firstCell.toLowerCase(Locale.ROOT));
        relativeKeys = firstCell.equalsIgnoreCase("key") && headingKey != null;
        continue; // the header row
      }
      if (!inSettingTable) {
        continue;
      }
      Matcher keys = BACKTICKED.matcher(firstCell);
      while (keys.find()) {
        if (!SETTING_PATH.matcher(keys.group(1)).matches()) {
          continue; // e.g. a list entry's field, tools.checks[].command: described with its list
        }
        String key = normalize(keys.group(1));
        if (relativeKeys && !key.startsWith(headingKey + ".") && !key.equals(headingKey)) {
          key = headingKey + "." + key;
        }
        rowKeys.putIfAbsent(key, i + 1);
        rowText.put(key, line);
        described.add(key);
      }
    }

    for (Map.Entry<String, Integer> e : rowKeys.entrySet()) {
      if (!schemaKeys.contains(e.getKey())) {
        problems.add(
            "docs/CONFIGURATION.md:"
                + e.getValue()
                + ": setting "
                + e.getKey().replace("*", "<name>")
                + " is not in docs/settings.schema.json (and so not read by the code)");
      }
    }
    for (String key : schemaKeys) {
      if (!documented(key, described, rowText)) {
        problems.add(
            "docs/settings.schema.json: setting "
                + key.replace("*", "<name>")
                + " is not described in docs/CONFIGURATION.md (give it a row in a table whose"
                + " first column is `setting`)");
      }
    }
    return schemaKeys.size();
  }

  static boolean documented(String key, Set<String> described, Map<String, String> rowText) {
    if (described.contains(key)) {
      return true;
    }
    for (String m : described) {
      if (m.startsWith(key + ".")) {
        return true; // a parent object, documented through its children
      }
    }
    int dot = key.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    String parent = key.substring(0, dot);
    String leaf = key.substring(dot + 1);
    if (leaf.equals("*")) {
      return described.contains(parent); // "routes": task → models, described with the parent
    }
    String row = rowText.get(parent);
    return row != null && row.contains("`" + leaf + "`"); // a sub-key named in its parent's row
  }

  /** `models.<name>.provider` → `models.*.provider`. */
  static String normalize(String key) {
    return key.replaceAll("<[^>]+>", "*");
  }

  @SuppressWarnings("unchecked")
  static void flattenSchema(Object node, String prefix, Set<String> out) {
    if (!(node instanceof Map)) {
      return;
    }
    Map<String, Object> map = (Map<String, Object>) node;
    if (!prefix.isEmpty()) {
      out.add(prefix);
    }
    if (map.get("properties") instanceof Map<?, ?> props) {
      for (Map.Entry<?, ?> e : props.entrySet()) {
        flattenSchema(
            e.getValue(), prefix.isEmpty() ? (String) e.getKey() : prefix + "." + e.getKey(), out);
      }
    }
    if (map.get("additionalProperties") instanceof Map<?, ?> extra) {
      flattenSchema(extra, prefix + ".*", out);
    }
    // Fields of list entries (codeActions.custom[].title, tools.checks[].command) are described
    // with their list; SettingsSchemaCoverageTest checks them against the code.
  }

  // ---------------------------------------------------------------- Markdown

  enum Marker {
    RUNNABLE("runnable"),
    NOT_RUN("not-run"),
    EXAMPLE("example");

    final String word;

    Marker(String word) {
      this.word = word;
    }
  }

  static final class Block {
    Doc doc;
    int line; // of the opening fence, 1-based
    String lang = "";
    String info = "";
    Marker marker;
    String markerText = "";
    int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    String body = "";

    boolean isShell() {
      if (SHELL_LANGS.contains(lang)) {
        return true;
      }
      return lang.isEmpty() && body.lines().anyMatch(l -> COMMAND_LINE.matcher(l).find());
    }

    void parseInfo(String info) {
      this.info = info.trim();
      String[] words = this.info.split("\\s+", 2);
      lang = words[0].toLowerCase(Locale.ROOT);
      String rest = words.length > 1 ? words[1].trim() : "";
      for (Marker m : Marker.values()) {
        if (rest.equals(m.word) || rest.startsWith(m.word + ":") || rest.startsWith(m.word + " ")) {
          marker = m;
          markerText = rest.substring(m.word.length()).replaceFirst("^:", "").trim();
        }
      }
      if (marker == Marker.RUNNABLE && !markerText.isEmpty()) {
        Matcher t = Pattern.compile("^timeout=(\\d+)$").matcher(markerText);
        timeoutSeconds = t.matches() ? Integer.parseInt(t.group(1)) : -1;
      }
    }
  }

  static final class Doc {
    final Path path;
    final String relative;
    final List<String> lines;
    final boolean[] inFence;
    final List<Block> blocks = new ArrayList<>();

    static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})(.*)$");

    private Doc(Path root, Path path) {
      this.path = path;
      this.relative = root.relativize(path).toString();
      try {
        this.lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      this.inFence = new boolean[lines.size()];
      Block open = null;
      String fence = null;
      String indent = "";
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher m = FENCE.matcher(line);
        if (open == null) {
          if (m.matches() && !(m.group(2).startsWith("`") && m.group(3).contains("`"))) {
            open = new Block();
            open.doc = this;
            open.line = i + 1;
            open.parseInfo(m.group(3));
            fence = m.group(2);
            indent = m.group(1);
            body.setLength(0);
            inFence[i] = true;
          }
        } else {
          inFence[i] = true;
          if (m.matches() && m.group(2).startsWith(fence) && m.group(3).isBlank()) {
            open.body = body.toString();
            blocks.add(open);
            open = null;
          } else {
            body.append(
                    line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading())
                .append('\n');
          }
        }
      }
    }

    static Doc read(Path root, Path path) {
      return new Doc(root, path);
    }

    /**
     * GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, -1, -2 … for
     * repeats.
     */
    Set<String> anchors() {
      Set<String> out = new LinkedHashSet<>();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        if (inFence[i]) {
          continue;
        }
        Matcher h = HEADING.matcher(lines.get(i));
        if (!h.matches()) {
          continue;
        }
        String text =
            h.group(1).replaceAll("\\s+#+\\s*$", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        String slug =
            text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
                .replace(' ', '-');
        int n = seen.merge(slug, 1, Integer::sum);
        out.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
      for (String line : lines) {
        Matcher a = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"").matcher(line);
        while (a.find()) {
          out.add(a.group(1).toLowerCase(Locale.ROOT));
        }
      }
      return out;
    }
  }

  /** One simple command of a shell block: its words, without comments, assignments and wrappers. */
  static final class Command {
    final int line; // 1-based within the block body
    final List<String> words;

    Command(int line, List<String> words) {
      this.line = line;
      this.words = words;
    }

    static List<Command> parse(String body) {
      List<Command> out = new ArrayList<>();
      String[] lines = body.split("\n", -1);
      StringBuilder joined = new StringBuilder();
      int startLine = 1;
      for (int i = 0; i < lines.length; i++) {
        String l = lines[i];
        if (joined.length() == 0) {
          startLine = i + 1;
        }
        if (l.startsWith("$ ")) {
          l = l.substring(2); // console prompt
        }
        if (l.endsWith("\\")) {
          joined.append(l, 0, l.length() - 1).append(' ');
          continue;
        }
        joined.append(l);
        for (List<String> words : split(joined.toString())) {
          out.add(new Command(startLine, strip(words)));
        }
        joined.setLength(0);
      }
      return out;
    }

    /** Shell words of one line, split into simple commands at ; & | && ||, comments dropped. */
    static List<List<String>> split(String line) {
      List<List<String>> commands = new ArrayList<>();
      List<String> words = new ArrayList<>();
      StringBuilder word = new StringBuilder();
      boolean inWord = false;
      char quote = 0;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else {
            word.append(c);
          }
          continue;
        }
        if (c == '\'' || c == '"') {
          quote = c;
          inWord = true;
        } else if (c == '#' && !inWord) {
          break;
        } else if (Character.isWhitespace(c)) {
          if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
          }
        } else if (c == ';' || c == '&' || c == '|') {
          if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
          }
          if (!words.isEmpty()) {
            commands.add(words);
            words = new ArrayList<>();
          }
        } else {
          word.append(c);
          inWord = true;
        }
      }
      if (inWord) {
        words.add(word.toString());
      }
      if (!words.isEmpty()) {
        commands.add(words);
      }
      return commands;
    }

    /** Drops leading VAR=value assignments and wrappers (time, env, nice, timeout N). */
    static List<String> strip(List<String> words) {
      int i = 0;
      while (i < words.size()) {
        String w = words.get(i);
        if (w.matches("[A-Za-z_][A-Za-z0-9_]*=.*") && !(i == 0 && words.size() == 1 && false)) {
          i++;
        } else if (Set.of("time", "env", "nice", "exec", "command").contains(w)) {
          i++;
        } else if (w.equals("timeout") && i + 1 < words.size()) {
          i += 2;
        } else {
          break;
        }
      }
      return new ArrayList<>(words.subList(i, words.size()));
    }
  }

  /** Just enough JSON for the schema: objects (ordered), arrays, strings, numbers, literals. */
  static final class Json {
    private final String s;
    private int i;

    Json(String s) {
      this.s = s;
    }

    Object value() {
      skip();
      char c = s.charAt(i);
      switch (c) {
        case '{' -> {
          Map<String, Object> map = new LinkedHashMap<>();
          i++;
          skip();
          if (s.charAt(i) == '}') {
            i++;
            return map;
          }
          while (true) {
            skip();
            String key = string();
            skip();
            expect(':');
            map.put(key, value());
            skip();
            if (s.charAt(i) == ',') {
              i++;
            } else {
              expect('}');
              return map;
            }
          }
        }
        case '[' -> {
          List<Object> list = new ArrayList<>();
          i++;
          skip();
          if (s.charAt(i) == ']') {
            i++;
            return list;
          }
          while (true) {
            list.add(value());
            skip();
            if (s.charAt(i) == ',') {
              i++;
            } else {
              expect(']');
              return list;
            }
          }
        }
        case '"' -> {
          return string();
        }
        default -> {
          int start = i;
          while (i < s.length() && "{}[],: \t\r\n".indexOf(s.charAt(i)) < 0) {
            i++;
          }
          return s.substring(start, i);
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (s.charAt(i) != '"') {
        char c = s.charAt(i++);
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'u' -> {
              out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> out.append(e);
          }
        } else {
          out.append(c);
        }
      }
      i++;
      return out.toString();
    }

    private void expect(char c) {
      if (s.charAt(i) != c) {
        throw new IllegalArgumentException(
            "settings.schema.json: expected '" + c + "' at offset " + i);
      }
      i++;
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
