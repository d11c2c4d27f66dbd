package shop;

import java.util.ArrayList;
import java.util.List;

/** Fixture: a repetitive pattern the embedded model learns from the workspace. */
public class Stock {
  private final List<Item> inventory = new ArrayList<>();

  void fill() {
    inventory.add(new Item("apple", 1));
    inventory.add(new Item("pear", 2));
    inventory.add(new Item("plum", 3));
    inventory.add(new Item("cherry", 4));
    inventory.add(new Item("melon", 5));
    inventory.add(new Item("lemon", 6));
    inventory.add(new Item("lime", 7));
    inventory.add(new Item("mango", 8));
    inventory.add(new Item("peach", 9));
    inventory.add(new Item("grape", 10));
    inventory.add(new Item("kiwi", 11));
    inventory.add(new Item("fig", 12));
    inventory.add(new Item("date", 13));
    inventory.add(new Item("berry", 14));
    inventory.add(new Item("olive", 15));
    inventory.add(new Item("quince", 16));
  }

  void refill() {
    inventory.add(new Item("apple", 2));
    inventory.add(new Item("pear", 4));
    inventory.add(new Item("plum", 6));
    inventory.add(new Item("cherry", 8));
    inventory.add(new Item("melon", 10));
    inventory.add(new Item("lemon", 12));
    inventory.add(new Item("lime", 14));
    inventory.add(new Item("mango", 16));
    inventory.add(new Item("peach", 18));
    inventory.add(new Item("grape", 20));
    inventory.add(new Item("kiwi", 22));
    inventory.add(new Item("fig", 24));
    inventory.add(new Item("date", 26));
    inventory.add(new Item("berry", 28));
    inventory.add(new Item("olive", 30));
    inventory.add(new Item("quince", 32));
  }
}
