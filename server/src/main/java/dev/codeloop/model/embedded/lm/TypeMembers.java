package dev.codeloop.model.embedded.lm;

import dev.codeloop.model.embedded.lex.Language;
import dev.codeloop.model.embedded.lex.Token;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Which members follow a receiver of each type, learned from code: {@code String className; …
 * className.indexOf(…)} counts {@code indexOf} for {@code String}, {@code this.x} and {@code
 * self.x} count for the enclosing class, a method or field declared in a class body counts for the
 * class, {@code Level.FINE} counts for {@code Level}. The completion menu asks it, after {@code
 * recv.}, how often each candidate followed a receiver of {@code recv}'s type: the n-gram model
 * knows {@code recv .} only for the receiver's name, this generalises over names.
 *
 * <p>The types come from declarations seen earlier in the same file ({@code Type name =|;|,|)|:},
 * generic arguments and array brackets skipped, {@code name = new Type}, Python's {@code name =
 * Type(} and {@code (name: Type}), last declaration first, scopes ignored: cheap, and right for
 * most names. Immutable once built; {@link Scanner} is the reusable (not thread-safe) part.
 */
public final class TypeMembers {
  /** Knows nothing. */
  public static final TypeMembers EMPTY =
      new TypeMembers(
          new Vocabulary(),
          new LongIntMap(16),
          new LongIntMap(16),
          new LongIntMap(16),
          new LongIntMap(16),
          ImportNames.EMPTY);

  private final Vocabulary vocabulary;
  private final LongIntMap pairs; // type id << 32 | member id -> count
  private final LongIntMap totals; // type id -> count of its pairs
  private final LongIntMap names; // name id -> the type id most of its declarations give it
  private final LongIntMap returns; // type id << 32 | method id -> its return type's id
  private final ImportNames imports;

  private TypeMembers(
      Vocabulary vocabulary,
      LongIntMap pairs,
      LongIntMap totals,
      LongIntMap names,
      LongIntMap returns,
      ImportNames imports) {
    this.vocabulary = vocabulary;
    this.pairs = pairs;
    this.totals = totals;
    this.names = names;
    this.returns = returns;
    this.imports = imports;
  }

  /**
   * Learns from every document of {@code language} (encoded tokens, {@link TokenCodec}) with {@code
   * vocabulary}'s words.
   */
  public static TypeMembers learn(
      Language language, Vocabulary vocabulary, Iterable<int[]> documents) {
    LongIntMap pairs = new LongIntMap(1 << 12);
    LongIntMap totals = new LongIntMap(1 << 10);
    LongIntMap declarations = new LongIntMap(1 << 10); // name id << 32 | type id -> count
    LongIntMap declared = new LongIntMap(1 << 10); // name id -> count
    LongIntMap returns = new LongIntMap(1 << 10);
    Sink sink =
        new Sink() {
          @Override
          public void pair(String type, String member) {
            long key = key(vocabulary, type, member);
            if (key != 0) {
              pairs.add(key, 1);
              totals.add(key >>> 32, 1);
            }
          }

          @Override
          public void declaration(String name, String type) {
            long key = key(vocabulary, name, type);
            if (key != 0) {
              declarations.add(key, 1);
              declared.add(key >>> 32, 1);
            }
          }

          @Override
          public void method(String type, String name, String returnType) {
            long key = key(vocabulary, type, name);
            int r = vocabulary.lookup(returnType);
            if (key != 0 && r > Vocabulary.BOS) {
              returns.put(key, r);
            }
          }
        };
    Scanner scanner = new Scanner(language, null);
    for (int[] doc : documents) {
      scanner.reset();
      scanner.scan(doc.length, i -> vocabulary.word(TokenCodec.word(doc[i])), sink);
    }
    // a name's type: the one most of its declarations give it, if declared at least twice
    LongIntMap names = new LongIntMap(Math.max(16, declared.size()));
    declarations.forEach(
        (key, count) -> {
          long name = key >>> 32;
          if (count >= 2 && count * 2 > declared.get(name, 0)) {
            names.put(name, (int) key);
          }
        });
    return new TypeMembers(
        vocabulary,
        pairs,
        totals,
        names,
        returns,
        ImportNames.learn(language, vocabulary, documents));
  }

  private static long key(Vocabulary vocabulary, String high, String low) {
    int h = vocabulary.lookup(high);
    int l = vocabulary.lookup(low);
    return h > Vocabulary.BOS && l > Vocabulary.BOS ? ((long) h << 32) | l : 0;
  }

  /**
   * What the whole workspace says where a file's own declarations are silent (the scanner's {@code
   * fallback}).
   */
  public Fallback fallback() {
    return new Fallback() {
      @Override
      public String typeOfName(String name) {
        int n = vocabulary.lookup(name);
        int t = n > Vocabulary.BOS ? names.get(n, 0) : 0;
        return t > Vocabulary.BOS ? vocabulary.word(t) : null;
      }

      @Override
      public String returnType(String type, String method) {
        long key = key(vocabulary, type, method);
        int t = key == 0 ? 0 : returns.get(key, 0);
        return t > Vocabulary.BOS ? vocabulary.word(t) : null;
      }
    };
  }

  /** Types the scanner cannot find in the text it read. */
  public interface Fallback {
    /** The type the workspace usually declares {@code name} with, or null. */
    String typeOfName(String name);

    /** The return type of {@code type}'s method {@code method}, or null. */
    String returnType(String type, String method);
  }

  /** How often {@code member} (a vocabulary id) followed a receiver of type {@code type}. */
  public int count(int type, int member) {
    if (type <= Vocabulary.BOS || member <= Vocabulary.BOS) {
      return 0;
    }
    return pairs.get(((long) type << 32) | member, 0);
  }

  /** How often any member followed a receiver of type {@code type}. */
  public int total(int type) {
    return type <= Vocabulary.BOS ? 0 : totals.get(type, 0);
  }

  /** What follows each prefix in the import statements of the same documents. */
  public ImportNames imports() {
    return imports;
  }

  /** The number of (type, member) pairs known. */
  public int size() {
    return pairs.size();
  }

  public long retainedBytes() {
    return pairs.retainedBytes()
        + totals.retainedBytes()
        + names.retainedBytes()
        + returns.retainedBytes()
        + imports.retainedBytes();
  }

  /** Receives each (type, member) pair found, and (optionally) declarations. */
  @FunctionalInterface
  public interface Sink {
    void pair(String type, String member);

    /** {@code name} is declared with type {@code type}. */
    default void declaration(String name, String type) {}

    /** {@code type} declares a method {@code name} returning {@code returnType}. */
    default void method(String type, String name, String returnType) {}
  }

  /**
   * Reads a token sequence, left to right, keeping what it declares (names' types, the enclosing
   * class) and reporting each (type, member) pair; after a scan it answers for the receiver at the
   * end of what it read ({@link #receiverType}).
   */
  public static final class Scanner {
    private static final Set<String> CLASS_WORDS = Set.of("class", "interface", "enum", "record");

    private final Language language;
    private final boolean braces;
    private final Fallback fallback;
    private final Map<String, String> declared = new HashMap<>();
    private final Map<String, String> returns = new HashMap<>(); // "Type.method" -> return type
    // enclosing classes with brace languages: name and the depth of its body
    private final ArrayDeque<String> classes = new ArrayDeque<>();
    private final ArrayDeque<Integer> bodies = new ArrayDeque<>();
    private String pendingClass;
    private String lastClass;
    private int depth;
    private int parens; // open parentheses since the last brace or semicolon
    private int limit; // the length of the sequence being scanned

    /**
     * @param fallback what the workspace knows, for names and methods the scanned text does not
     *     declare; null for none
     */
    public Scanner(Language language, Fallback fallback) {
      this.language = language;
      this.braces = !language.indentationBlocks();
      this.fallback = fallback;
    }

    /** Forgets everything (a new file). */
    public void reset() {
      declared.clear();
      returns.clear();
      classes.clear();
      bodies.clear();
      pendingClass = null;
      lastClass = null;
      depth = 0;
      parens = 0;
    }

    /** The class whose body the scan is in ({@code this}, {@code self}), or null. */
    public String currentClass() {
      return braces ? classes.peek() : lastClass;
    }

    /** The type declared for {@code name} so far, or null. */
    public String typeOf(String name) {
      return declared.get(name);
    }

    /**
     * Adds the declarations of a token sequence read after the cursor (only names not declared
     * before it) and reports its pairs, without changing the enclosing class.
     */
    public void declareFrom(int n, IntFunction<String> at, Sink sink) {
      Scanner after = new Scanner(this);
      after.scan(n, at, sink);
      after.declared.forEach(declared::putIfAbsent);
      returns.putAll(after.returns);
    }

    /** A scanner in {@code other}'s state, going on independently. */
    private Scanner(Scanner other) {
      this(other.language, other.fallback);
      declared.putAll(other.declared);
      returns.putAll(other.returns);
      classes.addAll(other.classes);
      bodies.addAll(other.bodies);
      pendingClass = other.pendingClass;
      lastClass = other.lastClass;
      depth = other.depth;
      parens = other.parens;
    }

    /**
     * The type of the receiver ending at index {@code r} of {@code at} (the token before a member
     * access), as this scanner's declarations know it, or null: {@code this}/{@code self}/{@code
     * cls} are the enclosing class, a declared name its type, an undeclared capitalised name itself
     * (a static member's class). Qualified receivers ({@code a.b.}) have no type except {@code
     * this.field.}/{@code self.field.}.
     */
    public String receiverType(int r, IntFunction<String> at) {
      return receiverType(r, at, 3);
    }

    private String receiverType(int r, IntFunction<String> at, int calls) {
      if (r < 0) {
        return null;
      }
      String recv = at.apply(r);
      if (recv.equals(")")) {
        return callType(r, at, calls);
      }
      if (isSelf(recv)) {
        return r > 0 && isAccess(at.apply(r - 1)) ? null : currentClass();
      }
      if (!isName(recv)) {
        return null;
      }
      boolean qualified = r > 0 && isAccess(at.apply(r - 1));
      if (qualified && !(r > 1 && isSelf(at.apply(r - 2)))) {
        return null;
      }
      String t = declared.get(recv);
      if (t == null && fallback != null) {
        t = fallback.typeOfName(recv);
      }
      if (t == null && !qualified && Character.isUpperCase(recv.charAt(0))) {
        t = recv;
      }
      return t;
    }

    /**
     * The return type of the call whose {@code )} is at {@code close}: {@code recv.m(…)} from
     * {@code recv}'s type, {@code m(…)} from the enclosing class, at most {@code calls} calls deep.
     */
    private String callType(int close, IntFunction<String> at, int calls) {
      if (calls == 0) {
        return null;
      }
      int open = close - 1;
      int depth = 1;
      for (int steps = 0; open >= 0 && steps < 64; open--, steps++) {
        String s = at.apply(open);
        if (s.equals(")")) {
          depth++;
        } else if (s.equals("(") && --depth == 0) {
          break;
        }
      }
      if (open < 1 || depth != 0) {
        return null;
      }
      String method = at.apply(open - 1);
      if (!isName(method)) {
        return null;
      }
      String owner;
      if (open >= 3 && isAccess(at.apply(open - 2))) {
        owner = receiverType(open - 3, at, calls - 1);
      } else if (open >= 2 && at.apply(open - 2).equals("new")) {
        return Character.isUpperCase(method.charAt(0)) ? method : null; // (new Foo(…)).
      } else {
        owner = currentClass();
      }
      if (owner == null) {
        return null;
      }
      String t = returns.get(owner + "." + method);
      if (t == null && fallback != null) {
        t = fallback.returnType(owner, method);
      }
      return t;
    }

    /** Reads {@code n} tokens ({@code at(i)} is the i-th token's text), reporting the pairs. */
    public void scan(int n, IntFunction<String> at, Sink sink) {
      limit = n;
      String prev2 = null;
      String prev = null;
      for (int i = 0; i < n; i++) {
        String w = at.apply(i);
        if (braces) {
          if (w.equals("(")) {
            parens++;
          } else if (w.equals(")")) {
            parens = Math.max(0, parens - 1);
          }
          if (w.equals("{") || w.equals("}") || w.equals(";")) {
            parens = 0;
          }
          if (w.equals("{")) {
            depth++;
            if (pendingClass != null) {
              classes.push(pendingClass);
              bodies.push(depth);
              pendingClass = null;
            }
          } else if (w.equals("}")) {
            while (!bodies.isEmpty() && bodies.peek() >= depth) {
              bodies.pop();
              classes.pop();
            }
            depth = Math.max(0, depth - 1);
          } else if (w.equals(";")) {
            pendingClass = null; // a declaration without a body
          }
        }
        if (CLASS_WORDS.contains(w) && i + 1 < n && isName(at.apply(i + 1))) {
          if (prev == null || !isAccess(prev)) { // not Foo.class
            String name = at.apply(i + 1);
            lastClass = name;
            pendingClass = name;
          }
        }
        if (isAccess(w) && i + 1 < n && i > 0 && Token.isWord(at.apply(i + 1))) {
          String type = receiverType(i - 1, at);
          if (type != null) {
            sink.pair(type, at.apply(i + 1));
          }
        } else if (isName(w) && i + 1 < n) {
          declare(i, w, at.apply(i + 1), prev, prev2, at, sink);
        }
        prev2 = prev;
        prev = w;
      }
    }

    private void declare(
        int i,
        String w,
        String next,
        String prev,
        String prev2,
        IntFunction<String> at,
        Sink sink) {
      if (prev == null) {
        return;
      }
      boolean ends =
          next.equals("=")
              || next.equals(";")
              || next.equals(",")
              || next.equals(")")
              || next.equals(":");
      if (braces) {
        String type = typeBefore(i, at);
        boolean classBody = !bodies.isEmpty() && bodies.peek() == depth && parens == 0;
        if (type != null && ends && !(prev2 != null && isAccess(prev2))) {
          declared.put(w, type);
          sink.declaration(w, type);
        }
        if (classBody
            && (type != null || isKeywordType(prev) || prev.equals(">") || prev.equals("]"))
            && (ends || next.equals("("))
            && !w.equals(classes.peek())) {
          sink.pair(classes.peek(), w); // a field or a method of the class
          if (type != null && next.equals("(")) {
            returns.put(classes.peek() + "." + w, type);
            sink.method(classes.peek(), w, type);
          }
        }
      } else {
        if (prev.equals("def")
            && next.equals("(")
            && lastClass != null
            && isName(atOr(at, i + 2))
            && isSelf(atOr(at, i + 2))) {
          sink.pair(lastClass, w); // a method: def name(self
        }
        if (next.equals(":") && (prev.equals("(") || prev.equals(","))) {
          String t = atOr(at, i + 2);
          if (isName(t)) {
            declared.put(w, t); // an annotated parameter
            sink.declaration(w, t);
          }
        }
      }
      if (next.equals("=") && !(prev.equals("=") || prev.equals("!"))) {
        // name = new Type… / name = Type(…
        String a = atOr(at, i + 2);
        String b = atOr(at, i + 3);
        String type = null;
        if (braces && a.equals("new") && isName(b) && Character.isUpperCase(b.charAt(0))) {
          type = b;
        } else if (!braces && isName(a) && Character.isUpperCase(a.charAt(0)) && b.equals("(")) {
          type = a;
        }
        if (type != null && declared.putIfAbsent(w, type) == null) {
          sink.declaration(w, type);
        }
      }
    }

    /**
     * The capitalised type name ending just before index {@code i} ({@code Type name}, {@code
     * Type<…> name}, {@code Type[] name}), or null.
     */
    private String typeBefore(int i, IntFunction<String> at) {
      int j = i - 1;
      while (j >= 1 && at.apply(j).equals("]") && at.apply(j - 1).equals("[")) {
        j -= 2;
      }
      if (j < 0) {
        return null;
      }
      String t = at.apply(j);
      if (isAngleClose(t)) {
        int open = t.length();
        int k = j - 1;
        int steps = 0;
        while (k >= 0 && open > 0 && steps++ < 40) {
          String s = at.apply(k);
          if (isAngleClose(s)) {
            open += s.length();
          } else if (s.equals("<")) {
            open--;
          } else if (s.equals("<<")) {
            open -= 2;
          } else if (s.equals(";") || s.equals("{") || s.equals("}") || s.equals("=")) {
            return null;
          }
          k--;
        }
        if (open != 0 || k < 0) {
          return null;
        }
        t = at.apply(k);
        j = k;
      }
      if (!isName(t) || !Character.isUpperCase(t.charAt(0))) {
        return null;
      }
      return t;
    }

    private boolean isName(String w) {
      return language.isIdentifier(w);
    }

    private static boolean isKeywordType(String w) {
      return switch (w) {
        case "void", "int", "long", "short", "byte", "char", "boolean", "float", "double" -> true;
        default -> false;
      };
    }

    /** The i-th token of the sequence being scanned, or "" past its end. */
    private String atOr(IntFunction<String> at, int i) {
      return i < limit ? at.apply(i) : "";
    }
  }

  private static boolean isAngleClose(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '>') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code w} names the enclosing object or class: {@code this}, {@code self}, {@code cls}.
   */
  public static boolean isSelf(String w) {
    return w.equals("this") || w.equals("self") || w.equals("cls");
  }

  /**
   * Whether {@code w} accesses a member of an object ({@code .}, {@code ?.}); not {@code ::} or
   * {@code ->}, whose left side is a type or a pointer this table does not follow.
   */
  public static boolean isAccess(String w) {
    return w.equals(".") || w.equals("?.");
  }
}
