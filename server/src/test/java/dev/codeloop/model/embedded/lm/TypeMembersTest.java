package dev.codeloop.model.embedded.lm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeMembersTest {
  private static final String JAVA =
      """
      import java.util.logging.Level;
      class Foo {
        private final StringBuilder buf = new StringBuilder();
        String name;
        void run(String other, List<Map<String, Integer>> xs, int[] counts) {
          int i = other.indexOf("x");
          this.name.length();
          buf.append(i);
          log(Level.FINE);
          xs.size();
          var copy = new ArrayList<String>();
          copy.add(name);
          a.b.c();
        }
        class Inner { int depth; }
        int after() { return this.depth; }
      }
      """;

  private static final String PYTHON =
      """
      class Parser:
          def feed(self, data):
              self._buf = Buffer()
              self._buf.push(data)
              self.close()
          def close(self):
              pass

      def use(p: Parser, n):
          p.feed(n)
          q = Parser()
          q.close()
      """;

  @Test
  void should_learn_members_of_declared_types_this_and_class_bodies_in_java() {
    assertThat(pairs(Language.JAVA, JAVA))
        .containsExactlyInAnyOrder(
            "Foo.buf", // fields and methods declared in the class body
            "Foo.name",
            "Foo.run",
            "String.indexOf", // a parameter's type
            "Foo.name", // this.name
            "String.length", // this.name.length(): the field's type
            "StringBuilder.append", // a field's type
            "Level.FINE", // a class's static member
            "List.size", // generic arguments skipped
            "ArrayList.add", // var copy = new ArrayList<…>
            "Inner.depth",
            "Foo.after", // after the inner class's body, the outer class again
            "Foo.depth"); // this.depth (not Inner's: a guess about names, not a resolver)
  }

  @Test
  void should_learn_self_members_constructor_assignments_and_annotations_in_python() {
    assertThat(pairs(Language.PYTHON, PYTHON))
        .containsExactlyInAnyOrder(
            "Parser.feed", // def feed(self
            "Parser._buf", // self._buf = …
            "Buffer.push", // self._buf = Buffer(): the attribute's type
            "Parser._buf",
            "Parser.close", // self.close()
            "Parser.close", // def close(self
            "Parser.feed", // p: Parser
            "Parser.close"); // q = Parser()
  }

  @Test
  void should_answer_the_receiver_type_at_the_end_of_a_prefix_with_declarations_after_it() {
    List<String> prefix = texts(Language.JAVA, "class A { void f() { helper.");
    List<String> suffix = texts(Language.JAVA, "x(); }\n private Helper helper; }");
    TypeMembers.Scanner scanner = new TypeMembers.Scanner(Language.JAVA, null);
    scanner.scan(prefix.size(), prefix::get, (t, m) -> {});
    assertThat(scanner.receiverType(prefix.size() - 2, prefix::get)).isNull();
    List<String> pairs = new ArrayList<>();
    scanner.declareFrom(suffix.size(), suffix::get, (t, m) -> pairs.add(t + "." + m));
    assertThat(scanner.receiverType(prefix.size() - 2, prefix::get)).isEqualTo("Helper");
    assertThat(scanner.currentClass()).isEqualTo("A");
    assertThat(pairs).containsExactly("A.helper");
  }

  @Test
  void should_count_pairs_by_vocabulary_id() {
    Vocabulary vocab = new Vocabulary();
    TokenEncoder encoder = new TokenEncoder(vocab);
    CodeLexer lexer = new CodeLexer(Language.JAVA);
    int[] doc =
        encoder.encode(
            lexer.significantTokens("String a; String b; a.trim(); b.trim(); a.strip();"), true);
    TypeMembers members = TypeMembers.learn(Language.JAVA, vocab, List.of(doc));
    int string = vocab.lookup("String");
    assertThat(members.count(string, vocab.lookup("trim"))).isEqualTo(2);
    assertThat(members.count(string, vocab.lookup("strip"))).isEqualTo(1);
    assertThat(members.total(string)).isEqualTo(3);
    assertThat(members.total(vocab.lookup("a"))).isZero();
    assertThat(TypeMembers.EMPTY.total(string)).isZero();
  }

  @Test
  void should_follow_calls_to_their_return_types_and_fall_back_on_the_workspace() {
    Vocabulary vocab = new Vocabulary();
    TokenEncoder encoder = new TokenEncoder(vocab);
    CodeLexer lexer = new CodeLexer(Language.JAVA);
    String library =
        """
        class Rows { Meta meta() { return null; } int size() { return 0; } }
        class Meta { String label(int i) { return null; } }
        class A { void f(Rows rows) { rows.size(); } }
        class B { void g(Rows rows) { rows.size(); } }
        """;
    TypeMembers learned =
        TypeMembers.learn(
            Language.JAVA, vocab, List.of(encoder.encode(lexer.significantTokens(library), true)));
    // in another file: rows is not declared in the window, meta() is not declared either
    List<String> prefix = texts(Language.JAVA, "class C { void h() { rows.meta().");
    TypeMembers.Scanner scanner = new TypeMembers.Scanner(Language.JAVA, learned.fallback());
    scanner.scan(prefix.size(), prefix::get, (t, m) -> {});
    assertThat(scanner.receiverType(prefix.size() - 2, prefix::get)).isEqualTo("Meta");
    List<String> bare = texts(Language.JAVA, "class C { void h() { rows.");
    assertThat(scanner.receiverType(bare.size() - 2, bare::get)).isEqualTo("Rows");
    // without the workspace: nothing known
    TypeMembers.Scanner alone = new TypeMembers.Scanner(Language.JAVA, null);
    alone.scan(prefix.size(), prefix::get, (t, m) -> {});
    assertThat(alone.receiverType(prefix.size() - 2, prefix::get)).isNull();
    // declared once only: not the name's type (a guess needs two declarations agreeing)
    assertThat(learned.fallback().typeOfName("i")).isNull();
    assertThat(learned.fallback().returnType("Meta", "label")).isEqualTo("String");
  }

  private static List<String> pairs(Language language, String text) {
    List<String> words = texts(language, text);
    List<String> out = new ArrayList<>();
    new TypeMembers.Scanner(language, null)
        .scan(words.size(), words::get, (t, m) -> out.add(t + "." + m));
    return out;
  }

  private static List<String> texts(Language language, String text) {
    return new CodeLexer(language).significantTokens(text).stream().map(Token::modelText).toList();
  }
}
