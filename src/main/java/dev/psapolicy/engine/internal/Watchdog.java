package dev.psapolicy.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the parts of an evaluation on worker threads under a wall-clock deadline. Rule code can loop
 * without ever returning to Drools ({@code while (true)} in a consequence), so the caller's thread
 * never runs it: it waits, and at the deadline asks the work to stop ({@code onTimeout} halts the
 * sessions), interrupts the workers and, as a last resort, stops them, so that a runaway rule does
 * not keep a core busy after the run has reported it.
 *
 * <p>The workers are daemon threads kept for reuse: starting a thread per evaluation cost a
 * 300-grant evaluation about a third of its time. An interrupt or a stop reaches a worker only
 * while it runs the part it was given (never the next evaluation it is reused for), and a worker
 * that never returns is simply not reused.
 */
public final class Watchdog {
  private Watchdog() {}

  /** How long stopped work gets to end before the next, harder step. */
  private static final long GRACE_MILLIS = 500;

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Idle workers end after a minute; there are never more than the evaluations running. */
  private static final ExecutorService WORKERS =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          60,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "psa-policy-rules-" + THREADS.getAndIncrement());
            t.setDaemon(true);
            return t;
          });

  /** The work did not finish in time. */
  public static final class TimedOut extends Exception {
    private static final long serialVersionUID = 1L;

    TimedOut() {
      super(null, null, false, false);
    }
  }

  /** One worker's hold on the thread it runs on, for as long as it runs this evaluation. */
  private static final class Worker {
    private Thread thread;

    synchronized void enter() {
      thread = Thread.currentThread();
    }

    /** Leaves; an interrupt meant for this evaluation is cleared so the thread is reusable. */
    void leave() {
      synchronized (this) {
        thread = null;
      }
      Thread.interrupted();
    }

    synchronized void interrupt() {
      if (thread != null) {
        thread.interrupt();
      }
    }

    @SuppressWarnings("removal")
    synchronized void stop() {
      if (thread != null) {
        try {
          // Rule code that never returns to Drools and ignores interrupts: the only way to free
          // its core in this process. Its session is discarded; nothing reads its state again.
          // The thread dies of it and is not reused.
          thread.stop();
        } catch (UnsupportedOperationException e) {
          // Java 20 and later: the daemon thread runs on until the process exits.
        }
      }
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
    int n = Math.max(1, Math.min(parts, threads));
    CountDownLatch done = new CountDownLatch(n);
    List<Worker> workers = new ArrayList<>();
    for (int w = 0; w < n; w++) {
      Worker worker = new Worker();
      workers.add(worker);
      WORKERS.execute(
          () -> {
            worker.enter();
            try {
              for (int p = next.getAndIncrement();
                  p < parts && failure.get() == null;
                  p = next.getAndIncrement()) {
                task.accept(p);
              }
            } catch (Throwable e) { // NOPMD: reported by the caller, whatever it is
              failure.compareAndSet(null, e);
            } finally {
              worker.leave();
              done.countDown();
            }
          });
    }
    if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      // What the stopped workers throw on their way out is the stop, not a failure.
      Throwable before = failure.get();
      stop(workers, done, onTimeout);
      if (before != null) {
        throw before;
      }
      throw new TimedOut();
    }
    Throwable f = failure.get();
    if (f != null) {
      throw f;
    }
  }

  private static void stop(List<Worker> workers, CountDownLatch done, Runnable onTimeout)
      throws InterruptedException {
    onTimeout.run();
    if (done.await(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
      return;
    }
    workers.forEach(Worker::interrupt);
    if (done.await(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
      return;
    }
    workers.forEach(Worker::stop);
  }
}
