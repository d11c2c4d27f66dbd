/** A small file to try completion on: `java -jar server/target/codeloop.jar complete examples/shop/Report.java:23:5`. */
public class Report {
  String render() {
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
    
    builder.append("end");
    return builder.toString();
  }

  public static void main(String[] args) {
    System.out.println(new Report().render());
  }
}
