package demo;

import java.util.ArrayList;
import java.util.List;

public class Greeter {
  @SuppressWarnings("rawtypes")
  List names = new ArrayList();

  @Deprecated
  void old() {}

  String greet(String name) {
    int count = missing.size();
    return "Hello " + name + count;
  }
}
