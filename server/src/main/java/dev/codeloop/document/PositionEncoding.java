package dev.codeloop.document;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the {@code character} of an LSP position counts: negotiated at initialize, UTF-16 by default.
 */
public enum PositionEncoding {
  UTF16("utf-16"),
  UTF8("utf-8"),
  UTF32("utf-32");

  private final String lspName;

  PositionEncoding(String lspName) {
    this.lspName = lspName;
  }

  /** The name used in {@code general.positionEncodings} / {@code capabilities.positionEncoding}. */
  public String lspName() {
    return lspName;
  }

  public static Optional<PositionEncoding> fromLspName(String name) {
    return Arrays.stream(values()).filter(e -> e.lspName.equalsIgnoreCase(name)).findFirst();
  }
}
