package dev.codeloop.completion.list;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentText;
import dev.codeloop.document.PositionEncoding;
import dev.codeloop.model.FimRequest;
import dev.codeloop.model.WordRanker;
import dev.codeloop.model.WordRanker.RankedWord;
import dev.codeloop.settings.ServerSettings.PrivacySettings;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompletionMenuTest {
  private static final Path ROOT = Path.of("/ws");
  // split so that no scanner takes this test for a leaked key
  private static final String AWS_ID = "AKIA" + "Q3EGRWLNZ7YXJ4TB";

  @Test
  void should_mask_secrets_in_the_text_the_embedded_model_ranks_words_with() {
    // given: a document holding a key before and after the cursor, and a ranker that keeps what
    // it was asked
    List<FimRequest> asked = new ArrayList<>();
    WordRanker ranker =
        (fim, limit, cancel) -> {
          asked.add(fim);
          return List.of(new RankedWord("client", 0.5, WordRanker.Origin.MODEL));
        };
    CompletionMenu menu =
        new CompletionMenu(
            Optional.of(ranker),
            new PrivacyFilter(() -> List.of(ROOT), () -> new PrivacySettings(List.of(), true)),
            () -> true);
    String before = "aws_key = " + AWS_ID + "\nvar c = cl";
    String after = "\nother_key = " + AWS_ID + "\n";
    DocumentSnapshot doc =
        new DocumentSnapshot(
            ROOT.resolve("A.java").toUri().toString(),
            "java",
            1,
            DocumentText.of(before + after),
            PositionEncoding.UTF16);

    // when
    var words = menu.words(doc, before.length(), false, () -> {});

    // then: the model ranked, and never saw the key
    assertThat(words).extracting(RankedWord::word).containsExactly("client");
    assertThat(asked).singleElement();
    assertThat(asked.get(0).prefix()).doesNotContain(AWS_ID).endsWith("var c = cl");
    assertThat(asked.get(0).suffix()).doesNotContain(AWS_ID).startsWith("\nother_key = ");
  }
}
