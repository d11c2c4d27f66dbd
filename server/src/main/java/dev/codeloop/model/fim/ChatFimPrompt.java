package dev.codeloop.model.fim;

import dev.codeloop.model.ChatTurn;
import dev.codeloop.model.FimRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a FIM request into an instruction prompt for a chat model (the hole is marked {@value
 * #HOLE}) and extracts the code to insert from the reply.
 */
public final class ChatFimPrompt {
  public static final String HOLE = "<CURSOR>";
  private static final Pattern FENCE =
      Pattern.compile("```[\\w+#.-]*[ \\t]*\\n(.*?)(?:\\n?```|$)", Pattern.DOTALL);

  private ChatFimPrompt() {}

  public static List<ChatTurn> messages(FimRequest fim) {
    String system =
        "You are a code completion engine. The user shows a file with the marker "
            + HOLE
            + " at the cursor. Reply with only the code that replaces "
            + HOLE
            + ", in one fenced code block, without repeating the code around it and without"
            + " explanations.";
    StringBuilder user = new StringBuilder();
    String context = SnippetRenderer.render(fim.language(), fim.snippets());
    if (!context.isEmpty()) {
      user.append("Related code from the workspace:\n```\n").append(context).append("```\n\n");
    }
    user.append("File ").append(fim.path()).append(" (").append(fim.language()).append("):\n");
    user.append("```").append(fim.language()).append('\n');
    user.append(fim.prefix()).append(HOLE).append(fim.suffix()).append("\n```\n");
    user.append(
        fim.multiline()
            ? "Complete the code at " + HOLE + "; a whole block is fine."
            : "Complete the rest of the current line at " + HOLE + " only.");
    return List.of(ChatTurn.system(system), ChatTurn.user(user.toString()));
  }

  /** The code to insert, from a chat model's reply to {@link #messages}. */
  public static String extract(FimRequest fim, String reply) {
    String code = reply;
    Matcher m = FENCE.matcher(reply);
    if (m.find()) {
      code = m.group(1);
    }
    int hole = code.indexOf(HOLE);
    if (hole >= 0) {
      // the model echoed the file: keep what stands where the marker was, nothing else
      code = code.substring(0, hole) + code.substring(hole + HOLE.length());
    }
    code = stripEchoedPrefix(fim.prefix(), code);
    code = stripEchoedSuffix(fim.suffix(), code);
    if (!fim.multiline()) {
      int nl = code.indexOf('\n');
      if (nl >= 0) {
        code = code.substring(0, nl);
      }
    }
    return code;
  }

  static String stripEchoedPrefix(String prefix, String code) {
    String line = prefix.substring(prefix.lastIndexOf('\n') + 1);
    int max = Math.min(prefix.length(), code.length());
    for (int k = max; k > 0; k--) {
      if (prefix.regionMatches(prefix.length() - k, code, 0, k)) {
        String overlap = code.substring(0, k);
        boolean coversLine = k >= line.length() && !line.isBlank();
        boolean spansLines = overlap.contains("\n");
        if (!overlap.isBlank() && (coversLine || spansLines)) {
          return code.substring(k);
        }
        break;
      }
    }
    String stripped = line.strip();
    if (!stripped.isEmpty() && code.stripLeading().startsWith(stripped)) {
      String rest = code.stripLeading().substring(stripped.length());
      boolean prefixEndsInSpace =
          !line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1));
      return prefixEndsInSpace ? rest.replaceFirst("^[ \\t]+", "") : rest;
    }
    return code;
  }

  static String stripEchoedSuffix(String suffix, String code) {
    int nl = suffix.indexOf('\n');
    String line = nl < 0 ? suffix : suffix.substring(0, nl);
    int max = Math.min(suffix.length(), code.length());
    for (int k = max; k > 0; k--) {
      if (code.regionMatches(code.length() - k, suffix, 0, k)) {
        String overlap = suffix.substring(0, k);
        boolean coversLine = k >= line.length() && !line.isBlank();
        boolean spansLines = overlap.contains("\n");
        if (!overlap.isBlank() && (coversLine || spansLines)) {
          return code.substring(0, code.length() - k);
        }
        break;
      }
    }
    return code;
  }
}
