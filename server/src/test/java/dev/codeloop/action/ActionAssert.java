package dev.codeloop.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.BuiltInActions;
import dev.codeloop.action.reply.ReplyParser;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.document.DocumentText;
import dev.codeloop.document.PositionEncoding;
import dev.codeloop.document.TextPosition;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.settings.CodeActionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Fluent, lemminx-style test helper for code actions, below the LSP layer. {@code |} in the text
 * marks the cursor, {@code |…|} the selection:
 *
 * <pre>{@code
 * ActionAssert.forText("int x = foo(|bar|);")
 *     .withModelReply("```java\nint x = foo(baz);\n```")
 *     .expectProposals("Refactor with AI", ...)
 *     .resolve("Refactor with AI")
 *     .expectEdits(te(0, 12, 0, 15, "baz"));
 * }</pre>
 */
public final class ActionAssert {
  private final String text;
  private final TextRange range;
  private final FakeModelGateway models = new FakeModelGateway();
  private String uri = "file:///work/project/src/main/java/demo/Demo.java";
  private String languageId = "java";
  private final List<Diagnostic> diagnostics = new ArrayList<>();
  private Supplier<CodeActionSettings> customs = () -> new CodeActionSettings(true, List.of());
  private ProjectFiles files;
  private DocumentStore store;
  private List<ActionRegistry.Proposed> proposals;
  private ActionResult result;
  private DocumentSnapshot snapshot;

  private ActionAssert(String marked) {
    int first = marked.indexOf('|');
    if (first < 0) {
      throw new IllegalArgumentException("mark the cursor with |");
    }
    int second = marked.indexOf('|', first + 1);
    String clean = marked.replace("|", "");
    DocumentText t = DocumentText.of(clean);
    TextPosition start = t.positionAt(first, PositionEncoding.UTF16);
    TextPosition end = second < 0 ? start : t.positionAt(second - 1, PositionEncoding.UTF16);
    this.text = clean;
    this.range = new TextRange(start, end);
  }

  public static ActionAssert forText(String marked) {
    return new ActionAssert(marked);
  }

  /** An edit expectation: range and new text. */
  public static TextReplacement te(int sl, int sc, int el, int ec, String newText) {
    return new TextReplacement(TextRange.of(sl, sc, el, ec), newText);
  }

  public ActionAssert inFile(String fileUri, String language) {
    this.uri = fileUri;
    this.languageId = language;
    return this;
  }

  public ActionAssert withModelReply(String... replies) {
    models.reply(replies);
    return this;
  }

  public ActionAssert withDiagnostic(Diagnostic d) {
    diagnostics.add(d);
    return this;
  }

  public ActionAssert withCustomActions(CodeActionSettings settings) {
    this.customs = () -> settings;
    return this;
  }

  public ActionAssert withFiles(ProjectFiles projectFiles) {
    this.files = projectFiles;
    return this;
  }

  public FakeModelGateway models() {
    return models;
  }

  public String prompt() {
    return models.lastPrompt();
  }

  private ActionEngine engine() {
    if (store == null) {
      store = new DocumentStore();
      snapshot = store.open(uri, languageId, 1, text);
    }
    ProjectFiles pf =
        files != null
            ? files
            : new StoreProjectFiles(store, () -> List.of(Path.of("/work/project")));
    CodeRewriter rewriter =
        new CodeRewriter(new ModelPrompter(models), new ReplyParser(new ObjectMapper()));
    ActionRegistry registry = new ActionRegistry(BuiltInActions.providers(rewriter, customs));
    return new ActionEngine(
        registry,
        store,
        pf,
        models,
        dev.codeloop.workspace.privacy.PrivacyFilter.secretFilesOnly());
  }

  public ActionAssert expectProposals(String... titles) {
    proposals =
        engine()
            .registry()
            .propose(new ActionContext(snapshotNow(), range, diagnostics, List.of()));
    assertThat(proposals).extracting(p -> p.proposal().title()).containsExactly(titles);
    return this;
  }

  public ActionAssert expectProposalsInclude(String... titles) {
    proposals =
        engine()
            .registry()
            .propose(new ActionContext(snapshotNow(), range, diagnostics, List.of()));
    assertThat(proposals).extracting(p -> p.proposal().title()).contains(titles);
    return this;
  }

  private DocumentSnapshot snapshotNow() {
    engine();
    return snapshot;
  }

  private ActionData dataFor(String title) {
    if (proposals == null) {
      expectProposalsInclude(title);
    }
    ActionRegistry.Proposed p =
        proposals.stream()
            .filter(x -> x.proposal().title().equals(title))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no proposal titled " + title));
    return new ActionData(
        ActionData.SCHEMA_VERSION,
        p.providerId(),
        p.proposal().actionId(),
        uri,
        1,
        range,
        p.proposal().args());
  }

  public ActionAssert resolve(int index) {
    if (proposals == null) {
      throw new IllegalStateException("call expectProposals first");
    }
    return resolve(proposals.get(index).proposal().title());
  }

  public ActionAssert resolve(String title) {
    ActionData data = dataFor(title);
    result = engine().resolve(data, () -> {});
    return this;
  }

  public ActionAssert resolve(String title, String instruction) {
    ActionData data = dataFor(title).withArg("instruction", instruction);
    result = engine().resolve(data, () -> {});
    return this;
  }

  public ActionAssert expectResolveError(
      String title, CodeloopException.Kind kind, String messagePart) {
    ActionData data = dataFor(title);
    ActionEngine engine = engine();
    assertThatThrownBy(() -> engine.resolve(data, () -> {}))
        .isInstanceOf(CodeloopException.class)
        .satisfies(e -> assertThat(((CodeloopException) e).kind()).isEqualTo(kind))
        .hasMessageContaining(messagePart);
    return this;
  }

  public ActionResult result() {
    return result;
  }

  /** The edits of the one changed document, in order. */
  public ActionAssert expectEdits(TextReplacement... edits) {
    assertThat(result).isInstanceOf(ActionResult.Edits.class);
    List<FileEdit> files = ((ActionResult.Edits) result).files();
    assertThat(files).hasSize(1).first().isInstanceOf(FileEdit.Change.class);
    FileEdit.Change c = (FileEdit.Change) files.get(0);
    assertThat(c.version()).isEqualTo(1);
    assertThat(c.edits()).containsExactly(edits);
    return this;
  }

  /** The text of the document once the edits are applied. */
  public ActionAssert expectText(String expected) {
    assertThat(result).isInstanceOf(ActionResult.Edits.class);
    FileEdit.Change c = (FileEdit.Change) ((ActionResult.Edits) result).files().get(0);
    assertThat(apply(text, c.edits())).isEqualTo(expected);
    return this;
  }

  public ActionAssert expectAnswerContaining(String part) {
    assertThat(result).isInstanceOf(ActionResult.Answer.class);
    assertThat(((ActionResult.Answer) result).markdown()).contains(part);
    return this;
  }

  public ActionAssert expectPromptContaining(String... parts) {
    assertThat(models.lastPrompt()).contains(parts);
    return this;
  }

  /**
   * Applies position-based replacements to a text (used by the assertions and the server tests).
   */
  public static String apply(String text, List<TextReplacement> edits) {
    DocumentText t = DocumentText.of(text);
    List<int[]> offsets = new ArrayList<>();
    for (int i = 0; i < edits.size(); i++) {
      TextReplacement e = edits.get(i);
      offsets.add(
          new int[] {
            t.offsetAt(e.range().start(), PositionEncoding.UTF16),
            t.offsetAt(e.range().end(), PositionEncoding.UTF16),
            i
          });
    }
    offsets.sort(Comparator.comparingInt((int[] o) -> o[0]).reversed());
    StringBuilder sb = new StringBuilder(text);
    for (int[] o : offsets) {
      sb.replace(o[0], o[1], edits.get(o[2]).text());
    }
    return sb.toString();
  }
}
