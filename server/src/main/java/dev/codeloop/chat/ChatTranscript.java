package dev.codeloop.chat;

import dev.codeloop.action.ActionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Markdown chat file ({@code *.codeloop.md}) read as a conversation: {@code ## You} and {@code ##
 * Codeloop} headings start the messages (headings inside code fences do not count); text before the
 * first heading is a preamble the user may use for standing instructions.
 */
public record ChatTranscript(String preamble, List<ChatMessage> messages) {
  public static final String FILE_SUFFIX = ActionContext.CHAT_FILE_SUFFIX;
  public static final String USER_HEADING = "## You";
  public static final String CODELOOP_HEADING = "## Codeloop";

  private static final Pattern USER = Pattern.compile("^##\\s+You\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern CODELOOP =
      Pattern.compile("^##\\s+Codeloop\\s*$", Pattern.CASE_INSENSITIVE);

  public ChatTranscript {
    messages = List.copyOf(messages);
  }

  public static boolean isChatFile(String uri) {
    return uri.endsWith(FILE_SUFFIX);
  }

  public static ChatTranscript parse(String text) {
    List<ChatMessage> messages = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    ChatMessage.Author author = null;
    String preamble = "";
    String fence = null;
    for (String line : text.split("\r?\n", -1)) {
      String t = line.strip();
      if (fence == null && (t.startsWith("```") || t.startsWith("~~~"))) {
        fence = t.substring(0, 3);
      } else if (fence != null && t.startsWith(fence)) {
        fence = null;
      }
      ChatMessage.Author next = null;
      if (fence == null) {
        if (USER.matcher(t).matches()) {
          next = ChatMessage.Author.USER;
        } else if (CODELOOP.matcher(t).matches()) {
          next = ChatMessage.Author.CODELOOP;
        }
      }
      if (next == null) {
        current.append(line).append('\n');
        continue;
      }
      if (author == null) {
        preamble = current.toString().strip();
      } else {
        messages.add(new ChatMessage(author, current.toString().strip()));
      }
      author = next;
      current.setLength(0);
    }
    if (author == null) {
      // No headings at all: the whole file is the user's first message.
      String all = current.toString().strip();
      return new ChatTranscript(
          "", all.isEmpty() ? List.of() : List.of(new ChatMessage(ChatMessage.Author.USER, all)));
    }
    messages.add(new ChatMessage(author, current.toString().strip()));
    return new ChatTranscript(preamble, messages);
  }

  /** The last message, when it is the user's and not empty: what is to be answered. */
  public boolean awaitsAnswer() {
    if (messages.isEmpty()) {
      return false;
    }
    ChatMessage last = messages.get(messages.size() - 1);
    return last.author() == ChatMessage.Author.USER && !last.text().isBlank();
  }
}
