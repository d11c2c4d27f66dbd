package shop;

/** Fixture: a report built with many append calls. */
public class Report {
  String render(Stock stock) {
    StringBuilder builder = new StringBuilder();
    builder.append("apple");
    builder.append(", ");
    builder.append("pear");
    builder.append(", ");
    builder.append("plum");
    builder.append(", ");
    builder.append("cherry");
    builder.append(", ");
    builder.append("melon");
    builder.append(", ");
    builder.append("lemon");
    builder.append(", ");
    builder.append("lime");
    builder.append(", ");
    builder.append("mango");
    builder.append(", ");
    builder.append("peach");
    builder.append(", ");
    builder.append("grape");
    builder.append(", ");
    builder.append("kiwi");
    builder.append(", ");
    builder.append("fig");
    builder.append(", ");
    builder.append("date");
    builder.append(", ");
    builder.append("berry");
    builder.append(", ");
    builder.append("olive");
    builder.append(", ");
    builder.append("quince");
    builder.append(", ");
    builder.append("end");
    return builder.toString();
  }
}
