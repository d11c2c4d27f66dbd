package dev.codeloop.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeloop.action.FakeModelGateway;
import dev.codeloop.action.StoreProjectFiles;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatServiceTest {
  @TempDir Path root;
  private final FakeModelGateway models = new FakeModelGateway();
  private final ChatService chat =
      new ChatService(models, dev.codeloop.workspace.privacy.PrivacyFilter.secretFilesOnly());

  @Test
  void should_send_the_conversation_with_referenced_files_to_the_chat_route() throws Exception {
    // given
    Files.writeString(root.resolve("A.java"), "class A {}");
    DocumentStore store = new DocumentStore();
    var snapshot =
        store.open(
            root.resolve("talk.codeloop.md").toUri().toString(),
            "markdown",
            1,
            "## You\n\nExplain @A.java\n\n## Codeloop\n\nSure.\n\n## You\n\nMore\n");

    // when
    ModelRequest request =
        chat.request(
            snapshot, Optional.of("selected"), new StoreProjectFiles(store, () -> List.of(root)));

    // then
    assertThat(request.task()).isEqualTo(Task.CHAT);
    assertThat(request.messages())
        .extracting(ChatTurn::role)
        .containsExactly(
            ChatTurn.Role.SYSTEM, ChatTurn.Role.USER, ChatTurn.Role.ASSISTANT, ChatTurn.Role.USER);
    assertThat(request.messages().get(0).text()).contains("@A.java:", "class A {}", "selected");
  }

  @Test
  void should_not_send_referenced_files_excluded_by_privacy_settings() throws Exception {
    // given
    Files.writeString(root.resolve(".env"), "API_KEY=secret");
    DocumentStore store = new DocumentStore();
    var snapshot =
        store.open(
            root.resolve("c.codeloop.md").toUri().toString(),
            "markdown",
            1,
            "## You\n\nsee @.env\n");

    // when
    ModelRequest request =
        chat.request(snapshot, Optional.empty(), new StoreProjectFiles(store, () -> List.of(root)));

    // then
    assertThat(request.messages().get(0).text()).doesNotContain("secret").contains("not shared");
    assertThat(request.audit().files()).containsExactly(snapshot.uri());
  }

  @Test
  void should_name_the_chat_file_and_each_shared_reference_for_the_egress_audit() throws Exception {
    // given
    Files.writeString(root.resolve("A.java"), "class A {}");
    DocumentStore store = new DocumentStore();
    var snapshot =
        store.open(
            root.resolve("c.codeloop.md").toUri().toString(),
            "markdown",
            1,
            "## You\n\nsee @A.java\n");

    // when
    ModelRequest request =
        chat.request(snapshot, Optional.empty(), new StoreProjectFiles(store, () -> List.of(root)));

    // then
    assertThat(request.audit().files())
        .containsExactly(snapshot.uri(), root.resolve("A.java").toUri().toString());
  }

  @Test
  void should_refuse_when_there_is_nothing_to_answer() {
    var snapshot = new DocumentStore().open("file:///c.codeloop.md", "markdown", 1, "## You\n\n");
    assertThatThrownBy(
            () ->
                chat.request(
                    snapshot,
                    Optional.empty(),
                    new StoreProjectFiles(new DocumentStore(), List::of)))
        .isInstanceOf(CodeloopException.class)
        .hasMessageContaining("Nothing to send");
  }

  @Test
  void should_frame_the_streamed_answer_with_headings() {
    // given
    models.reply("Hello world").chunkSize(3);
    List<String> chunks = new ArrayList<>();
    var request = ModelRequest.chat(Task.CHAT, List.of(ChatTurn.user("hi")));

    // when
    dev.codeloop.concurrent.Futures.join(
        chat.answerAsync(request, "## You\n\nhi", () -> {}, chunks::add));

    // then
    assertThat(String.join("", chunks)).isEqualTo("\n\n## Codeloop\n\nHello world\n\n## You\n\n");
    assertThat(chunks).hasSizeGreaterThan(4);
  }
}
