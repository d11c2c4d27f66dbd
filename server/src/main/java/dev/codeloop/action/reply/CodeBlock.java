package dev.codeloop.action.reply;

/**
 * A fenced code block of a model reply.
 *
 * @param language the first word of the info string, lower-cased (empty when none)
 * @param info the rest of the info string (models often put a file path there)
 * @param code the content, without the fences and without the final line break
 */
public record CodeBlock(String language, String info, String code) {}
