package dev.codeloop.model.config;

/**
 * What a configured model can do.
 *
 * @param chat answers chat requests (and FIM requests through an instruction prompt)
 * @param fim has a raw fill-in-the-middle endpoint ({@code /completions}, {@code /api/generate}, or
 *     the embedded model)
 * @param streaming streams chat answers
 */
public record Capabilities(boolean chat, boolean fim, boolean streaming) {
  public static final Capabilities FIM_ONLY = new Capabilities(false, true, false);
}
