package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.FimRequest;
import dev.codeloop.model.embedded.lex.Language;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FunctionScopeTest {

  private static WordRanking.Lexed lex(Language language, String prefix) {
    String path = language == Language.PYTHON ? "a.py" : "A.java";
    String id = language == Language.PYTHON ? "python" : "java";
    return WordRanking.lex(language, new FimRequest(path, id, prefix, "", List.of(), false));
  }

  /** The text of the scope's first token and its parameters, or null for none. */
  private static String startOf(WordRanking.Lexed lexed) {
    int start = lexed.scope().start();
    return start < 0 ? null : lexed.tokens().get(start).text();
  }

  @Test
  void should_find_the_python_function_around_the_cursor_and_its_parameters() {
    String prefix =
        """
        class Reader:
            def first(self, path):
                return path

            def read(self, name, *rest, limit=10, **options):
                if name:
                    for part in rest:
                        p""";
    WordRanking.Lexed lexed = lex(Language.PYTHON, prefix);
    assertThat(startOf(lexed)).isEqualTo("def");
    assertThat(lexed.tokens().get(lexed.scope().start() + 1).text()).isEqualTo("read");
    assertThat(lexed.scope().parameters())
        .isEqualTo(Set.of("self", "name", "rest", "limit", "options"));
  }

  @Test
  void should_know_where_no_function_around_the_cursor_binds_self() {
    String method =
        """
        class Reader:
            def read(self, name):
                def inner(part):
                    return (part,
                            s""";
    // a nested function and a continued line inside a method: bound
    assertThat(lex(Language.PYTHON, method).selfUnbound()).isFalse();
    // a method's first parameter
    assertThat(lex(Language.PYTHON, "class Reader:\n    def read(s").selfUnbound()).isFalse();
    // unbound: the module's level, a class body, a module-level function or its parameters, a
    // base class, a classmethod (cls, not self)
    for (String unbound :
        List.of(
            "import os\n\ns",
            "class Reader:\n    limit = 10\n    s",
            "def read(name):\n    if name:\n        return s",
            "def quote(s",
            "class Header(s",
            "class Reader:\n    @classmethod\n    def of(cls, text):\n        return s")) {
      assertThat(lex(Language.PYTHON, unbound).selfUnbound()).as(unbound).isTrue();
    }
    // the window does not show the module's level: not known, not unbound
    assertThat(lex(Language.PYTHON, "        x = 1\n        s").selfUnbound()).isFalse();
    // Java: never
    assertThat(lex(Language.JAVA, "class A {\n  static void f() {\n    t").selfUnbound()).isFalse();
  }

  @Test
  void should_name_the_parameter_a_constructor_assigns_next() {
    String init =
        """
        class Encoder:
            def __init__(self, *, skipkeys=False, ensure_ascii=True, sort_keys=False,
                         indent=None):
                self.skipkeys = skipkeys
                self.ensure_ascii = ensure_ascii
                self.""";
    assertThat(next(Language.PYTHON, init)).isEqualTo("sort_keys");
    assertThat(next(Language.PYTHON, init.replace("self.ensure_ascii = ensure_ascii\n", "")))
        .isEqualTo("ensure_ascii");
    String java =
        """
        class Point {
          private final int x, y;
          Point(int x, int y, String label) {
            this.x = x;
            this.""";
    // Java: two assigned in a row first
    assertThat(next(Language.JAVA, java)).isNull();
    // no parameter assigned to its attribute yet, not a statement's start, every one assigned
    assertThat(next(Language.PYTHON, "class A:\n    def __init__(self, a):\n        self."))
        .isNull();
    String assignedY = java.replace("this.x = x;", "this.x = x;\n    this.y = y;");
    assertThat(next(Language.JAVA, assignedY)).isEqualTo("label");
    assertThat(next(Language.JAVA, assignedY.replace("this.y = y;", "int z = this.y; this.")))
        .isNull();
    assertThat(next(Language.JAVA, assignedY.replace("this.x = x;", "this.x = y;"))).isNull();
    assertThat(
            next(
                Language.JAVA,
                assignedY.replace("this.y = y;", "this.y = y;\n    this.label = label;")))
        .isNull();
  }

  @Test
  void should_name_a_java_setters_parameter_at_its_first_statement() {
    String setter =
        "class Item {\n  private String name;\n\n  void setName(String name) {\n    this.";
    assertThat(next(Language.JAVA, setter)).isEqualTo("name");
    // another parameter's name, a second statement, two parameters, Python: not this rule's
    assertThat(next(Language.JAVA, setter.replace("(String name)", "(String other)"))).isNull();
    assertThat(next(Language.JAVA, setter.replace("{\n    this.", "{\n    check();\n    this.")))
        .isNull();
    assertThat(next(Language.JAVA, setter.replace("(String name)", "(String name, int at)")))
        .isNull();
    assertThat(next(Language.PYTHON, "class Item:\n    def set_name(self, name):\n        self."))
        .isNull();
  }

  private static String next(Language language, String prefix) {
    WordRanking.Lexed lexed = lex(language, prefix);
    return FunctionScope.nextAssignedParameter(language, lexed.tokens(), lexed.scope());
  }

  @Test
  void should_find_no_python_function_in_a_class_body_or_at_the_module_level() {
    String inClass =
        """
        class Reader:
            def first(self, path):
                return path

            l""";
    assertThat(lex(Language.PYTHON, inClass).scope()).isEqualTo(FunctionScope.NONE);
    String module =
        """
        def first(path):
            return path

        x""";
    assertThat(lex(Language.PYTHON, module).scope()).isEqualTo(FunctionScope.NONE);
  }

  @Test
  void should_skip_lines_continuing_a_string_and_follow_the_cursor_lines_indentation() {
    String prefix =
        """
        def outer(a):
            def inner(b):
                text = '''
        not code
        '''
                return b
            r""";
    WordRanking.Lexed lexed = lex(Language.PYTHON, prefix);
    // the cursor is in outer's body after inner ended, and the string's last line is not a line
    assertThat(lexed.tokens().get(lexed.scope().start() + 1).text()).isEqualTo("outer");
    assertThat(lexed.scope().parameters()).isEqualTo(Set.of("a"));
  }

  @Test
  void
      should_find_the_java_method_around_the_cursor_passing_blocks_lambdas_and_anonymous_classes() {
    String prefix =
        """
        class A {
          void first(int x) { x++; }
          <T> Map<String, List<T>> read(Map<String, Integer> counts, final int limit) throws IOException {
            if (limit > 0) {
              Runnable r = new Runnable() { public void run() {} };
              list.forEach(e -> {
                c""";
    WordRanking.Lexed lexed = lex(Language.JAVA, prefix);
    assertThat(startOf(lexed)).isEqualTo("read");
    assertThat(lexed.scope().parameters()).isEqualTo(Set.of("counts", "limit"));
  }

  @Test
  void should_find_the_method_of_an_anonymous_class_and_none_in_a_field_initializer() {
    String anonymous =
        """
        class A {
          void outer(int a) {
            Runnable r = new Runnable() {
              public void run(String b) {
                b""";
    WordRanking.Lexed lexed = lex(Language.JAVA, anonymous);
    assertThat(startOf(lexed)).isEqualTo("run");
    assertThat(lexed.scope().parameters()).isEqualTo(Set.of("b"));
    String field =
        """
        class A {
          void first(int x) { x++; }
          int count = c""";
    assertThat(lex(Language.JAVA, field).scope()).isEqualTo(FunctionScope.NONE);
  }

  @Test
  void should_count_the_functions_own_uses_in_the_cursors_role() {
    String prefix =
        """
        def first(self, path):
            value = path
            return value

        def second(self, name):
            self.value = name
        """
            + "    "; // the cursor at the body's indentation, nothing typed
    EmbeddedCodeModel model = EmbeddedCodeModel.builder().executor(Runnable::run).build();
    Map<String, double[]> features = new HashMap<>();
    for (WordReranker.Candidate c :
        model.wordCandidates(
            new FimRequest("a.py", "python", prefix, "", List.of(), false), () -> {})) {
      features.put(c.word(), c.features());
    }
    // `value` was used in `first`, and in `second` only after a dot (the other role)
    assertThat(features.get("value")[WordReranker.SCOPE_USES]).isZero();
    assertThat(features.get("name")[WordReranker.SCOPE_USES]).isEqualTo(Math.log1p(2));
    assertThat(features.get("self")[WordReranker.SCOPE_USES]).isEqualTo(Math.log1p(2));
    assertThat(features.get("path")[WordReranker.SCOPE_USES]).isZero();
    assertThat(features.get("name")[WordReranker.SCOPE_PARAMETER]).isEqualTo(1.0);
    assertThat(features.get("path")[WordReranker.SCOPE_PARAMETER]).isZero();
  }

  @Test
  void should_list_the_locals_the_function_declares_before_the_cursor() {
    String python =
        """
        def other():
            outside = 1

        def read(self, name):
            count = 0
            first, second = name.split()
            for part in name:
                total = part
            with open(name) as handle:
                self.field = handle
            r""";
    WordRanking.Lexed py = lex(Language.PYTHON, python);
    assertThat(FunctionScope.locals(Language.PYTHON, py.tokens(), py.scope().start()))
        .containsExactlyInAnyOrder("count", "first", "part", "total", "handle");
    assertThat(py.scope().name()).isEqualTo("read");
    String java =
        """
        class A {
          void read(String name) {
            int count = 0;
            List<String> parts = split(name);
            for (String part : parts) {
              switch (part) {
                case FIRST:
                  return part;
              }
            }
            String[] words;
            count = 1;
            r""";
    WordRanking.Lexed j = lex(Language.JAVA, java);
    assertThat(FunctionScope.locals(Language.JAVA, j.tokens(), j.scope().start()))
        .containsExactlyInAnyOrder("count", "parts", "part", "words");
    assertThat(FunctionScope.locals(Language.JAVA, j.tokens(), -1)).isEmpty();
  }

  @Test
  void should_give_the_function_name_words_and_constants_their_features() {
    String prefix =
        """
        MAX_SIZE = 10

        def read_header_line(self, limit):
            h""";
    EmbeddedCodeModel model = EmbeddedCodeModel.builder().executor(Runnable::run).build();
    model.updateDocument(
        "file:///w/b.py", "python", "header = 1\nhello = 2\nHEADER_SIZE = 3\nhandle = 4\n");
    Map<String, double[]> features = new HashMap<>();
    for (WordReranker.Candidate c :
        model.wordCandidates(
            new FimRequest("a.py", "python", prefix, "", List.of(), false), () -> {})) {
      features.put(c.word(), c.features());
    }
    assertThat(features.get("header")[WordReranker.SCOPE_NAME_SUBWORDS]).isEqualTo(1.0);
    assertThat(features.get("hello")[WordReranker.SCOPE_NAME_SUBWORDS]).isZero();
    assertThat(features.get("HEADER_SIZE")[WordReranker.SCOPE_NAME_SUBWORDS]).isEqualTo(0.5);
    assertThat(features.get("HEADER_SIZE")[WordReranker.ALL_CAPS]).isEqualTo(1.0);
    assertThat(features.get("header")[WordReranker.ALL_CAPS]).isZero();
    assertThat(WordRanking.allCaps("A")).isFalse();
    assertThat(WordRanking.allCaps("IO_2")).isTrue();
  }
}
