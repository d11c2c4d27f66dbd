package demo;

public class Caller {
  void call() {
    new Greeter().old();
    String s = 42;
  }
}
