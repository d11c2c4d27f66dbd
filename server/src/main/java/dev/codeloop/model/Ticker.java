package dev.codeloop.model;

/** A monotonic nanosecond source (System::nanoTime in production), injectable for tests. */
@FunctionalInterface
public interface Ticker {
  long nanos();

  Ticker SYSTEM = System::nanoTime;
}
