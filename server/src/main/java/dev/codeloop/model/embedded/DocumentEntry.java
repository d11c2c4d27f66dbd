package dev.codeloop.model.embedded;

/**
 * The model tokens of one document.
 *
 * @param tokens encoded token ids (see {@code TokenCodec})
 * @param size file size when read from disk, or -1 for an editor buffer
 * @param lastModified file time when read from disk, or -1
 */
record DocumentEntry(int[] tokens, long size, long lastModified) {
  boolean fromEditor() {
    return size < 0;
  }

  /** Whether this entry was read from a file of this size and time (its tokens can be reused). */
  boolean isFile(long fileSize, long fileLastModified) {
    return size == fileSize && lastModified == fileLastModified;
  }
}
