package dev.codeloop.model.embedded;

import dev.codeloop.model.embedded.lex.Language;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * The sources of a language's standard library installed on this machine — the JDK's {@code
 * lib/src.zip}, the Python standard library's folder — which an index run learns after the
 * workspace, into what the workspace left of the budget: a small project's model then knows how
 * {@code String}, {@code List}, {@code os.path} and their kin are used. Only found, never named by
 * a workspace: the running JDK's {@code src.zip}, then {@code JAVA_HOME}'s, then those of the
 * machine's other JDKs; the newest Python found in the usual install folders. The library's
 * documents live in the model under {@link #URI_PREFIX}, a scheme no editor opens.
 */
public final class PlatformLibrary {
  /** The URIs of the library's documents in the model. */
  public static final String URI_PREFIX = "codeloop-platform:/";

  /**
   * By default at most this many tokens of a language's library are learned (about 9 MB of model):
   * most of what the library gives the menu, at no measurable cost per request (a larger library
   * makes each request look through more of the static model).
   */
  public static final long MAX_TOKENS = 400_000;

  /** No library: what tests and benchmarks get unless they ask for one. */
  public static final PlatformLibrary NONE = new PlatformLibrary(language -> Optional.empty());

  /**
   * The JDK's packages a program uses most, in the order they are learned (each package alone, not
   * its subpackages).
   */
  static final List<String> JAVA_PACKAGES =
      List.of(
          "java/lang/",
          "java/util/",
          "java/io/",
          "java/util/stream/",
          "java/util/function/",
          "java/util/concurrent/",
          "java/nio/file/",
          "java/time/",
          "java/net/",
          "java/math/",
          "java/text/",
          "java/util/regex/",
          "java/nio/charset/",
          "java/util/concurrent/atomic/",
          "java/lang/reflect/");

  /** Folders of the Python standard library that are not code a program is written like. */
  static final Set<String> PYTHON_SKIPPED =
      Set.of(
          "test",
          "tests",
          "idlelib",
          "lib2to3",
          "turtledemo",
          "ensurepip",
          "site-packages",
          "dist-packages",
          "__pycache__",
          "encodings",
          "pydoc_data",
          "tkinter");

  /** Reads a library file's text. */
  @FunctionalInterface
  public interface TextReader {
    String read() throws IOException;
  }

  /**
   * One file of a library: its URI in the model, its size and time (read once, when it is listed: a
   * persisted copy of the same size and time is reused) and its text on demand.
   */
  public record Source(String uri, long size, long lastModified, TextReader reader) {
    public String text() throws IOException {
      return reader.read();
    }
  }

  /**
   * The files of one library in the order they are learned; closing releases what they are read
   * from (the archive).
   */
  public record Listing(List<Source> sources, java.io.Closeable resource)
      implements Iterable<Source>, AutoCloseable {
    public Listing {
      sources = List.copyOf(sources);
    }

    @Override
    public Iterator<Source> iterator() {
      return sources.iterator();
    }

    @Override
    public void close() throws IOException {
      resource.close();
    }
  }

  /** Where a library is. */
  public sealed interface Location permits Archive, Folder {
    /** The files in the order they are learned. */
    Listing list() throws IOException;
  }

  /**
   * A JDK's {@code src.zip}: the {@link #JAVA_PACKAGES} (with or without the {@code java.base/}
   * module folder of JDK 9+).
   */
  public record Archive(Path zip) implements Location {
    @Override
    public Listing list() throws IOException {
      ZipFile file = new ZipFile(zip.toFile());
      List<ZipEntry> entries = new ArrayList<>();
      List<Integer> rank = new ArrayList<>();
      try {
        for (Iterator<? extends ZipEntry> it = file.entries().asIterator(); it.hasNext(); ) {
          ZipEntry e = it.next();
          String name = inModule(e.getName());
          if (e.isDirectory() || !name.endsWith(".java")) {
            continue;
          }
          int p = JAVA_PACKAGES.indexOf(name.substring(0, name.lastIndexOf('/') + 1));
          if (p >= 0) {
            entries.add(e);
            rank.add(p);
          }
        }
      } catch (RuntimeException e) {
        file.close();
        throw new IOException("Cannot list " + zip + ": " + e, e);
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        order.add(i);
      }
      // round robin over the packages (in their order), each package's largest files first:
      // the classes a package is built around (String, Collections, HashMap, Files) use the
      // library the most, and a budget cut keeps some of every package
      order.sort(
          Comparator.comparingInt((Integer i) -> rank.get(i))
              .thenComparing(i -> -entries.get(i).getSize())
              .thenComparing(i -> entries.get(i).getName()));
      int[] turn = new int[JAVA_PACKAGES.size()];
      int[] round = new int[entries.size()];
      for (int i : order) {
        round[i] = turn[rank.get(i)]++;
      }
      order.sort(
          Comparator.comparingInt((Integer i) -> round[i]).thenComparingInt(i -> rank.get(i)));
      List<Source> sources = new ArrayList<>();
      for (int i : order) {
        ZipEntry e = entries.get(i);
        sources.add(
            new Source(
                URI_PREFIX + "java/" + inModule(e.getName()),
                e.getSize(),
                e.getTime(),
                () -> {
                  try (InputStream in = file.getInputStream(e)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                  }
                }));
      }
      return new Listing(sources, file);
    }

    private static String inModule(String name) {
      return name.startsWith("java.base/") ? name.substring("java.base/".length()) : name;
    }
  }

  /**
   * A Python standard library's folder: its {@code .py} files less the {@link #PYTHON_SKIPPED}
   * folders and {@code skipped} (paths relative to the folder, {@code /}-separated), top-level
   * modules first, the largest first.
   */
  public record Folder(Path root, List<String> skipped) implements Location {
    public Folder {
      skipped = List.copyOf(skipped);
    }

    @Override
    public Listing list() throws IOException {
      List<Source> sources = new ArrayList<>();
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              if (!dir.equals(root)
                  && (PYTHON_SKIPPED.contains(name)
                      || name.startsWith("config-")
                      || isSkipped(dir))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()
                  && file.getFileName().toString().endsWith(".py")
                  && !isSkipped(file)) {
                sources.add(
                    new Source(
                        URI_PREFIX + "python/" + relative(file),
                        attrs.size(),
                        attrs.lastModifiedTime().toMillis(),
                        () -> Files.readString(file, StandardCharsets.UTF_8)));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
      // top-level modules first, then packages; the largest first (argparse, typing, subprocess,
      // pathlib: the modules that use the library most), so a cut budget keeps them
      sources.sort(
          Comparator.comparingLong((Source f) -> f.uri().chars().filter(c -> c == '/').count())
              .thenComparing(f -> -f.size())
              .thenComparing(Source::uri));
      return new Listing(sources, () -> {});
    }

    private String relative(Path p) {
      return root.relativize(p).toString().replace('\\', '/');
    }

    private boolean isSkipped(Path p) {
      String r = relative(p);
      return skipped.stream()
          .anyMatch(s -> r.equals(s) || r.startsWith(s.endsWith("/") ? s : s + "/"));
    }
  }

  private final Function<Language, Optional<Location>> locate;
  private final long maxTokens;
  private final Map<Language, Optional<Location>> found = new EnumMap<>(Language.class);

  private PlatformLibrary(Function<Language, Optional<Location>> locate, long maxTokens) {
    this.locate = locate;
    this.maxTokens = maxTokens;
  }

  private PlatformLibrary(Function<Language, Optional<Location>> locate) {
    this(locate, MAX_TOKENS);
  }

  /** The same libraries, at most {@code maxTokens} tokens of each learned. */
  public PlatformLibrary withMaxTokens(long maxTokens) {
    return new PlatformLibrary(locate, maxTokens);
  }

  /** At most this many tokens of a language's library are learned. */
  public long maxTokens() {
    return maxTokens;
  }

  /** Exactly these libraries (tests, benchmarks). */
  public static PlatformLibrary of(Map<Language, ? extends Location> locations) {
    Map<Language, Location> copy = Map.copyOf(locations);
    return new PlatformLibrary(language -> Optional.ofNullable(copy.get(language)));
  }

  /**
   * The libraries installed on this machine, looked up on first use (not at start-up): the JDK
   * sources of {@code javaHome}, then {@code JAVA_HOME}'s, then the other JDKs' under {@code
   * /usr/lib/jvm} and {@code /Library/Java/JavaVirtualMachines}; the newest Python 3 standard
   * library under {@code /usr/local/lib}, {@code /usr/lib}, {@code /usr/lib64}, {@code
   * ~/.pyenv/versions/}, {@code /opt/homebrew/Frameworks} and {@code /Library/Frameworks}.
   */
  public static PlatformLibrary detect(Map<String, String> env, String javaHome) {
    return new PlatformLibrary(
        language ->
            switch (language) {
              case JAVA -> findJdkSources(jdkHomes(env, javaHome)).map(Archive::new);
              case PYTHON -> findPythonLibrary(pythonBases(env)).map(p -> new Folder(p, List.of()));
              default -> Optional.empty();
            });
  }

  /** The library of {@code language}, if this machine has one. */
  public synchronized Optional<Location> location(Language language) {
    return found.computeIfAbsent(language, l -> safely(() -> locate.apply(l)));
  }

  private static Optional<Location> safely(java.util.function.Supplier<Optional<Location>> find) {
    try {
      return find.get();
    } catch (RuntimeException e) { // an unreadable folder: no library
      return Optional.empty();
    }
  }

  /** Where JDKs are, the running one first. */
  private static List<Path> jdkHomes(Map<String, String> env, @Nullable String javaHome) {
    List<Path> homes = new ArrayList<>();
    if (javaHome != null && !javaHome.isBlank()) {
      homes.add(Path.of(javaHome));
    }
    String envHome = env.get("JAVA_HOME");
    if (envHome != null && !envHome.isBlank()) {
      homes.add(Path.of(envHome));
    }
    homes.addAll(children(Path.of("/usr/lib/jvm")));
    for (Path p : children(Path.of("/Library/Java/JavaVirtualMachines"))) {
      homes.add(p.resolve("Contents/Home"));
    }
    return homes;
  }

  /** The first readable {@code src.zip} of {@code homes}. */
  static Optional<Path> findJdkSources(List<Path> homes) {
    for (Path home : homes) {
      for (Path zip : List.of(home.resolve("lib/src.zip"), home.resolve("src.zip"))) {
        if (Files.isRegularFile(zip) && Files.isReadable(zip)) {
          return Optional.of(zip);
        }
      }
    }
    return Optional.empty();
  }

  private static final Pattern PYTHON_DIR = Pattern.compile("python3\\.(\\d+)");

  /** Folders that hold {@code python3.N} standard library folders. */
  private static List<Path> pythonBases(Map<String, String> env) {
    List<Path> bases = new ArrayList<>();
    bases.add(Path.of("/usr/local/lib"));
    bases.add(Path.of("/usr/lib"));
    bases.add(Path.of("/usr/lib64"));
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      for (Path v : children(Path.of(home, ".pyenv", "versions"))) {
        bases.add(v.resolve("lib"));
      }
    }
    for (Path v : children(Path.of("/opt/homebrew/Frameworks/Python.framework/Versions"))) {
      bases.add(v.resolve("lib"));
    }
    for (Path v : children(Path.of("/Library/Frameworks/Python.framework/Versions"))) {
      bases.add(v.resolve("lib"));
    }
    return bases;
  }

  /** The newest {@code python3.N} folder holding {@code os.py} in {@code bases}. */
  static Optional<Path> findPythonLibrary(List<Path> bases) {
    Path best = null;
    int bestMinor = -1;
    for (Path base : bases) {
      for (Path dir : children(base)) {
        Matcher m = PYTHON_DIR.matcher(dir.getFileName().toString());
        if (m.matches() && Files.isRegularFile(dir.resolve("os.py"))) {
          int minor = Integer.parseInt(m.group(1));
          if (minor > bestMinor) {
            best = dir;
            bestMinor = minor;
          }
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The folder's entries by name, newest-looking last name first; none if it is unreadable. */
  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return List.of();
    }
  }
}
