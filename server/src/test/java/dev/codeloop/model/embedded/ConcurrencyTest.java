package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.FimRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  /** A member being typed after a receiver the documents of {@link #writer} call it on. */
  private static final FimRequest BUILDER_APP =
      new FimRequest("G.java", "java", "class G { void g() { builder.app", "", List.of(), false);

  /** A model that learns on {@code background} and rebuilds its counts after every change. */
  private static EmbeddedCodeModel.Builder rebuildingAfterEveryChange(ExecutorService background) {
    return EmbeddedCodeModel.builder()
        .executor(background)
        .rebuildPolicy(1_000_000, 0.0)
        .searchBudget(Duration.ofSeconds(5));
  }

  @Test
  void should_complete_while_documents_are_learned_in_the_background() throws Exception {
    // given
    ExecutorService background = Executors.newSingleThreadExecutor();
    EmbeddedCodeModel model = rebuildingAfterEveryChange(background).build();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = writer(model, 300, failure);
    FimRequest request = BUILDER_APP;

    // when
    writer.start();
    // completions run all the while the documents are written and learned, and on until one has
    // answered from what was learned (how many run before the first document lands depends on
    // the machine's load: a fixed count of them raced the background learning)
    int answered = 0;
    int completions = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((writer.isAlive() || completions < 300 || answered == 0)
        && System.nanoTime() < deadline) {
      completions++;
      if (!model.complete(request, 2, () -> {}).isEmpty()) {
        answered++;
      }
    }
    writer.join();
    background.shutdown();
    assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(failure.get()).isNull();
    // the training documents are one-liners, so the line goes on after the semicolon
    assertThat(model.complete(request, 1, () -> {}))
        .singleElement()
        .asString()
        .startsWith("end(x);");
    assertThat(model.stats().documents()).isEqualTo(7);
    assertThat(answered).isPositive();
  }

  @Test
  void should_let_large_counts_go_before_their_rebuild_and_keep_small_ones() {
    // given a model that learned a little
    EmbeddedCodeModel keeping = EmbeddedCodeModel.builder().executor(Runnable::run).build();
    EmbeddedCodeModel letting =
        EmbeddedCodeModel.builder().executor(Runnable::run).keepCountsBelow(0).build();
    for (EmbeddedCodeModel m : List.of(keeping, letting)) {
      m.updateDocument(
          "file:///w/F.java", "java", "class F { void f() { builder.append(item); } }");
    }
    LanguageState small = keeping.stateFor(dev.codeloop.model.embedded.lex.Language.JAVA);
    LanguageState large = letting.stateFor(dev.codeloop.model.embedded.lex.Language.JAVA);

    // when
    LanguageState.Snapshot kept = small.servingWhileRebuilding(small.snapshot());
    LanguageState.Snapshot before = large.snapshot();
    LanguageState.Snapshot meanwhile = large.servingWhileRebuilding(before);

    // then: small counts serve on beside their rebuild; large ones are let go, the word lists
    // and the types' members stay
    assertThat(kept).isSameAs(small.snapshot());
    assertThat(before.trie().tokens()).isPositive();
    assertThat(meanwhile.trie().tokens()).isZero();
    assertThat(meanwhile.byFrequency()).isSameAs(before.byFrequency());
    assertThat(meanwhile.members()).isSameAs(before.members());
  }

  @Test
  void should_answer_from_the_caches_while_counts_it_let_go_are_rebuilt() throws Exception {
    // given a model that lets its counts go at every rebuild, and rebuilds after every change
    ExecutorService background = Executors.newSingleThreadExecutor();
    EmbeddedCodeModel model = rebuildingAfterEveryChange(background).keepCountsBelow(0).build();
    model
        .updateDocument(
            "file:///w/F0.java",
            "java",
            "class F { void f() { builder.append(first); builder.append(x); } }")
        .join();
    FimRequest request = BUILDER_APP;
    assertThat(model.complete(request, 1, () -> {})).isNotEmpty();

    // when: documents are learned (and the counts rebuilt) while completions run
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = writer(model, 200, failure);
    writer.start();
    int completions = 0;
    int silent = 0;
    while (writer.isAlive() || completions < 200) {
      completions++;
      if (model.complete(request, 1, () -> {}).isEmpty()) {
        silent++;
      }
    }
    writer.join();
    background.shutdown();
    assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    // then: every completion was answered, from the caches while the counts were rebuilt
    assertThat(failure.get()).isNull();
    assertThat(silent).as("silent of %d", completions).isZero();
    assertThat(
            model
                .stateFor(dev.codeloop.model.embedded.lex.Language.JAVA)
                .snapshot()
                .trie()
                .tokens())
        .isPositive();
  }

  @Test
  void should_answer_each_window_the_same_while_threads_share_the_request_caches()
      throws Exception {
    // given two models that learned the same documents, and three windows (two of them one
    // typed word apart, so their requests take each other's caches)
    EmbeddedCodeModel shared = learnedRepeatable();
    EmbeddedCodeModel alone = learnedRepeatable();
    List<FimRequest> windows =
        List.of(
            new FimRequest(
                "G.java", "java", "class G { void g(StringBuilder b) { b.ap", "", List.of(), false),
            new FimRequest(
                "G.java", "java", "class G { void g(StringBuilder b) { b.a", "", List.of(), false),
            new FimRequest(
                "H.java", "java", "class H { int count; void h() { co", "\n}", List.of(), false));
    List<List<String>> menus = new java.util.ArrayList<>();
    List<List<String>> ghosts = new java.util.ArrayList<>();
    for (FimRequest w : windows) {
      menus.add(words(alone.rankWords(w, 10, () -> {})));
      ghosts.add(alone.complete(w, 1, () -> {}));
    }

    // when four threads ask for the three windows' menus and ghost texts, interleaved
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      results.add(
          pool.submit(
              () -> {
                boolean same = true;
                for (int i = 0; i < 500; i++) {
                  int k = (i + offset) % windows.size();
                  FimRequest w = windows.get(k);
                  same &= words(shared.rankWords(w, 10, () -> {})).equals(menus.get(k));
                  same &= shared.complete(w, 1, () -> {}).equals(ghosts.get(k));
                }
                return same;
              }));
    }

    // then every answer is the one the model alone gave
    for (var r : results) {
      assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
    }
    pool.shutdown();
    assertThat(menus.get(0)).isNotEmpty();
    assertThat(shared.stateFor(dev.codeloop.model.embedded.lex.Language.JAVA).reusedCaches())
        .isPositive();
  }

  /**
   * A model that learned five small documents, with no search deadline (a beam search cut short by
   * the threads' load would answer less): the same requests get the same answers.
   */
  private static EmbeddedCodeModel learnedRepeatable() {
    EmbeddedCodeModel model =
        EmbeddedCodeModel.builder()
            .executor(Runnable::run)
            .searchBudget(Duration.ofMinutes(1))
            .build();
    for (int i = 0; i < 5; i++) {
      String text =
          "class F%d { void f(StringBuilder builder, int count) { builder.append(count);"
                  .formatted(i)
              + " builder.append(item); builder.setLength(count); } }";
      model.updateDocument("file:///w/F" + i + ".java", "java", text).join();
    }
    return model;
  }

  private static List<String> words(List<dev.codeloop.model.WordRanker.RankedWord> ranked) {
    return ranked.stream().map(dev.codeloop.model.WordRanker.RankedWord::word).toList();
  }

  /**
   * A thread that writes {@code updates} versions of seven one-line documents in one directory into
   * {@code model}, keeping the first failure in {@code failure}.
   */
  private static Thread writer(
      EmbeddedCodeModel model, int updates, AtomicReference<Throwable> failure) {
    return new Thread(
        () -> {
          try {
            for (int i = 0; i < updates; i++) {
              model.updateDocument(
                  "file:///w/F" + (i % 7) + ".java",
                  "java",
                  "class F { void f() { builder.append(item" + i + "); builder.append(x); } }");
            }
          } catch (RuntimeException e) {
            failure.set(e);
          }
        });
  }
}
