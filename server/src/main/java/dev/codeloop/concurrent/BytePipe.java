package dev.codeloop.concurrent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory pipe for an in-process LSP session (the command line's server, tests, benchmarks):
 * bytes written to {@link #out()} are read from {@link #in()} in order. Unlike {@code
 * java.nio.channels.Pipe}, an interrupted writer never closes it (an NIO channel is closed for good
 * when a thread writing to it is interrupted, and a cancelled request can leave its pool thread
 * interrupted); unlike {@code java.io.PipedInputStream}, it does not fail once a thread that wrote
 * has ended. Writes never block (the pipe grows); a read blocks until bytes arrive or the pipe is
 * closed.
 */
public final class BytePipe {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int offset;
  private boolean closed;

  private final InputStream in =
      new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (len == 0) {
            return 0;
          }
          lock.lock();
          try {
            while (chunks.isEmpty() && !closed) {
              readable.awaitUninterruptibly();
            }
            if (chunks.isEmpty()) {
              return -1;
            }
            int n = 0;
            while (n < len && !chunks.isEmpty()) {
              byte[] head = chunks.peekFirst();
              int take = Math.min(len - n, head.length - offset);
              System.arraycopy(head, offset, b, off + n, take);
              n += take;
              offset += take;
              if (offset == head.length) {
                chunks.pollFirst();
                offset = 0;
              }
            }
            return n;
          } finally {
            lock.unlock();
          }
        }

        @Override
        public int available() {
          lock.lock();
          try {
            int n = -offset;
            for (byte[] c : chunks) {
              n += c.length;
            }
            return Math.max(0, n);
          } finally {
            lock.unlock();
          }
        }

        @Override
        public void close() {
          BytePipe.this.close();
        }
      };

  private final OutputStream out =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (len == 0) {
            return;
          }
          lock.lock();
          try {
            if (closed) {
              throw new IOException("the pipe is closed");
            }
            chunks.addLast(Arrays.copyOfRange(b, off, off + len));
            readable.signalAll();
          } finally {
            lock.unlock();
          }
        }

        @Override
        public void close() {
          BytePipe.this.close();
        }
      };

  public InputStream in() {
    return in;
  }

  public OutputStream out() {
    return out;
  }

  /** Ends the pipe: the reader gets what is left, then end of stream; writes fail. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      readable.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
