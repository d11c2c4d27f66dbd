package dev.codeloop.model.fim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Fill-in-the-middle prompt formats of code model families. Each renders prefix and suffix into the
 * raw prompt the family was trained on and lists the stop sequences that end the middle.
 */
public enum FimTemplate {
  /** Qwen2.5-Coder (and CodeGemma): prefix-suffix-middle with pipe tokens. */
  QWEN(
      "qwen",
      List.of("qwen", "codegemma"),
      "<|fim_prefix|>",
      "<|fim_suffix|>",
      "<|fim_middle|>",
      false,
      List.of(
          "<|endoftext|>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "<|file_sep|>")),
  /** Code Llama: {@code <PRE> prefix <SUF>suffix <MID>}. */
  CODELLAMA(
      "codellama",
      List.of("codellama", "code-llama", "code_llama"),
      "<PRE> ",
      " <SUF>",
      " <MID>",
      false,
      List.of("<EOT>", "<PRE>", "<SUF>", "<MID>")),
  /** DeepSeek-Coder: full-width bars and the lower one-eighth block in the token names. */
  DEEPSEEK(
      "deepseek",
      List.of("deepseek"),
      "<\uFF5Cfim\u2581begin\uFF5C>",
      "<\uFF5Cfim\u2581hole\uFF5C>",
      "<\uFF5Cfim\u2581end\uFF5C>",
      false,
      List.of(
          "<\uFF5Cfim\u2581begin\uFF5C>",
          "<\uFF5Cfim\u2581hole\uFF5C>",
          "<\uFF5Cfim\u2581end\uFF5C>",
          "<\uFF5Cend\u2581of\u2581sentence\uFF5C>")),
  /** StarCoder / StarCoder2 / StableCode. */
  STARCODER(
      "starcoder",
      List.of("starcoder", "stable-code", "stablecode", "santacoder"),
      "<fim_prefix>",
      "<fim_suffix>",
      "<fim_middle>",
      false,
      List.of("<|endoftext|>", "<fim_prefix>", "<fim_suffix>", "<fim_middle>", "<file_sep>")),
  /** Codestral / Mistral: suffix first ({@code [SUFFIX]suffix[PREFIX]prefix}). */
  CODESTRAL(
      "codestral",
      List.of("codestral", "mistral"),
      "[PREFIX]",
      "[SUFFIX]",
      "",
      true,
      List.of("[PREFIX]", "[SUFFIX]", "[MIDDLE]", "</s>"));

  private final String family;
  private final List<String> idMarkers;
  private final String prefixToken;
  private final String suffixToken;
  private final String middleToken;
  private final boolean suffixFirst;
  private final List<String> stops;

  FimTemplate(
      String family,
      List<String> idMarkers,
      String prefixToken,
      String suffixToken,
      String middleToken,
      boolean suffixFirst,
      List<String> stops) {
    this.family = family;
    this.idMarkers = idMarkers;
    this.prefixToken = prefixToken;
    this.suffixToken = suffixToken;
    this.middleToken = middleToken;
    this.suffixFirst = suffixFirst;
    this.stops = stops;
  }

  /** The name used in the {@code fimTemplate} setting. */
  public String family() {
    return family;
  }

  /** Stop sequences that end the generated middle. */
  public List<String> stops() {
    return stops;
  }

  /** The raw prompt for a hole between {@code prefix} and {@code suffix}. */
  public String render(String prefix, String suffix) {
    return String.join("", renderPieces(List.of(prefix), suffix));
  }

  /**
   * The raw prompt in pieces, to be written one after the other without joining them (what {@link
   * #render} joins): the prefix given as {@code prefixPieces} (e.g. the rendered snippets, then the
   * code).
   */
  public List<String> renderPieces(List<String> prefixPieces, String suffix) {
    List<String> out = new ArrayList<>(prefixPieces.size() + 4);
    if (suffixFirst) {
      out.add(suffixToken);
      out.add(suffix);
      out.add(prefixToken);
      out.addAll(prefixPieces);
    } else {
      out.add(prefixToken);
      out.addAll(prefixPieces);
      out.add(suffixToken);
      out.add(suffix);
    }
    out.add(middleToken);
    return out;
  }

  /** Removes any of this family's special tokens (and what follows a stop) from a raw answer. */
  public String clean(String answer) {
    int cut = answer.length();
    for (String stop : stops) {
      int at = answer.indexOf(stop);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    return answer.substring(0, cut);
  }

  /** The family for a {@code fimTemplate} setting value, e.g. {@code qwen}. */
  public static Optional<FimTemplate> fromFamily(String family) {
    String f = family.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(t -> t.family.equals(f)).findFirst();
  }

  /** Guesses the family from a model id such as {@code qwen2.5-coder:7b-base}. */
  public static Optional<FimTemplate> forModelId(String modelId) {
    String id = modelId.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(t -> t.idMarkers.stream().anyMatch(id::contains))
        .findFirst();
  }

  /** The accepted family names, comma separated, for error messages. */
  public static String expected() {
    return Arrays.stream(values()).map(FimTemplate::family).collect(Collectors.joining(", "));
  }
}
