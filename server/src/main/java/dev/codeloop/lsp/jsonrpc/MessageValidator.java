package dev.codeloop.lsp.jsonrpc;

import com.google.gson.JsonElement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.validation.NonNull;

/**
 * Checks an incoming message as LSP4J's {@code ReflectiveMessageValidator} does, with the same
 * issues in the same words: every public {@code get…()} accessor annotated {@link NonNull} returns
 * a value, no list holds a null, and nothing refers to itself; each issue names its path ({@code
 * $.params.textDocument}) and the message is refused with {@code -32602}.
 *
 * <p>Unlike LSP4J's, it looks up a class's accessors once (LSP4J's calls {@code Class.getMethods()}
 * for every object of every message, which copies the class's methods: the largest allocation on
 * the session's reader thread). One per process, shared by its connections (the backend's): the
 * accessors of a class are looked up once for all of them, and a connection that ends leaves
 * nothing behind (a validator per connection kept each ended connection's lists in the classes'
 * caches). Thread-safe.
 */
public final class MessageValidator {
  /** A public no-argument {@code get…} method and whether it is annotated {@link NonNull}. */
  private record Accessor(Method method, boolean nonNull) {}

  /** A class's accessors, in an array: walked by index, with no iterator per object checked. */
  private final ClassValue<Accessor[]> accessors =
      new ClassValue<>() {
        @Override
        protected Accessor[] computeValue(Class<?> type) {
          List<Accessor> out = new ArrayList<>();
          for (Method m : type.getMethods()) {
            if (isAccessor(m)) {
              out.add(new Accessor(m, m.getAnnotation(NonNull.class) != null));
            }
          }
          return out.toArray(new Accessor[0]);
        }
      };

  /** Returns normally when {@code message} is valid; else throws with every issue found. */
  void validate(Message message) throws MessageIssueException {
    List<MessageIssue> issues = new ArrayList<>();
    try {
      check(message, issues, new ArrayList<>(), new ArrayList<>());
    } catch (ReflectiveOperationException | RuntimeException e) {
      issues.add(
          new MessageIssue(
              "Message validation failed, please check the logs of the remote endpoint.",
              ResponseErrorCode.InvalidParams.getValue()));
    }
    if (!issues.isEmpty()) {
      issues.sort(Comparator.comparing(MessageIssue::getText));
      throw new MessageIssueException(message, issues);
    }
  }

  private void check(
      Object object, List<MessageIssue> issues, ArrayList<Object> ancestors, ArrayList<Object> path)
      throws ReflectiveOperationException {
    if (object == null
        || object instanceof Enum<?>
        || object instanceof String
        || object instanceof Number
        || object instanceof Boolean
        || object instanceof JsonElement
        || object instanceof Throwable) {
      return;
    }
    for (int i = 0; i < ancestors.size(); i++) {
      if (ancestors.get(i) == object) {
        issues.add(
            issue("An element of the message has a direct or indirect reference to itself.", path));
        return;
      }
    }
    ancestors.add(object);
    if (object instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        path.add(i);
        Object element = list.get(i);
        if (element == null) {
          issues.add(issue("Lists must not contain null references.", path));
        }
        check(element, issues, ancestors, path);
        path.remove(path.size() - 1);
      }
    } else {
      Accessor[] all = accessors.get(object.getClass());
      for (int a = 0; a < all.length; a++) {
        Accessor accessor = all[a];
        Method m = accessor.method();
        path.add(m);
        Object value;
        try {
          value = m.invoke(object);
        } catch (InvocationTargetException e) {
          throw new IllegalStateException(e.getCause());
        }
        if (value == null && accessor.nonNull()) {
          issues.add(
              issue(
                  "The accessor '"
                      + m.getDeclaringClass().getSimpleName()
                      + "."
                      + m.getName()
                      + "()' must return a non-null value.",
                  path));
        }
        check(value, issues, ancestors, path);
        path.remove(path.size() - 1);
      }
    }
    ancestors.remove(ancestors.size() - 1);
  }

  private static MessageIssue issue(String text, List<Object> path) {
    return new MessageIssue(
        text + " Path: " + pathText(path), ResponseErrorCode.InvalidParams.getValue());
  }

  /**
   * {@code $.params.items[2].label}: the accessors' property names and list indexes, outermost
   * first.
   */
  private static String pathText(List<Object> path) {
    StringBuilder out = new StringBuilder("$");
    for (Object step : path) {
      if (step instanceof Method m) {
        String name = m.getName();
        out.append('.')
            .append(
                name.length() > 3
                    ? Character.toLowerCase(name.charAt(3)) + name.substring(4)
                    : name);
      } else {
        out.append('[').append(step).append(']');
      }
    }
    return out.toString();
  }

  private static boolean isAccessor(Method m) {
    return m.getParameterCount() == 0
        && m.getName().startsWith("get")
        && m.getDeclaringClass() != Object.class
        && Modifier.isPublic(m.getModifiers())
        && !Modifier.isStatic(m.getModifiers());
  }
}
