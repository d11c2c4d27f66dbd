package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {
  private static Parameters learn(Language language, String... files) {
    CodeLexer lexer = new CodeLexer(language);
    Vocabulary vocab = new Vocabulary();
    TokenEncoder encoder = new TokenEncoder(vocab);
    List<int[]> docs =
        Arrays.stream(files).map(f -> encoder.encode(lexer.significantTokens(f), true)).toList();
    return Parameters.learn(language, vocab, docs);
  }

  private static List<String> declared(Language language, String code) {
    List<Token> tokens = new CodeLexer(language).significantTokens(code);
    List<String> found = new ArrayList<>();
    Parameters.scan(
        language,
        tokens.size(),
        i -> tokens.get(i).text(),
        (f, k, name) -> found.add(f + "/" + k + "=" + name));
    return found;
  }

  private static Parameters.Argument argument(Language language, String before) {
    return Parameters.argument(language, new CodeLexer(language).significantTokens(before));
  }

  @Test
  void should_read_python_parameters_without_self_and_give_a_class_its_constructors() {
    assertThat(
            declared(
                Language.PYTHON,
                """
                class Handler(Base):
                    def __init__(self, realm, *args, timeout=3, **kw):
                        pass
                    def find(self, realm: str, uri=None):
                        return helper(realm, uri)
                def helper(a, b, /, *, c):
                    pass
                """))
        .containsExactly(
            "__init__/0=realm",
            "Handler/0=realm",
            "__init__/1=args",
            "Handler/1=args",
            "__init__/2=timeout",
            "Handler/2=timeout",
            "__init__/3=kw",
            "Handler/3=kw",
            "find/0=realm",
            "find/1=uri",
            "helper/0=a",
            "helper/1=b",
            "helper/2=c");
  }

  @Test
  void should_read_java_declarations_and_not_calls() {
    assertThat(
            declared(
                Language.JAVA,
                """
                record Point(int x, int y) {}
                class Cache<K, V> {
                  public Cache(Map<K, List<V>> entries, final int... sizes) { put(entries, 1); }
                  static <T> List<T> copy(@Nullable T[] items, Function<? super T, T> f) {
                    return copy(items, f);
                  }
                  void run() { if (a > b) call(x, y); }
                }
                """))
        .containsExactly(
            "Point/0=x",
            "Point/1=y",
            "Cache/0=entries",
            "Cache/1=sizes",
            "copy/0=items",
            "copy/1=f");
  }

  @Test
  void should_learn_the_name_most_declarations_give_a_position() {
    // when
    Parameters p =
        learn(
            Language.PYTHON,
            "def get(self, key, default=None):\n    pass\n",
            "def get(self, key):\n    pass\n",
            "def get(self, name):\n    pass\n");

    // then
    assertThat(p.parameter("get", 0)).isEqualTo("key");
    assertThat(p.parameter("get", 1)).isEqualTo("default");
    assertThat(p.parameter("get", 2)).isNull();
    assertThat(p.parameter("put", 0)).isNull();
    assertThat(learn(Language.JAVA, "class A { void f(int n) {} }").parameter("f", 0))
        .isEqualTo("n");
  }

  @Test
  void should_find_the_call_and_position_where_an_argument_begins() {
    assertThat(argument(Language.PYTHON, "user, pw = self.passwd.find_user_password("))
        .isEqualTo(new Parameters.Argument("find_user_password", 0, null));
    assertThat(argument(Language.PYTHON, "x = f(g(a, b), [1, 2], "))
        .isEqualTo(new Parameters.Argument("f", 2, null));
    assertThat(argument(Language.PYTHON, "f(a,\n  policy="))
        .isEqualTo(new Parameters.Argument("f", 1, "policy"));
    assertThat(argument(Language.PYTHON, "f(a, self."))
        .isEqualTo(new Parameters.Argument("f", 1, null));
    assertThat(argument(Language.JAVA, "return new Point(x, "))
        .isEqualTo(new Parameters.Argument("Point", 1, null));
    assertThat(argument(Language.JAVA, "map.put(this."))
        .isEqualTo(new Parameters.Argument("put", 0, null));
  }

  @Test
  void should_find_no_argument_elsewhere() {
    assertThat(argument(Language.PYTHON, "def f(self, ")).isNull(); // declaring
    assertThat(argument(Language.PYTHON, "class A(Base, ")).isNull(); // bases
    assertThat(argument(Language.PYTHON, "f(a + ")).isNull(); // inside an argument
    assertThat(argument(Language.PYTHON, "x = [f(a), ")).isNull(); // a list
    assertThat(argument(Language.PYTHON, "x = (a, ")).isNull(); // a tuple
    assertThat(argument(Language.JAVA, "if (")).isNull();
    assertThat(argument(Language.JAVA, "void put(String key, ")).isNull(); // declaring
    assertThat(argument(Language.JAVA, "f(a); g = (")).isNull();
    assertThat(argument(Language.JAVA, "f(a); ")).isNull();
  }

  private static List<String> passed(Language language, String code, Parameters.Argument at) {
    List<Token> tokens = new CodeLexer(language).significantTokens(code);
    List<String> found = new ArrayList<>();
    Parameters.arguments(language, tokens.size(), i -> tokens.get(i).text(), at, found::add);
    return found;
  }

  @Test
  void should_find_what_other_calls_pass_at_the_same_position_or_keyword() {
    String code =
        """
        def send(self, host, port, timeout=None):
            pass
        send(host, self.port, timeout=delay)
        send(remote, (1 + 2), timeout=self.limit)
        send(other, port=p)
        sender(x, y)
        """;
    assertThat(passed(Language.PYTHON, code, new Parameters.Argument("send", 0, null)))
        .containsExactly("host", "remote", "other");
    assertThat(passed(Language.PYTHON, code, new Parameters.Argument("send", 1, null)))
        .containsExactly("port"); // (1 + 2) is no name, port=p a keyword
    assertThat(passed(Language.PYTHON, code, new Parameters.Argument("send", 2, "timeout")))
        .containsExactly("delay", "limit");
    assertThat(
            passed(
                Language.JAVA,
                "void send(String host, int port) { send(h, p); send(this.x, q); }",
                new Parameters.Argument("send", 1, null)))
        .containsExactly("p", "q");
  }
}
