package dev.codeloop.action.reply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codeloop.errors.CodeloopException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads model replies robustly: Markdown code fences (backticks or tildes, any length, with an info
 * string), the fence in the wanted language or else the largest, and structured JSON where we asked
 * for it. A reply that cannot be used raises RequestFailed with a sentence saying why; callers then
 * apply nothing.
 */
public final class ReplyParser {
  private final ObjectMapper mapper;

  public ReplyParser(ObjectMapper mapper) {
    this.mapper = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /** All fenced blocks, in order. An unclosed fence (a cut-off reply) is an error. */
  public List<CodeBlock> blocks(String reply) {
    List<CodeBlock> out = new ArrayList<>();
    String[] lines = reply.split("\r?\n", -1);
    int i = 0;
    while (i < lines.length) {
      String fence = openingFence(lines[i]);
      if (fence == null) {
        i++;
        continue;
      }
      String info = lines[i].strip().substring(fence.length()).strip();
      String indent = lines[i].substring(0, lines[i].indexOf(fence.charAt(0)));
      StringBuilder code = new StringBuilder();
      int j = i + 1;
      boolean closed = false;
      for (; j < lines.length; j++) {
        String t = lines[j].strip();
        if (t.startsWith(fence) && t.chars().allMatch(c -> c == fence.charAt(0))) {
          closed = true;
          break;
        }
        String line = lines[j].startsWith(indent) ? lines[j].substring(indent.length()) : lines[j];
        if (j > i + 1) {
          code.append('\n');
        }
        code.append(line);
      }
      if (!closed) {
        throw CodeloopException.requestFailed(
            "The model's reply was cut off inside a code block; nothing was changed");
      }
      int space = info.indexOf(' ');
      String lang = (space < 0 ? info : info.substring(0, space)).toLowerCase(Locale.ROOT);
      String rest = space < 0 ? "" : info.substring(space + 1).strip();
      out.add(new CodeBlock(lang, rest, code.toString()));
      i = j + 1;
    }
    return out;
  }

  private static String openingFence(String line) {
    String t = line.strip();
    for (char c : new char[] {'`', '~'}) {
      int n = 0;
      while (n < t.length() && t.charAt(n) == c) {
        n++;
      }
      if (n >= 3 && (c == '~' || t.indexOf('`', n) < 0)) {
        return t.substring(0, n);
      }
    }
    return null;
  }

  /**
   * The code of the reply for a document of {@code languageId}: the largest fence in that language,
   * else the largest fence without a language or in any language.
   */
  public CodeBlock code(String reply, String languageId) {
    List<CodeBlock> all = blocks(reply);
    if (all.isEmpty()) {
      throw CodeloopException.requestFailed(
          "The model's reply contained no code block; nothing was changed");
    }
    Set<String> names = Languages.fenceNames(languageId);
    Comparator<CodeBlock> bySize = Comparator.comparingInt(b -> b.code().length());
    return all.stream()
        .filter(b -> names.contains(b.language()))
        .max(bySize)
        .orElseGet(() -> all.stream().max(bySize).orElseThrow());
  }

  /** Parses JSON we asked for, tolerating a surrounding {@code json} fence or prose. */
  public <T> T json(String reply, Class<T> type) {
    String text = reply.strip();
    try {
      for (CodeBlock b : blocks(reply)) {
        if (b.language().equals("json") || b.code().strip().startsWith("{")) {
          text = b.code();
          break;
        }
      }
    } catch (CodeloopException e) {
      // an unclosed fence: fall back to the braces below
    }
    int open = text.indexOf('{');
    int close = text.lastIndexOf('}');
    if (open < 0 || close < open) {
      throw CodeloopException.requestFailed(
          "The model's reply was not the JSON object that was asked for; nothing was changed");
    }
    try {
      T value = mapper.readValue(text.substring(open, close + 1), type);
      if (value == null) {
        throw CodeloopException.requestFailed("The model's reply was empty JSON");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw CodeloopException.requestFailed(
          "The model's reply was malformed JSON ("
              + e.getOriginalMessage()
              + "); nothing was changed");
    }
  }
}
