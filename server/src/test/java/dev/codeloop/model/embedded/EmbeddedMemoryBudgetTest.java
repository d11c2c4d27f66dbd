package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.ignore.WorkspaceIgnore;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordRanker.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's memory is bounded: a workspace bigger than the byte budget is learned only up to it,
 * the most relevant files first; closing a document releases what the model learned from its
 * buffer.
 */
class EmbeddedMemoryBudgetTest {
  @TempDir Path root;
  @TempDir Path elsewhere;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private EmbeddedCodeModel model() {
    EmbeddedCodeModel m = EmbeddedCodeModel.builder().executor(Runnable::run).build();
    open.add(m);
    return m;
  }

  /** Four folders of ten files, every file with names of its own (so each adds to the model). */
  private void workspace() throws Exception {
    long time = 1_700_000_000_000L;
    for (String folder : List.of("alpha", "beta", "gamma", "delta")) {
      for (int i = 0; i < 10; i++) {
        String name = folder + i;
        Path file = root.resolve(folder).resolve("C" + name + ".java");
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder("class C" + name + " {\n");
        for (int m = 0; m < 20; m++) {
          text.append("  int ")
              .append(name)
              .append("Method")
              .append(m)
              .append("(int ")
              .append(name)
              .append("Arg")
              .append(m)
              .append(") { return ")
              .append(name)
              .append("Arg")
              .append(m)
              .append(" * ")
              .append(m + 3)
              .append(" + helper")
              .append(name)
              .append(m)
              .append("(); }\n");
        }
        text.append("}\n");
        Files.writeString(file, text);
        // alpha is the oldest folder, delta the newest
        Files.setLastModifiedTime(file, FileTime.fromMillis(time));
        time += 60_000;
      }
    }
  }

  private static IndexStats index(EmbeddedCodeModel m, Path root, IndexLimits limits) {
    return m.indexWorkspace(
            root,
            WorkspaceIgnore.ignoreFilesOnly(),
            Duration.ZERO,
            uri -> false,
            limits,
            ProgressListener.NONE,
            () -> {})
        .join();
  }

  private static IndexLimits bytes(long maxModelBytes, Path... first) {
    return new IndexLimits(Integer.MAX_VALUE, Long.MAX_VALUE, maxModelBytes, List.of(first));
  }

  /**
   * A model of the workspace indexed within a third of what the whole of it takes: its budget
   * spent, the older folders left out.
   */
  private EmbeddedCodeModel filledToAThird() {
    EmbeddedCodeModel unbounded = model();
    index(unbounded, root, IndexLimits.NONE);
    EmbeddedCodeModel m = model();
    index(m, root, bytes(unbounded.stats().staticBytes() / 3));
    return m;
  }

  private boolean knows(EmbeddedCodeModel m, String rel) {
    return m.knows(root.resolve(rel).toAbsolutePath().normalize().toUri().toString());
  }

  @Test
  void should_learn_a_workspace_bigger_than_the_budget_only_up_to_the_budget() throws Exception {
    // given: what the whole workspace weighs
    workspace();
    long whole = 0;
    EmbeddedCodeModel unbounded = model();
    index(unbounded, root, IndexLimits.NONE);
    whole = unbounded.stats().staticBytes();
    assertThat(unbounded.stats().documents()).isEqualTo(40);

    // when: a model may hold a third of it
    EmbeddedCodeModel bounded = model();
    long budget = whole / 3;
    IndexStats stats = index(bounded, root, bytes(budget));

    // then
    EmbeddedStats s = bounded.stats();
    assertThat(s.staticBytes()).isPositive().isLessThanOrEqualTo(budget);
    assertThat(s.documents()).isBetween(1, 39);
    assertThat(stats.files()).isEqualTo(s.documents());
    assertThat(stats.overBudget()).isEqualTo(40 - s.documents());
    assertThat(s.workspaceFiles()).isEqualTo(40);
    assertThat(s.overBudgetFiles()).isEqualTo(40 - s.documents());
  }

  @Test
  void should_learn_the_open_files_folders_first_then_the_most_recently_modified()
      throws Exception {
    // given: room for about half of the workspace, and a file of the oldest folder open
    workspace();
    EmbeddedCodeModel unbounded = model();
    index(unbounded, root, IndexLimits.NONE);
    long budget = unbounded.stats().staticBytes() / 2;

    // when
    EmbeddedCodeModel m = model();
    index(m, root, bytes(budget, root.resolve("alpha/Calpha3.java")));

    // then: the open file's folder first, then the newest files; the older folders not at all
    for (int i = 0; i < 10; i++) {
      assertThat(knows(m, "alpha/Calpha" + i + ".java")).as("alpha " + i).isTrue();
    }
    assertThat(knows(m, "delta/Cdelta9.java")).isTrue();
    assertThat(knows(m, "beta/Cbeta0.java")).isFalse();
  }

  @Test
  void should_forget_what_an_earlier_index_learned_beyond_a_smaller_budget() throws Exception {
    // given
    workspace();
    EmbeddedCodeModel m = model();
    index(m, root, IndexLimits.NONE);
    assertThat(m.stats().documents()).isEqualTo(40);

    // when: the same model is indexed again with room for ten files only
    IndexStats stats =
        index(m, root, new IndexLimits(10, Long.MAX_VALUE, Long.MAX_VALUE, List.of()));

    // then: the ten newest stay, the rest is forgotten
    assertThat(stats.files()).isEqualTo(10);
    assertThat(m.stats().documents()).isEqualTo(10);
    assertThat(knows(m, "delta/Cdelta0.java")).isTrue();
    assertThat(knows(m, "alpha/Calpha0.java")).isFalse();
  }

  @Test
  void should_not_learn_files_bigger_than_the_limit() throws Exception {
    // given
    workspace();
    Files.writeString(root.resolve("Small.java"), "class Small {}\n");

    // when
    EmbeddedCodeModel m = model();
    index(m, root, new IndexLimits(Integer.MAX_VALUE, 100, Long.MAX_VALUE, List.of()));

    // then
    assertThat(m.stats().documents()).isEqualTo(1);
    assertThat(knows(m, "Small.java")).isTrue();
  }

  @Test
  void should_give_up_a_closed_buffer_for_the_saved_file_in_a_project() throws Exception {
    // given: a project file whose open buffer the model learned
    Path file = root.resolve("Open.java");
    Files.writeString(file, "class Open { int saved; }\n");
    EmbeddedCodeModel m = model();
    index(m, root, IndexLimits.NONE);
    String uri = file.toUri().toString();
    m.updateDocument(uri, "java", "class Open { int saved; int typedButNotSaved; }\n");
    assertThat(m.stats().editorDocuments()).isEqualTo(1);
    long bufferTokens = m.stats().tokens();

    // when
    boolean learned = m.documentClosed(file, true, u -> false).join();

    // then: the saved file's tokens, no editor state
    assertThat(learned).isTrue();
    assertThat(m.knows(uri)).isTrue();
    assertThat(m.stats().editorDocuments()).isZero();
    assertThat(m.stats().documents()).isEqualTo(1);
    assertThat(m.stats().tokens()).isLessThan(bufferTokens);
  }

  @Test
  void should_settle_a_closed_unchanged_buffer_as_the_saved_file() throws Exception {
    // given: a learned project file, opened unchanged and learned from its buffer
    Path file = root.resolve("Same.java");
    Files.writeString(file, "class Same { int same; }\n");
    EmbeddedCodeModel m = model();
    index(m, root, IndexLimits.NONE);
    long tokens = m.stats().tokens();
    String uri = file.toUri().toString();
    m.updateDocument(uri, "java", Files.readString(file));
    assertThat(m.stats().editorDocuments()).isEqualTo(1);

    // when
    boolean learned = m.documentClosed(file, true, u -> false).join();

    // then
    assertThat(learned).isTrue();
    assertThat(m.stats().editorDocuments()).isZero();
    assertThat(m.stats().documents()).isEqualTo(1);
    assertThat(m.stats().tokens()).isEqualTo(tokens);
  }

  @Test
  void should_not_learn_a_closed_file_the_budget_left_out_when_there_is_no_room() throws Exception {
    // given: a model indexed within a budget that left every file out
    workspace();
    EmbeddedCodeModel m = model();
    index(m, root, bytes(1));
    int documents = m.stats().documents();
    assertThat(documents).isZero();
    assertThat(m.stats().overBudgetFiles()).isEqualTo(40);
    Path left = root.resolve("alpha/Calpha0.java");
    assertThat(knows(m, "alpha/Calpha0.java")).isFalse();
    String uri = left.toUri().toString();
    m.updateDocument(uri, "java", Files.readString(left));
    assertThat(m.stats().documents()).isEqualTo(documents);

    // when: the editor closes it
    boolean learned = m.documentClosed(left, true, u -> false).join();

    // then: its buffer is released and the saved file not learned beyond the budget
    assertThat(learned).isFalse();
    assertThat(knows(m, "alpha/Calpha0.java")).isFalse();
    assertThat(m.stats().documents()).isEqualTo(documents);
    assertThat(m.stats().editorDocuments()).isZero();
  }

  @Test
  void should_keep_the_buffer_of_a_file_the_budget_left_out_in_the_caches_only_when_full()
      throws Exception {
    // given: a model filled to its budget, which left out the older folders
    workspace();
    EmbeddedCodeModel m = filledToAThird();
    int documents = m.stats().documents();
    long tokens = m.stats().tokens();
    assertThat(documents).isPositive();
    assertThat(knows(m, "alpha/Calpha4.java")).isFalse();
    Path left = root.resolve("alpha/Calpha4.java");
    String uri = left.toUri().toString();

    // when: the editor opens it and adds a class the size of ten of its files (more than the room
    // a budget filled file by file can have left), with a name no file has
    StringBuilder extra = new StringBuilder("class Extra {\n  int zorbleCounter = 1;\n");
    for (int i = 0; i < 200; i++) {
      extra.append("  int next").append(i).append("() { return zorbleCounter++ * ").append(i);
      extra.append("; }\n");
    }
    m.updateDocument(uri, "java", Files.readString(left) + extra + "}\n").join();

    // then: the static counts do not take it (no rebuild, nothing past the budget), yet the model
    // predicts the name in another file from the recent-files cache (without it: not at all)
    assertThat(m.stats().documents()).isEqualTo(documents);
    assertThat(m.stats().tokens()).isEqualTo(tokens);
    assertThat(m.stats().editorDocuments()).isZero();
    FimRequest elsewhere =
        new FimRequest(
            "src/Other.java",
            "java",
            "class Other {\n  int next7() {\n    return ",
            "",
            List.of(),
            false);
    assertThat(m.rankWords(elsewhere, 5, () -> {}))
        .anyMatch(w -> w.word().equals("zorbleCounter") && w.origin() == Origin.MODEL);
  }

  @Test
  void should_not_read_a_file_too_big_for_what_is_left_of_the_budget() throws Exception {
    // given: the budget filled by the forty files, and a large binary file, the least relevant
    // (oldest); a file that is read is found binary and counted as skipped
    workspace();
    Path huge = root.resolve("zeta/Huge.java");
    Files.createDirectories(huge.getParent());
    byte[] bytes = new byte[400_000];
    java.util.Arrays.fill(bytes, (byte) 'x');
    bytes[10] = 0;
    Files.write(huge, bytes);
    Files.setLastModifiedTime(huge, FileTime.fromMillis(1_600_000_000_000L));
    EmbeddedCodeModel unbounded = model();
    IndexStats all = index(unbounded, root, IndexLimits.NONE);
    assertThat(all.skipped()).as("read without a budget: binary").isEqualTo(1);
    EmbeddedCodeModel m = model();

    // when
    IndexStats stats = index(m, root, bytes(unbounded.stats().staticBytes() / 3));

    // then: left out unread, as over the budget
    assertThat(stats.skipped()).isZero();
    assertThat(stats.files() + stats.overBudget()).isEqualTo(41);
  }

  @Test
  void should_keep_a_learned_file_when_it_is_closed_with_the_model_at_its_budget()
      throws Exception {
    // given: a model filled to its budget, and a file it learned opened and edited
    workspace();
    EmbeddedCodeModel m = filledToAThird();
    int documents = m.stats().documents();
    Path learned = root.resolve("delta/Cdelta9.java");
    assertThat(knows(m, "delta/Cdelta9.java")).isTrue();
    String uri = learned.toUri().toString();
    m.updateDocument(uri, "java", Files.readString(learned) + "class Extra { int extra; }\n");
    assertThat(m.stats().editorDocuments()).isEqualTo(1);

    // when
    boolean kept = m.documentClosed(learned, true, u -> false).join();

    // then: the saved file is learned again, nothing is lost
    assertThat(kept).isTrue();
    assertThat(knows(m, "delta/Cdelta9.java")).isTrue();
    assertThat(m.stats().documents()).isEqualTo(documents);
    assertThat(m.stats().editorDocuments()).isZero();
  }

  @Test
  void should_forget_a_closed_document_the_scratch_model_learned() throws Exception {
    // given: files outside every project, learned from their buffers by the scratch model
    ProjectModels models =
        new ProjectModels(null, Runnable::run, EmbeddedCodeModel::builder, Duration.ofSeconds(5));
    open.add(models);
    models.project(root, Optional.empty()).join();
    List<String> uris = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Path file = elsewhere.resolve("Loose" + i + ".java");
      Files.writeString(file, "class Loose" + i + " { int value" + i + "; }\n");
      String uri = file.toUri().toString();
      uris.add(uri);
      models.opened(uri);
      models.forUri(uri).join().updateDocument(uri, "java", Files.readString(file));
    }
    models.forUri("untitled:Untitled-1").join().updateDocument("untitled:Untitled-1", "java", "x");
    assertThat(models.stats().documents()).isEqualTo(6);
    assertThat(models.stats().editorDocuments()).isEqualTo(6);

    // when
    for (String uri : uris) {
      models.closed(uri);
      models.documentClosed(uri, true, u -> false).join();
    }
    models.documentClosed("untitled:Untitled-1", true, u -> false).join();

    // then
    assertThat(models.stats().documents()).isZero();
    assertThat(models.stats().tokens()).isZero();
  }
}
