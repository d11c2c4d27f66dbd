package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordRanker.RankedWord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedCodeModelTest {
  @TempDir Path workspace;
  @TempDir Path cache;

  /** Behaviour tests must not depend on machine speed. */
  private static final Duration NO_DEADLINE = Duration.ofMinutes(1);

  private static final String HELPER =
      """
      package demo;

      class Helper%d {
        String render(List<String> items) {
          StringBuilder builder = new StringBuilder();
          for (int i = 0; i < items.size(); i++) {
            builder.append(items.get(i));
            builder.append(separator);
          }
          builder.append(suffix);
          return builder.toString();
        }
      }
      """;

  private EmbeddedCodeModel model() {
    return EmbeddedCodeModel.builder().executor(Runnable::run).searchBudget(NO_DEADLINE).build();
  }

  /** A model that has indexed a workspace of {@code files} helpers ({@link #writeWorkspace}). */
  private EmbeddedCodeModel indexedModel(int files) throws Exception {
    writeWorkspace(files);
    EmbeddedCodeModel model = model();
    model.indexWorkspace(workspace, null, null).join();
    return model;
  }

  private void writeWorkspace(int files) throws Exception {
    writeWorkspace(files, "Helper", HELPER);
  }

  /** {@code files} classes {@code src/demo/<name><i>.java}, {@code template} formatted with i. */
  private void writeWorkspace(int files, String name, String template) throws Exception {
    for (int i = 0; i < files; i++) {
      Path p = workspace.resolve("src/demo/" + name + i + ".java");
      Files.createDirectories(p.getParent());
      Files.writeString(p, template.replace("%d", Integer.toString(i)));
    }
  }

  private static FimRequest fim(String prefix, String suffix, boolean multiline) {
    return new FimRequest("src/demo/New.java", "java", prefix, suffix, List.of(), multiline);
  }

  private static final String METHOD_START =
      "package demo;\n\nclass New {\n  String run(List<String> items) {\n"
          + "    StringBuilder builder = new StringBuilder();\n";

  @Test
  void should_drain_updates_again_after_its_executor_refused_once() {
    // given: an executor whose queue is full for the first task
    AtomicInteger offered = new AtomicInteger();
    EmbeddedCodeModel model =
        EmbeddedCodeModel.builder()
            .executor(
                r -> {
                  if (offered.incrementAndGet() == 1) {
                    throw new java.util.concurrent.RejectedExecutionException("queue full");
                  }
                  r.run();
                })
            .searchBudget(NO_DEADLINE)
            .build();

    // when
    var refused = model.updateDocument("file:///w/A.java", "java", "class A { int alpha; }");
    var next = model.updateDocument("file:///w/B.java", "java", "class B { int beta; }");

    // then: the refusal did not leave the drain marked as scheduled; both updates were learned
    assertThat(next).isCompleted();
    assertThat(refused).isCompleted();
  }

  @Test
  void should_complete_the_rest_of_the_identifier_when_the_prefix_ends_inside_it()
      throws Exception {
    // given
    EmbeddedCodeModel model = indexedModel(5);

    // when
    List<String> result =
        model.complete(fim(METHOD_START + "    builder.app", "", false), 3, () -> {});

    // then
    assertThat(result).isNotEmpty();
    assertThat(result.get(0)).startsWith("end(");
  }

  @Test
  void should_complete_a_new_files_package_statement_from_its_folders() throws Exception {
    // given: a workspace that declares dev.shop.model
    Path item = workspace.resolve("src/main/java/dev/shop/model/Item.java");
    Files.createDirectories(item.getParent());
    Files.writeString(
        item, "package dev.shop.model;\n\nimport java.util.List;\n\npublic class Item {}\n");
    EmbeddedCodeModel model = model();
    model.indexWorkspace(workspace, null, null).join();
    String cart = "src/main/java/dev/shop/cart/Cart.java";

    // when / then: the whole package and its `;` at the first line of a new file
    assertThat(model.complete(java(cart, "package ", "\n"), 1, () -> {}))
        .containsExactly("dev.shop.cart;");
    // the rest of it after part of it, and no second `;`
    assertThat(model.complete(java(cart, "package dev.sh", ";\n"), 1, () -> {}))
        .containsExactly("op.cart");
    // another package typed: not this rule's
    assertThat(model.complete(java(cart, "package org.", "\n"), 1, () -> {}))
        .noneMatch(s -> s.contains("cart"));
    // the menu's first word: the package's next name
    assertThat(firstWord(model, java(cart, "package ", "\n"))).isEqualTo("dev");
    assertThat(firstWord(model, java(cart, "package dev.sh", "\n"))).isEqualTo("shop");
    assertThat(firstWord(model, java(cart, "package dev.shop.", "\n"))).isEqualTo("cart");
    // a package statement further down is no package statement
    assertThat(
            model.complete(
                java(cart, "package dev.shop.cart;\n\nclass Cart {\n  int package", "\n"),
                1,
                () -> {}))
        .noneMatch(s -> s.contains("dev.shop.cart"));
  }

  @Test
  void should_write_the_package_statement_before_a_new_files_first_token() throws Exception {
    // given: a workspace that declares dev.shop.model
    Path item = workspace.resolve("src/main/java/dev/shop/model/Item.java");
    Files.createDirectories(item.getParent());
    Files.writeString(item, "package dev.shop.model;\n\npublic class Item {}\n");
    EmbeddedCodeModel model = model();
    model.indexWorkspace(workspace, null, null).join();
    String cart = "src/main/java/dev/shop/cart/Cart.java";

    // when / then: the keyword begun, or nothing typed in an empty file: the whole statement
    assertThat(model.complete(java(cart, "pa", ""), 1, () -> {}))
        .containsExactly("ckage dev.shop.cart;");
    assertThat(model.complete(java(cart, "package", "\n"), 1, () -> {}))
        .containsExactly(" dev.shop.cart;");
    assertThat(model.complete(java(cart, "", ""), 1, () -> {}))
        .containsExactly("package dev.shop.cart;");
    // after a license comment, with the file's imports after the cursor
    assertThat(
            model.complete(
                java(cart, "/* (c) Shop */\np", "\n\nimport java.util.List;\n"), 1, () -> {}))
        .containsExactly("ackage dev.shop.cart;");
    assertThat(firstWord(model, java(cart, "pa", ""))).isEqualTo("package");
    // not where the file has its package statement, code before the cursor, another word begun or
    // text after the cursor on its line
    assertThat(model.complete(java(cart, "", "\npackage dev.shop.cart;\n"), 1, () -> {}))
        .noneMatch(s -> s.contains("dev.shop.cart"));
    assertThat(model.complete(java(cart, "class Cart {}\np", ""), 1, () -> {}))
        .noneMatch(s -> s.contains("dev.shop.cart"));
    assertThat(model.complete(java(cart, "pu", ""), 1, () -> {}))
        .noneMatch(s -> s.contains("dev.shop.cart"));
    assertThat(model.complete(java(cart, "p", " x"), 1, () -> {}))
        .noneMatch(s -> s.contains("dev.shop.cart"));
    // a file in no package's folder: no package named
    assertThat(model.complete(java("Loose.java", "pa", ""), 1, () -> {}))
        .noneMatch(s -> s.contains(";"));
  }

  @Test
  void should_assign_a_constructors_next_parameter_after_those_it_assigned_in_order()
      throws Exception {
    // given
    EmbeddedCodeModel model = indexedModel(2);
    String java =
        "class Point {\n  private final int x, y;\n  private final String label;\n\n"
            + "  Point(int x, int y, String label) {\n    this.x = x;\n    this.y = y;\n    this.";
    String python =
        "class Order:\n    def __init__(self, customer, items, total):\n"
            + "        self.customer = customer\n        self.";

    // when / then: the whole statement, from what is typed of the name
    assertThat(model.complete(java(java, "\n  }\n}\n"), 1, () -> {}))
        .containsExactly("label = label;");
    assertThat(model.complete(py(python, "\n"), 1, () -> {})).containsExactly("items = items");
    assertThat(model.complete(py(python + "it", "\n"), 1, () -> {})).containsExactly("ems = items");
    assertThat(firstWord(model, java(java, "\n  }\n}\n"))).isEqualTo("label");
    assertThat(firstWord(model, py(python, "\n"))).isEqualTo("items");
    // not with text after the cursor on its line, another word begun, or no assignment in order
    assertThat(model.complete(java(java, " = 0;\n  }\n}\n"), 1, () -> {}))
        .noneMatch(t -> t.contains("= label"));
    // Java wants two parameters assigned in a row first
    assertThat(
            model.complete(java(java.replace("    this.y = y;\n", ""), "\n  }\n}\n"), 1, () -> {}))
        .noneMatch(t -> t.contains("= y;"));
    assertThat(model.complete(py(python + "cu", "\n"), 1, () -> {}))
        .noneMatch(t -> t.contains("= items"));
    assertThat(
            model.complete(
                py(python.replace("self.customer = customer", "self.name = customer"), "\n"),
                1,
                () -> {}))
        .noneMatch(t -> t.contains(" = "));
  }

  @Test
  void should_go_on_on_the_line_after_a_colon_or_brace_that_opens_no_python_block()
      throws Exception {
    // given: a dict display whose entries all map to the same tuple
    EmbeddedCodeModel model = model();
    String entries =
        "CHARSETS = {\n    'a': (QP, QP, None),\n    'b': (QP, QP, None),\n"
            + "    'c': (QP, QP, None),\n    'd': (QP, QP, None),\n    'e':";

    // when
    List<String> ghost = model.complete(py(entries, "\n}\n"), 1, () -> {});

    // then: the entry's value on its line, not a block's body on the next
    assertThat(ghost).isNotEmpty();
    assertThat(ghost.get(0)).startsWith(" (").doesNotContain("\n");
  }

  @Test
  void should_finish_a_string_the_user_began_as_the_file_wrote_it() throws Exception {
    // given: a file that reads the same settings by name
    EmbeddedCodeModel model = model();
    String file =
        "def connect(settings):\n    url = settings['database_url']\n"
            + "    debug = settings['debug']\n    log(settings['database_url'])\n"
            + "    return open_db(settings['da";

    // when / then: the literal's rest, and without its quote where the editor closed it
    assertThat(model.complete(py(file, "\n"), 1, () -> {})).containsExactly("tabase_url'");
    assertThat(model.complete(py(file, "']\n"), 1, () -> {})).containsExactly("tabase_url");
    // no literal of the file begins so, or one seen only once: nothing, as inside any literal
    String begun = file.substring(0, file.length() - 2);
    assertThat(model.complete(py(begun + "x", "\n"), 1, () -> {})).isEmpty();
    assertThat(model.complete(py(begun + "de", "\n"), 1, () -> {})).isEmpty();
  }

  @Test
  void should_not_write_self_where_no_function_binds_it() throws Exception {
    // given: a module whose methods all take self, and a function at the module's level
    EmbeddedCodeModel model = model();
    StringBuilder module = new StringBuilder("class Order:\n");
    for (int i = 0; i < 12; i++) {
      module.append(
          "    def total%d(self, s):\n        return self.items%d(s)\n\n".formatted(i, i));
    }
    String file = module + "\ndef quote(s";

    // when
    List<String> ghost = model.complete(py(file, "\n"), 1, () -> {});

    // then: never self there (the ghost text renders only hypotheses that keep a typed word the
    // beam takes as complete, and self is never its word where unbound); in a method's
    // parameters self is the menu's first word
    assertThat(ghost).noneMatch(g -> g.startsWith("elf"));
    assertThat(firstWord(model, py(module + "    def price(s", "\n"))).isEqualTo("self");
  }

  @Test
  void should_go_on_on_the_line_after_a_block_opener_and_a_space() throws Exception {
    // given: a module whose checks all return on their own line
    EmbeddedCodeModel model = model();
    StringBuilder module = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      module.append(
          "def check%d(value):\n    if value is None: return None\n    return value\n\n"
              .formatted(i));
    }
    String opened = module + "def check(value):\n    if value is None:";

    // when: a space typed after the colon, and the same without it
    List<String> spaced = model.complete(py(opened + " ", "\n"), 1, () -> {});
    List<String> bare = model.complete(py(opened, "\n"), 1, () -> {});

    // then: after the space the line goes on; without it a body may start on the next line
    assertThat(spaced).isNotEmpty();
    assertThat(spaced.get(0)).doesNotStartWith("\n").startsWith("return");
    assertThat(bare).allMatch(g -> !g.startsWith(" \n"));
  }

  private static FimRequest java(String prefix, String suffix) {
    return java("src/main/java/demo/Point.java", prefix, suffix);
  }

  private static FimRequest py(String prefix, String suffix) {
    return new FimRequest("shop/order.py", "python", prefix, suffix, List.of(), false);
  }

  @Test
  void should_name_a_files_top_level_type_after_the_file() throws Exception {
    // given
    EmbeddedCodeModel model = indexedModel(2);
    String cart = "src/main/java/dev/shop/cart/Cart.java";
    String head = "package dev.shop.cart;\n\nimport java.util.List;\n\n";

    // when / then: the type the file is named after
    assertThat(model.complete(java(cart, head + "public class ", "\n"), 1, () -> {}))
        .containsExactly("Cart");
    assertThat(model.complete(java(cart, head + "public final class Ca", "\n"), 1, () -> {}))
        .containsExactly("rt");
    assertThat(model.complete(java(cart, head + "interface ", " {\n}\n"), 1, () -> {}))
        .containsExactly("Cart");
    assertThat(firstWord(model, java(cart, head + "public record ", "\n"))).isEqualTo("Cart");
    // a nested type, a second type once the file declares Cart, another word begun: not this rule's
    assertThat(
            model.complete(
                java(cart, head + "public class Cart {\n  static class ", "\n"), 1, () -> {}))
        .noneMatch(s -> s.startsWith("Cart"));
    assertThat(model.complete(java(cart, head + "class Cart {}\n\nclass ", "\n"), 1, () -> {}))
        .noneMatch(s -> s.startsWith("Cart"));
    // an indented declaration where the editor's prefix starts inside the file's type
    assertThat(model.complete(java(cart, "  int total;\n\n  static class ", "\n"), 1, () -> {}))
        .noneMatch(s -> s.startsWith("Cart"));
    assertThat(model.complete(java(cart, head + "public class Item", "\n"), 1, () -> {}))
        .noneMatch(s -> s.contains("Cart"));
  }

  @Test
  void should_import_a_type_the_file_uses_where_its_sorted_imports_leave_room() throws Exception {
    // given: a workspace that imports List and Map from java.util
    Path item = workspace.resolve("src/main/java/dev/shop/model/Item.java");
    Files.createDirectories(item.getParent());
    Files.writeString(
        item,
        "package dev.shop.model;\n\nimport java.util.List;\nimport java.util.Map;\n\n"
            + "public class Item {}\n");
    EmbeddedCodeModel model = model();
    model.indexWorkspace(workspace, null, null).join();
    String basket = "src/main/java/dev/shop/cart/Basket.java";
    String body =
        "\n\npublic class Basket {\n  List<String> items = new ArrayList<>();\n"
            + "  Map<String, Integer> counts = new HashMap<>();\n  List<String> more;\n}\n";
    String sorted =
        "package dev.shop.cart;\n\nimport java.util.ArrayList;\nimport java.util.HashMap;\n";

    // when / then: used, not imported, after HashMap: List (used twice) before Map
    assertThat(model.complete(java(basket, sorted + "import ", body), 1, () -> {}))
        .containsExactly("java.util.List;");
    assertThat(model.complete(java(basket, sorted + "import java.util.M", body), 1, () -> {}))
        .containsExactly("ap;");
    // imports that are not sorted, or one alone, say nothing of where a statement goes
    String unsorted =
        "package dev.shop.cart;\n\nimport java.util.HashMap;\nimport java.util.ArrayList;\n";
    assertThat(model.complete(java(basket, unsorted + "import ", body), 1, () -> {}))
        .noneMatch(s -> s.contains("List;") || s.contains("Map;"));
    String alone = "package dev.shop.cart;\n\nimport java.util.ArrayList;\n";
    assertThat(model.complete(java(basket, alone + "import ", body), 1, () -> {}))
        .noneMatch(s -> s.contains("List;") || s.contains("Map;"));
  }

  private static String firstWord(EmbeddedCodeModel model, FimRequest fim) {
    return model.rankWords(fim, 10, () -> {}).get(0).word();
  }

  private static FimRequest java(String path, String prefix, String suffix) {
    return new FimRequest(path, "java", prefix, suffix, List.of(), false);
  }

  @Test
  void should_search_longer_for_a_completion_the_user_asked_for() throws Exception {
    // given: no time at all to search as the user types, all the time it needs when asked
    writeWorkspace(5);
    EmbeddedCodeModel model =
        EmbeddedCodeModel.builder()
            .executor(Runnable::run)
            .searchBudget(Duration.ZERO)
            .requestedSearchBudget(NO_DEADLINE)
            .build();
    model.indexWorkspace(workspace, null, null).join();
    FimRequest typed = fim(METHOD_START + "    builder.app", "", false);

    // when
    List<String> asTyped = model.complete(typed, 3, () -> {});
    List<String> asked = model.complete(typed.asRequested(), 3, () -> {});

    // then: as typed, the search's first step (the word) and no further; asked, the whole call
    assertThat(asTyped).noneMatch(s -> s.startsWith("end("));
    assertThat(asked).isNotEmpty();
    assertThat(asked.get(0)).startsWith("end(");
  }

  @Test
  void should_complete_a_common_line_to_its_end() throws Exception {
    // given
    EmbeddedCodeModel model = indexedModel(5);

    // when
    List<String> result =
        model.complete(fim(METHOD_START + "    for (int i", "", false), 1, () -> {});

    // then
    assertThat(result).containsExactly(" = 0; i < items.size(); i++) {");
  }

  @Test
  void should_return_nothing_when_the_prefix_has_no_evidence() throws Exception {
    // given
    EmbeddedCodeModel model = indexedModel(3);

    // when
    List<String> junk = model.complete(fim("zqxv wyrt plok ", "", false), 3, () -> {});
    List<String> unknownIdentifier =
        model.complete(fim(METHOD_START + "    qqzzy", "", false), 3, () -> {});

    // then
    assertThat(junk).isEmpty();
    assertThat(unknownIdentifier).isEmpty();
  }

  @Test
  void should_not_repeat_what_follows_the_cursor() throws Exception {
    // given: a workspace where `i` is clearly next (with five files the method's parameter `items`,
    // used twice in it, keeps the first word's probability under the ghost text's gate)
    EmbeddedCodeModel model = indexedModel(40);

    // when
    List<String> result =
        model.complete(
            fim(
                METHOD_START
                    + "    for (int i = 0; i < items.size(); i++) {\n      builder.append(items.get(",
                ");\n    }\n  }\n}\n",
                false),
            1,
            () -> {});

    // then
    assertThat(result).containsExactly("i)");
  }

  @Test
  void should_suggest_a_block_when_multiline_is_allowed() throws Exception {
    // given
    EmbeddedCodeModel model =
        indexedModel(40); // a block is shown only when it is likely as a whole

    // when
    List<String> result =
        model.complete(
            fim(METHOD_START + "    for (int i = 0; i < items.size(); i++) {", "\n", true),
            1,
            () -> {});

    // then
    assertThat(result).hasSize(1);
    assertThat(result.get(0))
        .startsWith("\n      builder.append(items.get(i));\n      builder.append(separator);");
  }

  @Test
  void should_stop_a_block_before_the_closer_the_editor_already_put_below_the_cursor()
      throws Exception {
    // given: the user typed "{" and Enter; the editor closed the block on the line below
    EmbeddedCodeModel model =
        indexedModel(40); // a block is shown only when it is likely as a whole
    String opener = METHOD_START + "    for (int i = 0; i < items.size(); i++) {\n      ";

    // when
    List<String> closed = model.complete(fim(opener, "\n    }\n", true), 1, () -> {});
    List<String> open = model.complete(fim(opener, "\n", true), 1, () -> {});

    // then: the body, without a second "}"; with nothing below, the block is closed
    assertThat(closed).hasSize(1);
    assertThat(closed.get(0))
        .isEqualTo("builder.append(items.get(i));\n      builder.append(separator);");
    assertThat(open).hasSize(1);
    // ... at the opener's indentation, not the body's
    assertThat(open.get(0)).startsWith(closed.get(0)).endsWith("\n    }");
  }

  @Test
  void should_tell_a_closer_below_the_cursor_from_other_code() {
    assertThat(EmbeddedPredictor.closedBelow("\n    }\n")).isTrue();
    assertThat(EmbeddedPredictor.closedBelow("\n\n  ]);\n")).isTrue();
    assertThat(EmbeddedPredictor.closedBelow("\n    return x;\n  }\n")).isFalse();
    assertThat(EmbeddedPredictor.closedBelow("\n")).isFalse();
    // the rest of the cursor's own line does not count
    assertThat(EmbeddedPredictor.closedBelow("}\n  foo();")).isFalse();
  }

  private static FimRequest request(String prefix) {
    return new FimRequest("Other.java", "java", prefix, "", List.of(), false);
  }

  private static String lines(String call) {
    String statement = "    alpha." + call + ";\n";
    return "class D {\n  void f() {\n" + statement.repeat(3) + "  }\n}\n";
  }

  @Test
  void should_replace_the_counts_of_a_document_when_it_is_updated_and_forget_it_when_removed() {
    // given (the member's first letter typed: with nothing typed, whether a three-line workspace
    // makes the ghost text sure enough to show is the gate's call, not what this test is about)
    EmbeddedCodeModel model = model();
    String uri = "file:///w/Doc.java";
    model.updateDocument(uri, "java", lines("beta(one)"));
    String prefix = "class E {\n  void g() {\n    alpha.";
    List<String> before = model.complete(request(prefix + "b"), 1, () -> {});

    // when
    model.updateDocument(uri, "java", lines("gamma(two)"));
    List<String> afterUpdate = model.complete(request(prefix + "g"), 1, () -> {});
    List<String> oldAfterUpdate = model.complete(request(prefix + "b"), 1, () -> {});
    model.removeDocument(uri);
    List<String> afterRemove = model.complete(request(prefix + "g"), 1, () -> {});

    // then
    assertThat(before).containsExactly("eta(one);");
    assertThat(afterUpdate).containsExactly("amma(two);");
    assertThat(oldAfterUpdate).isEmpty();
    assertThat(afterRemove).isEmpty();
    assertThat(model.stats().documents()).isZero();
  }

  /** A model that persists to (and loads from) the test's cache folder, working synchronously. */
  private EmbeddedCodeModel persistingModel() {
    return EmbeddedCodeModel.builder()
        .executor(Runnable::run)
        .searchBudget(NO_DEADLINE)
        .cacheDir(cache)
        .build();
  }

  @Test
  void should_build_the_directory_cache_from_documents_loaded_from_the_persisted_model()
      throws Exception {
    // given
    writeWorkspace(4);
    EmbeddedCodeModel first = persistingModel();
    first.indexWorkspace(workspace, null, null).join();
    first.persist();
    EmbeddedCodeModel second = persistingModel();
    long before = second.stats().retainedBytes();

    // when: a completion in a new file of the learned folder, before any re-indexing
    second.complete(fim(METHOD_START + "    builder.app", "", false), 3, () -> {});

    // then: the folder's cache was built (on the executor, here the calling thread)
    assertThat(second.stats().retainedBytes()).isGreaterThan(before);
  }

  @Test
  void should_answer_the_same_after_persisting_and_loading() throws Exception {
    // given
    writeWorkspace(4);
    EmbeddedCodeModel first = persistingModel();
    IndexStats indexed = first.indexWorkspace(workspace, null, null).join();
    List<FimRequest> probes =
        List.of(
            fim(METHOD_START + "    builder.app", "", false),
            fim(METHOD_START + "    for (int i", "", false),
            fim(METHOD_START + "    return builder.", "", false));
    List<List<String>> expected = new ArrayList<>();
    for (FimRequest p : probes) {
      expected.add(first.complete(p, 3, () -> {}));
    }

    // when
    first.persist();
    EmbeddedCodeModel second = persistingModel();
    List<List<String>> actual = new ArrayList<>();
    for (FimRequest p : probes) {
      actual.add(second.complete(p, 3, () -> {}));
    }
    IndexStats reindexed = second.indexWorkspace(workspace, null, null).join();

    // then
    assertThat(actual).isEqualTo(expected);
    assertThat(expected.get(2)).isNotEmpty();
    assertThat(second.stats().tokens()).isEqualTo(first.stats().tokens());
    assertThat(reindexed.reused()).isEqualTo(indexed.files()).isEqualTo(4);
  }

  @Test
  void should_reuse_the_request_caches_of_the_same_window_and_answer_the_same() throws Exception {
    // given two models that learned the same workspace
    writeWorkspace(3);
    EmbeddedCodeModel typing = model();
    EmbeddedCodeModel fresh = model();
    typing.indexWorkspace(workspace, null, null).join();
    fresh.indexWorkspace(workspace, null, null).join();
    LanguageState state = typing.stateFor(dev.codeloop.model.embedded.lex.Language.JAVA);
    String suffix = "\n    return builder.toString();\n  }\n}\n";

    // when a word is typed a character at a time, the ghost text and the menu asked at each
    typing.complete(fim(METHOD_START + "    b", suffix, false), 1, () -> {});
    long before = state.reusedCaches();
    List<String> ghost = typing.complete(fim(METHOD_START + "    bu", suffix, false), 1, () -> {});
    List<RankedWord> menu =
        typing.rankWords(fim(METHOD_START + "    bui", suffix, false), 10, () -> {});

    // then both took the caches the keystroke before filled (the tokens before the word are the
    // same), and answer what a model filling them anew answers
    assertThat(state.reusedCaches()).isEqualTo(before + 2);
    assertThat(ghost)
        .isEqualTo(fresh.complete(fim(METHOD_START + "    bu", suffix, false), 1, () -> {}));
    assertThat(menu)
        .isEqualTo(fresh.rankWords(fim(METHOD_START + "    bui", suffix, false), 10, () -> {}));
    assertThat(menu).isNotEmpty();

    // and a request from another window fills them anew
    long reused = state.reusedCaches();
    List<RankedWord> elsewhere =
        typing.rankWords(fim(METHOD_START + "    builder.append(i", suffix, false), 10, () -> {});
    assertThat(state.reusedCaches()).isEqualTo(reused);
    assertThat(elsewhere)
        .isEqualTo(
            fresh.rankWords(
                fim(METHOD_START + "    builder.append(i", suffix, false), 10, () -> {}));
  }

  @Test
  void should_know_the_members_of_types_after_loading_the_persisted_model() throws Exception {
    // given: a workspace that walks lists with iterator more often than it searches strings
    Files.writeString(
        workspace.resolve("A.java"),
        ("class A {\n  int f(String text, List<String> items) {\n"
                + "    Iterator<String> it = items.iterator();\n"
                + "    it = items.iterator();\n"
                + "    return text.indexOf('x');\n  }\n}\n")
            .repeat(20));
    EmbeddedCodeModel first = persistingModel();
    first.indexWorkspace(workspace, null, null).join();
    first.persist();

    // when: a new process loads the model and is asked for a String's member
    EmbeddedCodeModel second = persistingModel();
    FimRequest request =
        new FimRequest(
            "B.java",
            "java",
            "class B {\n  int g(String name) {\n    return name.i",
            "",
            List.of(),
            false);

    // then: the type's member first, as before persisting (the table is rebuilt on loading)
    assertThat(first.rankWords(request, 5, () -> {}).get(0).word()).isEqualTo("indexOf");
    assertThat(second.rankWords(request, 5, () -> {}).get(0).word()).isEqualTo("indexOf");
  }

  @Test
  void should_report_progress_and_stop_when_cancelled() throws Exception {
    // given
    writeWorkspace(60);
    EmbeddedCodeModel model = model();
    List<int[]> progress = new ArrayList<>();
    AtomicInteger checks = new AtomicInteger();

    // when
    IndexStats stats =
        model.indexWorkspace(workspace, (d, t, m) -> progress.add(new int[] {d, t}), null).join();
    var cancelled =
        model()
            .indexWorkspace(
                workspace,
                null,
                () -> {
                  if (checks.incrementAndGet() > 10) {
                    throw new CancellationException("stop");
                  }
                });

    // then
    assertThat(stats.files()).isEqualTo(60);
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1)).containsExactly(60, 60);
    assertThatThrownBy(cancelled::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(CancellationException.class);
  }

  @Test
  void should_complete_an_update_once_the_document_is_learned() {
    // given: an executor that runs the model's work only when the test says so
    EmbeddedCodeModel model = queuedModel();

    // when
    var first = model.updateDocument("file:///w/A.java", "java", "class A { int alpha; }");
    var second = model.updateDocument("file:///w/B.java", "java", "class B { int beta; }");
    boolean doneBefore = first.isDone() || second.isDone();
    boolean knownBefore = model.knows("file:///w/A.java");
    drainAll();

    // then: nothing before the work ran, both after it (the heap is trimmed only then)
    assertThat(doneBefore).isFalse();
    assertThat(knownBefore).isFalse();
    assertThat(first).isDone();
    assertThat(second).isDone();
    assertThat(model.knows("file:///w/A.java")).isTrue();
    assertThat(model.knows("file:///w/B.java")).isTrue();
  }

  @Test
  void should_not_learn_a_closed_documents_buffer_from_an_update_that_raced_with_the_close() {
    // given: an editor buffer learned, then closed; the file is not on disk (nothing to learn)
    EmbeddedCodeModel model = queuedModel();
    Path file = workspace.resolve("Scratch.java");
    String uri = file.toAbsolutePath().normalize().toUri().toString();
    AtomicBoolean open = new AtomicBoolean(true);
    model.updateDocument(uri, "java", "class Scratch { int alpha; }", open::get);
    drainAll();

    // when: an update checked before the close is queued, the close, then one checked after it
    var before = model.updateDocument(uri, "java", "class Scratch { int beta; }", open::get);
    open.set(false);
    var closed = model.documentClosed(file, true, u -> false);
    var after = model.updateDocument(uri, "java", "class Scratch { int gamma; }", open::get);
    boolean afterDoneAtOnce = after.isDone();
    drainAll();

    // then: the close wins over both; the late update was never queued
    assertThat(afterDoneAtOnce).isTrue();
    assertThat(before).isDone();
    assertThat(closed.join()).isFalse();
    assertThat(model.knows(uri)).isFalse();
  }

  @Test
  void should_learn_a_document_reopened_before_its_close_was_applied() {
    // given
    EmbeddedCodeModel model = queuedModel();
    Path file = workspace.resolve("Reopened.java");
    String uri = file.toAbsolutePath().normalize().toUri().toString();
    model.updateDocument(uri, "java", "class Reopened { int alpha; }", () -> true);
    drainAll();

    // when: closed, then reopened and its buffer queued before the drain ran
    var closed = model.documentClosed(file, true, u -> false);
    model.updateDocument(uri, "java", "class Reopened { int beta; }", () -> true);
    drainAll();

    // then: the moot close answers, the open buffer is learned
    assertThat(closed.join()).isFalse();
    assertThat(model.knows(uri)).isTrue();
  }

  /** The model's work, queued until the test runs it ({@link #drainAll}). */
  private final Queue<Runnable> queue = new ArrayDeque<>();

  /** A model whose work runs only when the test says so. */
  private EmbeddedCodeModel queuedModel() {
    return EmbeddedCodeModel.builder().executor(queue::add).build();
  }

  private void drainAll() {
    while (!queue.isEmpty()) {
      queue.poll().run();
    }
  }

  @Test
  void should_start_the_ghost_text_with_the_keyword_the_model_expects_rather_than_a_listed_word()
      throws Exception {
    // when: nothing typed where every helper has `return`
    List<String> ghost = ghostWhereTheHelpersReturn("");
    // then: the keyword, not the list's first word (`builder`, ranked for an identifier's place)
    assertThat(ghost).hasSize(1);
    assertThat(ghost.get(0).strip()).startsWith("return");
  }

  @Test
  void should_complete_the_keyword_the_model_expects_after_its_first_character() throws Exception {
    // when: `r` typed where every helper has `return`
    List<String> ghost = ghostWhereTheHelpersReturn("r");
    // then: the keyword's rest, not a word of the list starting with `r` (ranked for identifiers)
    assertThat(ghost).hasSize(1);
    assertThat(ghost.get(0)).startsWith("eturn");
  }

  @Test
  void should_list_the_keyword_the_model_expects_first_in_the_menu() throws Exception {
    // given: a workspace of helpers whose methods end `builder.append(suffix);` then `return …`
    EmbeddedCodeModel model = indexedModel(12);
    String line = METHOD_START + "    builder.append(suffix);\n    ";

    // when / then: the keyword first, after its first character and with nothing typed, and the
    // list's identifiers after it
    List<String> typed =
        model.rankWords(fim(line + "r", "\n  }\n}\n", false), 10, () -> {}).stream()
            .map(RankedWord::word)
            .toList();
    assertThat(typed).first().isEqualTo("return");
    assertThat(typed).doesNotHaveDuplicates().hasSizeGreaterThan(1);
    assertThat(firstWord(model, fim(line, "\n  }\n}\n", false))).isEqualTo("return");
    // where an identifier comes, no keyword first
    assertThat(firstWord(model, fim(METHOD_START + "    builder.app", "", false)))
        .isEqualTo("append");
  }

  @Test
  void should_spell_the_string_the_file_puts_where_the_model_expects_one() throws Exception {
    // given: a workspace where getProperty takes strings of every kind, and a file whose two
    // calls both ask for "user.home"
    writeWorkspace(
        12,
        "Props",
        "package demo;\n\nclass Props%d {\n  String get() {\n"
            + "    return System.getProperty(\"key.%d\");\n  }\n}\n");
    EmbeddedCodeModel model = model();
    model.indexWorkspace(workspace, null, null).join();
    String file =
        "package demo;\n\nclass New {\n  String a() {\n    return System.getProperty(%s);\n  }\n\n"
            + "  String b() {\n    return System.getProperty(%s);\n  }\n\n"
            + "  String c() {\n    return System.getProperty(";

    // when
    List<String> same =
        model.complete(
            fim(file.formatted("\"user.home\"", "\"user.home\""), "\n  }\n}\n", false),
            1,
            () -> {});
    List<String> different =
        model.complete(
            fim(file.formatted("\"user.home\"", "\"user.dir\""), "\n  }\n}\n", false), 1, () -> {});

    // then: the file's literal and what follows it; where the file's two differ, no string
    assertThat(same).containsExactly("\"user.home\");");
    assertThat(String.join("", different)).doesNotContain("\"");
  }

  /**
   * The ghost text after {@code typed} on the line after `builder.append(suffix);`, in a workspace
   * of helpers whose methods end `builder.append(suffix);` then `return builder.toString();`.
   */
  private List<String> ghostWhereTheHelpersReturn(String typed) throws Exception {
    EmbeddedCodeModel model = indexedModel(12);
    String prefix = METHOD_START + "    builder.append(suffix);\n    " + typed;
    return model.complete(fim(prefix, "\n  }\n}\n", false), 1, () -> {});
  }
}
