package dev.codeloop.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentStoreTest {
  private final DocumentStore store = new DocumentStore();

  @Test
  void should_apply_incremental_changes_and_keep_old_snapshots_unchanged() {
    // given
    DocumentSnapshot v1 = store.open("file:///a.java", "java", 1, "class A {\n}\n");

    // when
    store.change(
        "file:///a.java",
        2,
        List.of(TextChange.ranged(new TextPosition(0, 9), new TextPosition(0, 9), "\n  int x;")));

    // then
    DocumentSnapshot v2 = store.snapshot("file:///a.java").orElseThrow();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.content()).isEqualTo("class A {\n  int x;\n}\n");
    assertThat(v1.content()).isEqualTo("class A {\n}\n");
    assertThat(v2.lineText(1)).isEqualTo("  int x;");
  }

  @Test
  void should_ignore_changes_to_documents_that_are_not_open() {
    assertThat(store.change("file:///nope", 3, List.of(TextChange.full("x")))).isEmpty();
    assertThat(store.snapshot("file:///nope")).isEmpty();
  }

  @Test
  void should_cancel_pending_work_and_version_checkers_when_the_document_moves_on() {
    // given
    store.open("file:///a", "plaintext", 1, "abc");
    CompletableFuture<String> work = new CompletableFuture<>();
    store.state("file:///a").orElseThrow().putPending("completion", work);
    VersionCancelChecker checker = new VersionCancelChecker(store, "file:///a", 1);
    checker.checkCanceled();

    // when
    store.change("file:///a", 2, List.of(TextChange.full("abcd")));

    // then
    assertThat(work).isCancelled();
    assertThat(checker.isCanceled()).isTrue();
    assertThatThrownBy(checker::checkCanceled).isInstanceOf(CancellationException.class);
  }

  @Test
  void should_cancel_older_pending_work_under_the_same_key() {
    // given
    store.open("file:///a", "plaintext", 1, "abc");
    DocumentState state = store.state("file:///a").orElseThrow();
    CompletableFuture<String> older = new CompletableFuture<>();
    CompletableFuture<String> newer = new CompletableFuture<>();

    // when
    state.putPending("completion", older);
    state.putPending("completion", newer);

    // then
    assertThat(older).isCancelled();
    assertThat(newer).isNotCancelled();
  }

  @Test
  void should_read_unopened_file_uris_from_disk_and_answer_empty_otherwise(@TempDir Path dir)
      throws Exception {
    // given
    Path file = dir.resolve("Hello.java");
    Files.writeString(file, "class Hello {}\n");

    // when
    DocumentSnapshot snap = store.snapshotOrDisk(file.toUri().toString()).orElseThrow();

    // then
    assertThat(snap.isOpen()).isFalse();
    assertThat(snap.languageId()).isEqualTo("java");
    assertThat(snap.content()).isEqualTo("class Hello {}\n");
    assertThat(store.snapshotOrDisk(dir.resolve("Missing.java").toUri().toString())).isEmpty();
    assertThat(store.snapshotOrDisk("untitled:Untitled-1")).isEmpty();
    assertThat(store.snapshotOrDisk("not a uri at all")).isEmpty();
  }

  @Test
  void should_use_the_negotiated_encoding_for_positions() {
    // given
    store.setEncoding(PositionEncoding.UTF8);
    store.open("file:///u", "plaintext", 1, "é😀x");

    // when
    DocumentSnapshot snap = store.snapshot("file:///u").orElseThrow();

    // then: é is 2 UTF-8 bytes, 😀 is 4
    assertThat(snap.offsetAt(new TextPosition(0, 6))).isEqualTo(3);
    assertThat(snap.positionAt(3)).isEqualTo(new TextPosition(0, 6));
  }

  @Test
  void should_answer_as_closed_while_out_of_sync_until_a_full_text_change(@TempDir Path dir)
      throws Exception {
    // given: an open document whose file on disk says something else
    Path file = dir.resolve("a.py");
    Files.writeString(file, "on disk");
    String uri = file.toUri().toString();
    store.open(uri, "python", 1, "x = 1\n");

    // when
    boolean first = store.markOutOfSync(uri, "didChange: invalid range");
    boolean second = store.markOutOfSync(uri, "again");
    store.change(
        uri, 2, List.of(TextChange.ranged(new TextPosition(0, 0), new TextPosition(0, 0), "y")));

    // then: told once; neither the stale copy nor the disk is served
    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(store.snapshot(uri)).isEmpty();
    assertThat(store.snapshotOrDisk(uri)).isEmpty();
    assertThat(store.openDocuments()).isEmpty();
    assertThat(store.outOfSync(uri)).contains("again");

    // when: a change carrying the whole text
    store.change(uri, 3, List.of(TextChange.full("fresh\n")));

    // then
    assertThat(store.outOfSync(uri)).isEmpty();
    assertThat(store.snapshot(uri).orElseThrow().content()).isEqualTo("fresh\n");
  }

  @Test
  void should_be_in_sync_again_after_reopening() {
    // given
    store.open("file:///b", "plaintext", 1, "abc");
    store.markOutOfSync("file:///b", "lost");

    // when
    store.open("file:///b", "plaintext", 5, "new");

    // then
    assertThat(store.snapshot("file:///b").orElseThrow().content()).isEqualTo("new");
  }
}
