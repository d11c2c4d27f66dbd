package dev.codeloop.chat;

/**
 * Where the answer of a chat goes, chunk by chunk, in order. Implemented by the LSP layer (which
 * appends to the chat file with {@code workspace/applyEdit}); the chat package never talks to the
 * client.
 */
public interface ChatSink {
  void append(String text);
}
