package dev.psapolicy.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The deadline and the reuse of the worker threads. */
class WatchdogTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @Test
  void everyPartRunsOnceOnAWorkerNeverOnTheCaller() throws Throwable {
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger runs = new AtomicInteger();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    Watchdog.run(
        50,
        2,
        LONG,
        () -> {},
        p -> {
          assertTrue(seen.add(p));
          runs.incrementAndGet();
          threads.add(Thread.currentThread());
        });
    assertEquals(50, runs.get());
    assertEquals(50, seen.size());
    assertFalse(threads.contains(Thread.currentThread()));
    assertTrue(threads.stream().allMatch(Thread::isDaemon));
  }

  @Test
  void sequentialEvaluationsReuseTheirWorker() throws Throwable {
    Thread[] first = new Thread[1];
    Watchdog.run(1, 1, LONG, () -> {}, p -> first[0] = Thread.currentThread());
    Thread[] second = new Thread[1];
    // a pooled worker may be handed back a moment after the caller returns: allow a few tries
    for (int i = 0; i < 20 && second[0] != first[0]; i++) {
      Thread.sleep(5);
      Watchdog.run(1, 1, LONG, () -> {}, p -> second[0] = Thread.currentThread());
    }
    assertSame(first[0], second[0], "the worker of one evaluation runs the next");
  }

  @Test
  void theFirstFailureIsThrownToTheCaller() {
    IllegalStateException boom = new IllegalStateException("boom");
    Throwable thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Watchdog.run(
                    3,
                    1,
                    LONG,
                    () -> {},
                    p -> {
                      throw boom;
                    }));
    assertSame(boom, thrown);
  }

  @Test
  void anInterruptAtTheDeadlineDoesNotReachTheNextEvaluationOnTheSameThread() throws Throwable {
    AtomicBoolean halted = new AtomicBoolean();
    assertThrows(
        Watchdog.TimedOut.class,
        () ->
            Watchdog.run(
                1,
                1,
                Duration.ofMillis(100),
                () -> halted.set(true),
                p -> {
                  try {
                    Thread.sleep(60_000); // ends only by the watchdog's interrupt
                  } catch (InterruptedException e) {
                    // the interrupt is kept, as rule code that swallows it would not
                    Thread.currentThread().interrupt();
                  }
                }));
    assertTrue(halted.get(), "onTimeout runs before the workers are interrupted");
    for (int i = 0; i < 10; i++) {
      boolean[] interrupted = {true};
      Watchdog.run(
          1, 1, LONG, () -> {}, p -> interrupted[0] = Thread.currentThread().isInterrupted());
      assertFalse(interrupted[0], "a reused worker starts the next evaluation uninterrupted");
    }
  }

  @Test
  void workThatIgnoresTheDeadlineIsReportedAndLaterEvaluationsStillRun() throws Throwable {
    AtomicBoolean spin = new AtomicBoolean(true);
    try {
      assertThrows(
          Watchdog.TimedOut.class,
          () ->
              Watchdog.run(
                  1,
                  1,
                  Duration.ofMillis(100),
                  () -> {},
                  p -> {
                    while (spin.get()) {
                      Thread.onSpinWait(); // ignores halt and interrupt alike
                    }
                  }));
      AtomicInteger ran = new AtomicInteger();
      Watchdog.run(4, 2, LONG, () -> {}, p -> ran.incrementAndGet());
      assertEquals(4, ran.get(), "a stuck worker is not reused; new ones take the work");
    } finally {
      spin.set(false); // on Java 20+ the stuck thread cannot be stopped: let it end
    }
  }
}
