package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.ignore.WorkspaceIgnore;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordRanker.RankedWord;
import dev.codeloop.model.embedded.lex.Language;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformLibraryTest {
  @TempDir Path dir;

  /** A library class whose method no workspace file uses. */
  private static final String STRANGE =
      """
      package java.lang;

      public final class Strange {
        int frobnicateWidgets(int count) {
          return count;
        }

        int twice(Strange text) {
          int a = text.frobnicateWidgets(1);
          int b = text.frobnicateWidgets(2);
          int c = text.frobnicateWidgets(3);
          return text.frobnicateWidgets(a + b + c);
        }
      }
      """;

  private static final String WORKSPACE_FILE =
      """
      class App {
        int run(Strange text) {
          int total = text.hashCode();
          return total;
        }
      }
      """;

  private static final FimRequest AFTER_FR =
      new FimRequest(
          "App2.java",
          "java",
          "class App2 {\n  int go(Strange text) {\n    return text.fr",
          "",
          List.of(),
          false);

  @Test
  void should_list_the_jdks_common_packages_of_a_src_zip_in_their_order() throws Exception {
    // given: a JDK 9+ archive with listed packages, a subpackage that is not, other modules and
    // non-source entries
    Path zip =
        zip(
            "src.zip",
            Map.of(
                "java.base/java/util/List.java", "package java.util; interface List {}",
                "java.base/java/lang/String.java", "package java.lang; class String {}",
                "java.base/java/lang/invoke/Handle.java", "package java.lang.invoke;",
                "java.base/sun/misc/Unsafe.java", "package sun.misc;",
                "java.sql/java/sql/Connection.java", "package java.sql;",
                "java.base/java/lang/doc-files/notes.html", "<p>"));

    // when
    List<String> uris = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    try (PlatformLibrary.Listing listing = new PlatformLibrary.Archive(zip).list()) {
      for (PlatformLibrary.Source s : listing) {
        uris.add(s.uri());
        texts.add(s.text());
      }
    }

    // then: java.lang before java.util, nothing else; the texts read from the archive
    assertThat(uris)
        .containsExactly(
            "codeloop-platform:/java/java/lang/String.java",
            "codeloop-platform:/java/java/util/List.java");
    assertThat(texts)
        .containsExactly(
            "package java.lang; class String {}", "package java.util; interface List {}");
  }

  @Test
  void should_list_a_jdk_8_archive_without_module_folders() throws Exception {
    Path zip = zip("src.zip", Map.of("java/lang/Object.java", "package java.lang;"));

    try (PlatformLibrary.Listing listing = new PlatformLibrary.Archive(zip).list()) {
      assertThat(listing)
          .extracting(PlatformLibrary.Source::uri)
          .containsExactly("codeloop-platform:/java/java/lang/Object.java");
    }
  }

  @Test
  void should_list_a_python_library_without_tests_vendored_code_or_skipped_folders()
      throws Exception {
    // given
    Path lib = dir.resolve("python3.12");
    write(lib.resolve("os.py"), "import sys\n");
    write(lib.resolve("json/__init__.py"), "from .decoder import JSONDecoder\n");
    write(lib.resolve("json/decoder.py"), "class JSONDecoder: pass\n");
    write(lib.resolve("test/test_os.py"), "import os\n");
    write(lib.resolve("idlelib/editor.py"), "pass\n");
    write(lib.resolve("site-packages/requests/api.py"), "pass\n");
    write(lib.resolve("config-3.12-x86_64-linux-gnu/python-config.py"), "pass\n");
    write(lib.resolve("email/message.py"), "class Message: pass\n");
    write(lib.resolve("README.txt"), "not code\n");

    // when: email/ is left out as well
    List<String> uris = new ArrayList<>();
    try (PlatformLibrary.Listing listing =
        new PlatformLibrary.Folder(lib, List.of("email/")).list()) {
      listing.forEach(s -> uris.add(s.uri()));
    }

    // then: top-level modules first, then packages
    assertThat(uris)
        .containsExactly(
            "codeloop-platform:/python/os.py",
            "codeloop-platform:/python/json/__init__.py",
            "codeloop-platform:/python/json/decoder.py");
  }

  @Test
  void should_find_the_first_readable_src_zip_and_the_newest_python_library() throws Exception {
    // given: a JDK whose src.zip is a dangling link (Debian without openjdk-N-source), then one
    // with its sources
    Path noSources = dir.resolve("jdk-a");
    Files.createDirectories(noSources.resolve("lib"));
    Files.createSymbolicLink(noSources.resolve("lib/src.zip"), dir.resolve("missing.zip"));
    Path withSources = dir.resolve("jdk-b");
    Files.createDirectories(withSources.resolve("lib"));
    Path zip = zip("jdk-b/lib/src.zip", Map.of("java/lang/Object.java", "package java.lang;"));
    // Pythons in two folders; the newest has no os.py (not a standard library)
    write(dir.resolve("usr/lib/python3.9/os.py"), "");
    write(dir.resolve("usr/local/lib/python3.12/os.py"), "");
    write(dir.resolve("usr/local/lib/python3.13/README"), "");
    write(dir.resolve("usr/local/lib/python2.7/os.py"), "");

    // then
    assertThat(PlatformLibrary.findJdkSources(List.of(dir.resolve("none"), noSources, withSources)))
        .contains(zip);
    assertThat(PlatformLibrary.findJdkSources(List.of(noSources))).isEmpty();
    assertThat(
            PlatformLibrary.findPythonLibrary(
                List.of(dir.resolve("usr/lib"), dir.resolve("usr/local/lib"))))
        .contains(dir.resolve("usr/local/lib/python3.12"));
    assertThat(PlatformLibrary.findPythonLibrary(List.of(dir.resolve("nothing")))).isEmpty();
  }

  @Test
  void should_learn_the_library_after_the_workspace_and_offer_its_words() throws Exception {
    // given: a workspace that never calls the library's method
    Path workspace = workspace();
    EmbeddedCodeModel without = model(PlatformLibrary.NONE);
    EmbeddedCodeModel with = model(library());

    // when
    IndexStats none = without.indexWorkspace(workspace, null, null).join();
    IndexStats stats = with.indexWorkspace(workspace, null, null).join();

    // then: only the model that learned the library offers its method after "text.fr"
    assertThat(words(without)).doesNotContain("frobnicateWidgets");
    assertThat(words(with).get(0)).isEqualTo("frobnicateWidgets");
    assertThat(stats.files()).isEqualTo(1);
    assertThat(stats.platformFiles()).isEqualTo(1);
    assertThat(stats.platformTokens()).isPositive();
    assertThat(stats.tokens()).isEqualTo(none.tokens());
    assertThat(none.platformFiles()).isZero();
  }

  @Test
  void should_forget_the_library_when_the_user_turns_it_off() throws Exception {
    // given: a model that learned the library
    Path workspace = workspace();
    EmbeddedCodeModel model = model(library());
    model.indexWorkspace(workspace, null, null).join();
    assertThat(words(model)).contains("frobnicateWidgets");

    // when: the next index run comes with embedded.platformLibrary off
    IndexStats stats = index(model, workspace, Long.MAX_VALUE, false);

    // then
    assertThat(stats.platformFiles()).isZero();
    assertThat(words(model)).doesNotContain("frobnicateWidgets");
    assertThat(model.stateFor(Language.JAVA).documents().keySet())
        .noneMatch(uri -> uri.startsWith(PlatformLibrary.URI_PREFIX));
  }

  @Test
  void should_learn_no_library_where_the_workspace_left_no_room_in_the_budget() throws Exception {
    // given: a budget of what the workspace alone costs the model, and a library file of more
    // tokens than the estimate leaves room for
    Path workspace = workspace();
    EmbeddedCodeModel alone = model(PlatformLibrary.NONE);
    alone.indexWorkspace(workspace, null, null).join();
    long budget = alone.staticBytes();
    StringBuilder big = new StringBuilder("package java.lang;\nclass Big {\n");
    for (long i = 0; i < budget / WorkspaceIndexer.ESTIMATED_BYTES_PER_TOKEN / 10 + 1; i++) {
      big.append("  int frobnicate").append(i).append("(int x) { return x + 1; }\n");
    }
    PlatformLibrary library =
        PlatformLibrary.of(
            Map.of(
                Language.JAVA,
                new PlatformLibrary.Archive(
                    zip("big.zip", Map.of("java.base/java/lang/Big.java", big + "}\n")))));
    EmbeddedCodeModel model = model(library);

    // when
    IndexStats stats = index(model, workspace, budget, true);

    // then: the workspace is in, the library is not
    assertThat(stats.files()).isEqualTo(1);
    assertThat(stats.overBudget()).isZero();
    assertThat(stats.platformFiles()).isZero();
    assertThat(model.stateFor(Language.JAVA).documents()).hasSize(1);
  }

  @Test
  void should_learn_a_library_only_for_the_workspaces_languages() throws Exception {
    // given: a Python-only workspace and a Java library
    Path workspace = dir.resolve("py");
    write(workspace.resolve("app.py"), "def run():\n    return 1\n");
    EmbeddedCodeModel model = model(library());

    // when
    IndexStats stats = model.indexWorkspace(workspace, null, null).join();

    // then
    assertThat(stats.platformFiles()).isZero();
  }

  private IndexStats index(
      EmbeddedCodeModel model, Path workspace, long maxModelBytes, boolean platform) {
    return model
        .indexWorkspace(
            workspace,
            WorkspaceIgnore.ignoreFilesOnly(),
            Duration.ZERO,
            uri -> false,
            new IndexLimits(Integer.MAX_VALUE, Long.MAX_VALUE, maxModelBytes, List.of(), platform),
            null,
            null)
        .join();
  }

  private Path workspace() throws IOException {
    Path workspace = dir.resolve("ws");
    write(workspace.resolve("App.java"), WORKSPACE_FILE);
    return workspace;
  }

  private PlatformLibrary library() throws IOException {
    return PlatformLibrary.of(
        Map.of(
            Language.JAVA,
            new PlatformLibrary.Archive(
                zip("lib-src.zip", Map.of("java.base/java/lang/Strange.java", STRANGE)))));
  }

  private static EmbeddedCodeModel model(PlatformLibrary library) {
    return EmbeddedCodeModel.builder()
        .executor(Runnable::run)
        .searchBudget(Duration.ofMinutes(1))
        .platformLibrary(library)
        .build();
  }

  private static List<String> words(EmbeddedCodeModel model) {
    return model.rankWords(AFTER_FR, 10, () -> {}).stream().map(RankedWord::word).toList();
  }

  private Path zip(String name, Map<String, String> entries) throws IOException {
    Path zip = dir.resolve(name);
    Files.createDirectories(zip.getParent());
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return zip;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
