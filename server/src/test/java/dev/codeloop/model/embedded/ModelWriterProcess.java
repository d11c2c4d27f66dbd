package dev.codeloop.model.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A second server process as far as the model folder is concerned: learns every {@code .py} file
 * under one directory of a project and persists the project's model folder several times. Started
 * by {@link TwoProcessModelStoreTest} in JVMs of their own, so the folder's lock is taken between
 * processes (an OS file lock), not only between threads.
 *
 * <p>Arguments: the model folder, the directory to learn, the number of persist rounds.
 */
public final class ModelWriterProcess {
  private ModelWriterProcess() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
    }
    try (EmbeddedCodeModel model =
        EmbeddedCodeModel.builder().cacheDir(folder).executor(Runnable::run).build()) {
      // signal readiness, then wait for the parent's go so both processes persist at once
      System.out.println("ready");
      System.out.flush();
      if (System.in.read() < 0) {
        return;
      }
      for (int r = 0; r < rounds; r++) {
        // learn one more file per round, so every persist has something new to merge
        for (int i = r; i < files.size(); i += rounds) {
          model.learnFileIfStable(files.get(i), Duration.ZERO, u -> false).join();
        }
        model.persist();
      }
      System.out.println("done " + model.stats().documents());
    }
  }
}
