package dev.psapolicy.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the parts of an evaluation on worker threads under a wall-clock deadline. Rule code can loop
 * without ever returning to Drools ({@code while (true)} in a consequence), so the caller's thread
 * never runs it: it waits, and at the deadline asks the work to stop ({@code onTimeout} halts the
 * sessions), interrupts the workers and, as a last resort, stops them, so that a runaway rule does
 * not keep a core busy after the run has reported it.
 */
public final class Watchdog {
  private Watchdog() {}

  /** How long stopped work gets to end before the next, harder step. */
  private static final long GRACE_MILLIS = 500;

  /** The work did not finish in time. */
  public static final class TimedOut extends Exception {
    private static final long serialVersionUID = 1L;

    TimedOut() {
      super(null, null, false, false);
    }
  }

  /**
   * Runs {@code task} for parts {@code 0..parts-1}, on up to {@code threads} workers.
   *
   * @param onTimeout called once at the deadline, before the workers are interrupted
   * @throws TimedOut when the deadline passed first
   * @throws Throwable the first failure of a part (the other parts are not started)
   */
  public static void run(
      int parts, int threads, Duration timeout, Runnable onTimeout, IntConsumer task)
      throws Throwable {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    int n = Math.max(1, Math.min(parts, threads));
    for (int w = 0; w < n; w++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  for (int p = next.getAndIncrement();
                      p < parts && failure.get() == null;
                      p = next.getAndIncrement()) {
                    task.accept(p);
                  }
                } catch (Throwable e) { // NOPMD: reported by the caller, whatever it is
                  failure.compareAndSet(null, e);
                }
              },
              "psa-policy-rules-" + w);
      t.setDaemon(true);
      workers.add(t);
    }
    workers.forEach(Thread::start);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : workers) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        t.join(Math.max(1, left / 1_000_000));
      }
      if (t.isAlive()) {
        // What the stopped workers throw on their way out is the stop, not a failure.
        Throwable before = failure.get();
        stop(workers, onTimeout);
        if (before != null) {
          throw before;
        }
        throw new TimedOut();
      }
    }
    Throwable f = failure.get();
    if (f != null) {
      throw f;
    }
  }

  @SuppressWarnings("removal")
  private static void stop(List<Thread> workers, Runnable onTimeout) throws InterruptedException {
    onTimeout.run();
    join(workers);
    workers.forEach(Thread::interrupt);
    join(workers);
    for (Thread t : workers) {
      if (t.isAlive()) {
        try {
          // Rule code that never returns to Drools and ignores interrupts: the only way to free
          // its core in this process. Its session is discarded; nothing reads its state again.
          t.stop();
        } catch (UnsupportedOperationException e) {
          // Java 20 and later: the daemon thread runs on until the process exits.
        }
      }
    }
  }

  private static void join(List<Thread> workers) throws InterruptedException {
    long until = System.nanoTime() + GRACE_MILLIS * 1_000_000;
    for (Thread t : workers) {
      long left = until - System.nanoTime();
      if (left > 0) {
        t.join(Math.max(1, left / 1_000_000));
      }
    }
  }
}
