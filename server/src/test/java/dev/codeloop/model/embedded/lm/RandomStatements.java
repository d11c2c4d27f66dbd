package dev.codeloop.model.embedded.lm;

import java.util.Random;

/** Java-like source of random statements over a few names, for the language model's tests. */
final class RandomStatements {
  private RandomStatements() {}

  /** At least {@code chars} characters of statements, the same for the same {@code seed}. */
  static String of(long seed, int chars) {
    Random random = new Random(seed);
    StringBuilder src = new StringBuilder();
    String[] names = {"a", "b", "items", "count", "builder", "map", "key", "value", "x", "y"};
    String[] calls = {"append", "put", "get", "add", "size", "remove"};
    while (src.length() < chars) {
      String n1 = names[random.nextInt(names.length)];
      String n2 = names[random.nextInt(names.length)];
      String call = calls[random.nextInt(calls.length)];
      src.append(
          switch (random.nextInt(3)) {
            case 0 -> n1 + "." + call + "(" + n2 + ");\n";
            case 1 -> "int " + n1 + " = " + n2 + " + " + random.nextInt(5) + ";\n";
            default -> "if (" + n1 + " > " + n2 + ") { return " + n1 + "; }\n";
          });
    }
    return src.toString();
  }
}
