package dev.codeloop.action.docs;

import static dev.codeloop.action.ActionAssert.te;

import dev.codeloop.action.ActionAssert;
import org.junit.jupiter.api.Test;

class DocumentProviderTest {

  @Test
  void should_insert_only_the_javadoc_above_the_method() {
    ActionAssert.forText("class A {\n  int twice(int n) {\n    return |2 * n;\n  }\n}\n")
        .withModelReply(
            "```java\n  /** Doubles {@code n}. */\n  int twice(int n) {\n    return 2 * n;\n  }\n```")
        .resolve("Add documentation with AI")
        .expectPromptContaining("Javadoc", "int twice(int n)")
        .expectEdits(te(1, 0, 1, 0, "  /** Doubles {@code n}. */\n"));
  }

  @Test
  void should_ask_for_a_docstring_in_python() {
    ActionAssert.forText("def twice(n):\n    return |2 * n\n")
        .inFile("file:///work/project/m.py", "python")
        .withModelReply(
            "```python\ndef twice(n):\n    \"\"\"Doubles n.\"\"\"\n    return 2 * n\n```")
        .resolve("Add documentation with AI")
        .expectPromptContaining("docstring")
        .expectEdits(te(1, 0, 1, 0, "    \"\"\"Doubles n.\"\"\"\n"));
  }

  @Test
  void should_ask_for_triple_slash_comments_in_rust() {
    ActionAssert.forText("fn one() -> i32 {\n    |1\n}\n")
        .inFile("file:///work/project/src/lib.rs", "rust")
        .withModelReply("```rust\n/// One.\nfn one() -> i32 {\n    1\n}\n```")
        .resolve("Add documentation with AI")
        .expectPromptContaining("/// doc comments")
        .expectEdits(te(0, 0, 0, 0, "/// One.\n"));
  }
}
