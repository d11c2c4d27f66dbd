package shop;

/** Fixture: an item of the stock. */
public record Item(String name, int count) {}
