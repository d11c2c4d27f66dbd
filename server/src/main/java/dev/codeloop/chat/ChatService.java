package dev.codeloop.chat;

import dev.codeloop.action.ProjectFiles;
import dev.codeloop.action.prompt.Prompts;
import dev.codeloop.concurrent.Futures;
import dev.codeloop.document.DocumentSnapshot;
import dev.codeloop.document.DocumentStore;
import dev.codeloop.errors.CodeloopException;
import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.ModelGateway;
import dev.codeloop.model.ModelReply;
import dev.codeloop.model.ModelRequest;
import dev.codeloop.model.Task;
import dev.codeloop.workspace.privacy.PrivacyFilter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.jsonrpc.CancelChecker;

/**
 * The LSP-native chat: turns a chat file (plus the files it references with {@code @path} and an
 * optional selection) into a conversation for the {@code chat} route, and streams the answer to a
 * {@link ChatSink} framed by a {@code ## Codeloop} heading and a fresh {@code ## You} heading.
 */
public final class ChatService {
  /** At most this many referenced files, each cut at {@link #MAX_REFERENCE_CHARS}. */
  static final int MAX_REFERENCES = 8;

  static final int MAX_REFERENCE_CHARS = 48_000;

  private static final Pattern REFERENCE = Pattern.compile("(?<![\\w@/])@([\\w.\\-/]+)");
  private static final String SYSTEM =
      "You are Codeloop, a coding assistant answering in a Markdown chat file inside the user's"
          + " editor. Answer in Markdown; put code in fenced blocks with a language. Never write a"
          + " line that starts with '## You' or '## Codeloop'.";

  private final ModelGateway models;
  private final PrivacyFilter privacy;

  /**
   * @param privacy the session's privacy filter: referenced files it excludes (ignored,
   *     secret-looking, {@code privacy.excludeGlobs}) are never sent to the model
   */
  public ChatService(ModelGateway models, PrivacyFilter privacy) {
    this.models = models;
    this.privacy = privacy;
  }

  /** Builds the request for the chat file, or InvalidParams when there is nothing to answer. */
  public ModelRequest request(
      DocumentSnapshot chat, Optional<String> selection, ProjectFiles files) {
    ChatTranscript transcript = ChatTranscript.parse(chat.content());
    if (!transcript.awaitsAnswer()) {
      throw CodeloopException.invalidParams(
          "Nothing to send: write your message under a '"
              + ChatTranscript.USER_HEADING
              + "' heading at the end of the chat");
    }
    List<ChatTurn> turns = new ArrayList<>();
    StringBuilder system = new StringBuilder(SYSTEM);
    if (!transcript.preamble().isBlank()) {
      system.append("\n\nStanding instructions from the user:\n").append(transcript.preamble());
    }
    List<String> included = new ArrayList<>();
    included.add(chat.uri());
    String references = references(chat, transcript, files, included);
    if (!references.isEmpty()) {
      system.append("\n\nFiles the user referenced:\n\n").append(references);
    }
    selection
        .filter(s -> !s.isBlank())
        .ifPresent(
            s ->
                system
                    .append("\n\nThe user's current selection:\n\n")
                    .append(Prompts.fence("", s)));
    turns.add(ChatTurn.system(system.toString()));
    for (ChatMessage m : transcript.messages()) {
      if (m.text().isBlank()) {
        continue;
      }
      turns.add(
          m.author() == ChatMessage.Author.USER
              ? ChatTurn.user(m.text())
              : ChatTurn.assistant(m.text()));
    }
    return ModelRequest.chat(Task.CHAT, turns).withFiles(included);
  }

  /**
   * Streams the answer into the sink: the {@code ## Codeloop} heading (separated from what precedes
   * by a blank line), the chunks, then a new {@code ## You} heading for the next message.
   *
   * @param currentText the chat file's text, to choose the separator before the heading
   */
  public CompletableFuture<ModelReply> answerAsync(
      ModelRequest request, String currentText, CancelChecker cancel, ChatSink sink) {
    sink.append(separator(currentText) + ChatTranscript.CODELOOP_HEADING + "\n\n");
    CompletableFuture<ModelReply> reply =
        Futures.now(
            () ->
                models.streamAsync(
                    request,
                    cancel,
                    chunk -> {
                      if (ModelGateway.RESTART.equals(chunk)) {
                        sink.append("\n\n*(the first model failed; another model answers)*\n\n");
                      } else if (!chunk.isEmpty()) {
                        sink.append(chunk);
                      }
                    }));
    return Futures.cancelling(
        reply.handle(
            (r, failure) -> {
              if (failure == null) {
                sink.append("\n\n" + ChatTranscript.USER_HEADING + "\n\n");
                return r;
              }
              Throwable e = Futures.unwrap(failure);
              if (e instanceof CancellationException c) {
                sink.append("\n\n*(cancelled)*\n\n" + ChatTranscript.USER_HEADING + "\n\n");
                throw c;
              }
              // Close the section so that the file stays a valid conversation; the error goes to
              // the caller.
              sink.append(
                  "\n\n*(no answer: "
                      + String.valueOf(e.getMessage()).replace('\n', ' ')
                      + ")*\n\n"
                      + ChatTranscript.USER_HEADING
                      + "\n\n");
              if (e instanceof RuntimeException re) {
                throw re;
              }
              throw new IllegalStateException(e);
            }),
        reply);
  }

  static String separator(String text) {
    if (text.isEmpty() || text.endsWith("\n\n")) {
      return "";
    }
    return text.endsWith("\n") ? "\n" : "\n\n";
  }

  /**
   * The referenced files as prompt text; the URI of each file whose content is included is added to
   * {@code included} (for the egress audit).
   */
  private String references(
      DocumentSnapshot chat, ChatTranscript transcript, ProjectFiles files, List<String> included) {
    Set<String> names = new LinkedHashSet<>();
    for (ChatMessage m : transcript.messages()) {
      if (m.author() == ChatMessage.Author.USER) {
        Matcher matcher = REFERENCE.matcher(m.text());
        while (matcher.find() && names.size() < MAX_REFERENCES) {
          String name = matcher.group(1).replaceAll("[.]+$", "");
          if (name.contains(".") || name.contains("/")) {
            names.add(name);
          }
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String name : names) {
      resolve(chat.uri(), name, files, included)
          .ifPresent(
              text -> {
                String body =
                    text.length() > MAX_REFERENCE_CHARS
                        ? text.substring(0, MAX_REFERENCE_CHARS) + "\n…(cut)"
                        : text;
                sb.append("@")
                    .append(name)
                    .append(":\n")
                    .append(Prompts.fence(DocumentStore.languageIdOf(name), body))
                    .append("\n\n");
              });
    }
    return sb.toString().strip();
  }

  private Optional<String> resolve(
      String chatUri, String name, ProjectFiles files, List<String> included) {
    List<Path> bases = new ArrayList<>();
    try {
      Path chatPath = Path.of(URI.create(chatUri));
      if (chatPath.getParent() != null) {
        bases.add(chatPath.getParent());
      }
    } catch (RuntimeException e) {
      // not a file URI: only the workspace roots
    }
    bases.addAll(files.roots());
    for (Path base : bases) {
      Path p = base.resolve(name).normalize();
      if (!files.contains(p.toUri().toString())) {
        return Optional.of("(not shared: outside the workspace folders)");
      }
      if (privacy.excluded(p)) {
        return Optional.of("(not shared: excluded by the privacy rules)");
      }
      Optional<String> text = files.document(p.toUri().toString()).map(DocumentSnapshot::content);
      if (text.isPresent()) {
        included.add(p.toUri().toString());
        return text;
      }
    }
    return Optional.empty();
  }
}
