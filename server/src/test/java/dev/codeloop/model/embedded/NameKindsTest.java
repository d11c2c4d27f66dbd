package dev.codeloop.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeloop.model.embedded.lex.CodeLexer;
import dev.codeloop.model.embedded.lex.Language;
import org.junit.jupiter.api.Test;

class NameKindsTest {

  private static boolean site(Language language, String before) {
    return NameKinds.exceptionSite(language, new CodeLexer(language).significantTokens(before));
  }

  @Test
  void should_tell_where_java_names_an_exception_type() {
    assertThat(site(Language.JAVA, "void f() throws ")).isTrue();
    assertThat(site(Language.JAVA, "void f() throws IOException, ")).isTrue();
    assertThat(site(Language.JAVA, "void f() throws java.io.IOException, ")).isTrue();
    assertThat(site(Language.JAVA, "} catch (")).isTrue();
    assertThat(site(Language.JAVA, "} catch (IOException | ")).isTrue();
    assertThat(site(Language.JAVA, "    throw new ")).isTrue();
    // a call's arguments, a new object, a bitwise or, a parameter list
    assertThat(site(Language.JAVA, "    f(a, ")).isFalse();
    assertThat(site(Language.JAVA, "    return new ")).isFalse();
    assertThat(site(Language.JAVA, "    int x = a | ")).isFalse();
    assertThat(site(Language.JAVA, "void f(int a, ")).isFalse();
    assertThat(site(Language.JAVA, "")).isFalse();
  }

  @Test
  void should_tell_where_python_names_an_exception_type() {
    assertThat(site(Language.PYTHON, "    except ")).isTrue();
    assertThat(site(Language.PYTHON, "    except (")).isTrue();
    assertThat(site(Language.PYTHON, "    except (KeyError, ")).isTrue();
    assertThat(site(Language.PYTHON, "    raise ")).isTrue();
    assertThat(site(Language.PYTHON, "    print(a, ")).isFalse();
    assertThat(site(Language.PYTHON, "    x = (")).isFalse();
  }

  @Test
  void should_know_exception_names_and_builtins() {
    assertThat(NameKinds.exceptionName("IOException")).isTrue();
    assertThat(NameKinds.exceptionName("KeyError")).isTrue();
    assertThat(NameKinds.exceptionName("DeprecationWarning")).isTrue();
    assertThat(NameKinds.exceptionName("StopIteration")).isTrue();
    assertThat(NameKinds.exceptionName("errorCount")).isFalse();
    assertThat(NameKinds.exceptionName("ErrorHandler")).isFalse();
    assertThat(NameKinds.builtin(Language.PYTHON, "len")).isTrue();
    assertThat(NameKinds.builtin(Language.PYTHON, "String")).isFalse();
    assertThat(NameKinds.builtin(Language.JAVA, "String")).isTrue();
    assertThat(NameKinds.builtin(Language.JAVA, "len")).isFalse();
    assertThat(NameKinds.builtin(Language.GO, "len")).isFalse();
  }
}
