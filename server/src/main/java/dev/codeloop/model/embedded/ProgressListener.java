package dev.codeloop.model.embedded;

/** Progress of the first workspace index build. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total, message) -> {};

  /** Called from the indexing thread; {@code done <= total}. */
  void progress(int done, int total, String message);
}
