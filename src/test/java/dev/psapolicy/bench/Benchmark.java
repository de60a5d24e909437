package dev.psapolicy.bench;

import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineRow;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.report.Severity;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.Policy;
import dev.psapolicy.source.snapshot.SnapshotReader;
import dev.psapolicy.source.snapshot.SnapshotWriter;
import dev.psapolicy.vocabulary.Cell;
import dev.psapolicy.vocabulary.Level;
import dev.psapolicy.vocabulary.Verb;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Speed and memory figures, measured side by side in one run (see docs/benchmark.md).
 *
 * <pre>
 * java -cp target/psa-policy.jar:target/test-classes dev.psapolicy.bench.Benchmark [all|cold|million|throughput]
 * </pre>
 *
 * Prints ratios against a baseline measured in the same run, since absolute numbers on a shared
 * machine are noise. Not a test: nothing here asserts.
 */
public final class Benchmark {
  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    String what = args.length == 0 ? "all" : args[0];
    Locale.setDefault(Locale.ROOT);
    System.out.printf(
        "psa-policy benchmark: %d cores, java %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    if (what.equals("all") || what.equals("cold")) {
      cold(args.length > 1 ? Integer.parseInt(args[1]) : 9);
    }
    if (what.equals("all") || what.equals("throughput")) {
      throughput();
    }
    if (what.equals("all") || what.equals("million")) {
      // A child JVM capped at 1 GB of heap: finishing there is the memory claim.
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  java,
                  "-Xmx1g",
                  "-XX:+UseParallelGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Benchmark.class.getName(),
                  "million-child")
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        System.out.println("  the 1M-grant run failed inside a 1 GB heap");
      }
      millionCold(5);
    }
    if (what.equals("million-child")) {
      million();
    }
    if (what.equals("file-loop") || what.equals("file-drools")) {
      fileRun(what.equals("file-drools"), Path.of(args[1]));
    }
  }

  private static BaselineSet baselines() throws Exception {
    return BaselineSet.of(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn());
  }

  // ---- cold start ------------------------------------------------------------------------

  private static void cold(int runs) throws Exception {
    Path jar = jar();
    Path dir = Files.createTempDirectory("psa-bench");
    Baseline hatz = baselines().get("hatz-ai-connectwise");
    Snapshot s = BenchData.snapshot("bench.example", 3, hatz, 42);
    Path snap = dir.resolve("300-grants.json");
    Files.write(snap, SnapshotWriter.toJson(s));
    Path jsa = jar.resolveSibling("psa-policy.jsa");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> hello =
        List.of(java, "-cp", System.getProperty("java.class.path"), Hello.class.getName());
    List<String> check =
        List.of(java, "-jar", jar.toString(), "check", "--snapshot", snap.toString());
    List<String> checkCds =
        new ArrayList<>(
            List.of(
                java,
                "-XX:SharedArchiveFile=" + jsa,
                "-Xshare:auto",
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off",
                "-jar",
                jar.toString(),
                "check",
                "--snapshot",
                snap.toString()));
    boolean haveCds = Files.exists(jsa);
    long[] h = new long[runs];
    long[] c = new long[runs];
    long[] cc = new long[runs];
    for (int i = 0; i < runs; i++) {
      h[i] = time(hello);
      c[i] = time(check);
      cc[i] = haveCds ? time(checkCds) : 0;
    }
    System.out.printf(
        "%n[cold start] %d runs each, interleaved; snapshot of %d grants%n",
        runs, s.principals().stream().mapToInt(p -> p.grants().size() * 4).sum());
    System.out.printf("  JVM hello world           min %5d ms  median %5d ms%n", min(h), median(h));
    System.out.printf(
        "  check (exec model)        min %5d ms  median %5d ms  ratio %.1fx%n",
        min(c), median(c), (double) median(c) / median(h));
    if (haveCds) {
      System.out.printf(
          "  check (+ AppCDS archive)  min %5d ms  median %5d ms  ratio %.1fx"
              + "   <- target <= 5x%n",
          min(cc), median(cc), (double) median(cc) / median(h));
    } else {
      System.out.println("  (no " + jsa + ": build with mvn package to make the AppCDS archive)");
    }
  }

  private static long time(List<String> cmd) throws Exception {
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int code = p.waitFor();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (code != 0 && code != 1) {
      throw new IllegalStateException("command failed with " + code + ": " + cmd);
    }
    return ms;
  }

  private static Path jar() throws Exception {
    Path self =
        Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (self.toString().endsWith(".jar")) {
      return self;
    }
    Path jar = Path.of("target", "psa-policy.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("run mvn -B -q package -DskipTests first");
    }
    return jar;
  }

  // ---- throughput ------------------------------------------------------------------------

  private static void throughput() throws Exception {
    BaselineSet set = baselines();
    Baseline hatz = set.get("hatz-ai-connectwise");
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    Policy policy = Policy.of(catalog, set, List.of(), RuleSetLoader.builtIn(), Severity.HIGH);
    List<Snapshot> snapshots = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      snapshots.add(BenchData.snapshot("t" + i, 3, hatz, i));
    }
    Work drools = s -> evaluate(policy, s);
    Work loop = s -> handWritten(s, set, catalog);
    runFor(drools, snapshots, 2_000, 1);
    runFor(loop, snapshots, 1_000, 1);
    double drools1 = runFor(drools, snapshots, 3_000, 1);
    double loop1 = runFor(loop, snapshots, 3_000, 1);
    int cores = Runtime.getRuntime().availableProcessors();
    double droolsN = runFor(drools, snapshots, 3_000, cores);
    System.out.printf(
        "%n[throughput] 300-grant snapshots (3 principals), one shared KieBase, a"
            + " new session each, from the parsed snapshot to violations%n");
    System.out.printf("  Drools, 1 thread     %8.0f snapshots/s   <- target >= 1,500/s%n", drools1);
    System.out.printf("  Drools, %d threads    %8.0f snapshots/s%n", cores, droolsN);
    System.out.printf(
        "  hand-written loop    %8.0f snapshots/s   (Drools costs %.1fx the loop)%n",
        loop1, loop1 / drools1);
  }

  /** One evaluation of a snapshot, returning its violation count. */
  @FunctionalInterface
  private interface Work {
    int run(Snapshot s) throws Exception;
  }

  private static double runFor(Work work, List<Snapshot> snapshots, long millis, int threads)
      throws Exception {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + millis * 1_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      final int offset = t;
      futures.add(
          pool.submit(
              () -> {
                int i = offset;
                long sink = 0;
                while (System.nanoTime() < end) {
                  sink += work.run(snapshots.get(i++ % snapshots.size()));
                  done.incrementAndGet();
                }
                return sink;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - t0) / 1e9;
    return done.get() / seconds;
  }

  // ---- one million grants ----------------------------------------------------------------

  private static void million() throws Exception {
    BaselineSet set = baselines();
    Baseline hatz = set.get("hatz-ai-connectwise");
    PermissionCatalog catalog = PermissionCatalog.builtIn();
    Snapshot snapshot = BenchData.snapshot("m", 10_000, hatz, 7);
    Policy policy = Policy.of(catalog, set, List.of(), RuleSetLoader.builtIn(), Severity.HIGH);
    int rounds = 3;
    long[] loop = new long[rounds];
    long[] drools = new long[rounds];
    long[] loopGc = new long[rounds];
    long[] droolsGc = new long[rounds];
    int loopViolations = 0;
    int droolsViolations = 0;
    long peak = 0;
    for (int i = 0; i < rounds; i++) {
      System.gc();
      long gc0 = gcMillis();
      long t0 = System.nanoTime();
      loopViolations = handWritten(snapshot, set, catalog);
      loop[i] = (System.nanoTime() - t0) / 1_000_000;
      loopGc[i] = gcMillis() - gc0;
      System.gc();
      resetPeaks();
      gc0 = gcMillis();
      t0 = System.nanoTime();
      droolsViolations = evaluate(policy, snapshot);
      drools[i] = (System.nanoTime() - t0) / 1_000_000;
      droolsGc[i] = gcMillis() - gc0;
      peak = Math.max(peak, peakHeap());
    }
    System.out.printf(
        "%n[1M grants] %,d principals x 100 grants, from the parsed snapshot to"
            + " violations; %d rounds, medians (heap capped at %d MB, GC %s)%n",
        snapshot.principals().size(), rounds, Runtime.getRuntime().maxMemory() >> 20, gcNames());
    System.out.printf(
        "  hand-written loop   %6d ms (GC %4d ms)   %,9d violations%n",
        median(loop), median(loopGc), loopViolations);
    System.out.printf(
        "  Drools (exec model) %6d ms (GC %4d ms)   %,9d violations   ratio %.1fx"
            + "   <- target <= 4x%n",
        median(drools),
        median(droolsGc),
        droolsViolations,
        (double) median(drools) / Math.max(1, median(loop)));
    System.out.printf(
        "  peak heap in use during the Drools runs: %d MB   <- target < 1 GB%n", peak >> 20);
  }

  /** Cold processes, as a user runs them: read the 1M-grant file, evaluate, count. */
  private static void millionCold(int runs) throws Exception {
    Path dir = Files.createTempDirectory("psa-bench");
    Path file = dir.resolve("1m-grants.json");
    Files.write(
        file,
        SnapshotWriter.toJson(
            BenchData.snapshot("m", 10_000, baselines().get("hatz-ai-connectwise"), 7)));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    List<String> loop =
        List.of(
            java,
            "-Xmx1g",
            "-XX:+UseParallelGC",
            "-cp",
            cp,
            Benchmark.class.getName(),
            "file-loop",
            file.toString());
    List<String> drools =
        List.of(
            java,
            "-Xmx1g",
            "-XX:+UseParallelGC",
            "-cp",
            cp,
            Benchmark.class.getName(),
            "file-drools",
            file.toString());
    long[] l = new long[runs];
    long[] d = new long[runs];
    for (int i = 0; i < runs; i++) {
      l[i] = time(loop);
      d[i] = time(drools);
    }
    System.out.printf(
        "%n[1M grants, cold processes] read %d MB snapshot file, evaluate, count;"
            + " -Xmx1g; %d runs each, interleaved%n",
        Files.size(file) >> 20, runs);
    System.out.printf("  hand-written loop   min %5d ms  median %5d ms%n", min(l), median(l));
    System.out.printf(
        "  Drools (exec model) min %5d ms  median %5d ms  ratio %.1fx"
            + "   <- target <= 4x, heap < 1 GB (the cap)%n",
        min(d), median(d), (double) median(d) / median(l));
    Files.delete(file);
  }

  private static void fileRun(boolean drools, Path file) throws Exception {
    Snapshot s = SnapshotReader.read(file);
    BaselineSet set = baselines();
    int n;
    if (drools) {
      n =
          evaluate(
              Policy.of(
                  PermissionCatalog.builtIn(),
                  set,
                  List.of(),
                  RuleSetLoader.builtIn(),
                  Severity.HIGH),
              s);
    } else {
      n = handWritten(s, set, PermissionCatalog.builtIn());
    }
    System.out.println(n);
  }

  /** One evaluation as {@code check} runs it; the violation count. */
  private static int evaluate(Policy policy, Snapshot s) throws Exception {
    return Evaluation.run(
            new Evaluation.Request(policy, List.of(s), true, Instant.now(), "bench", null))
        .report()
        .violations()
        .size();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(b -> Math.max(0, b.getCollectionTime()))
        .sum();
  }

  /**
   * The same work as fact assembly plus the built-in grant rules, by hand: resolve every row
   * against the catalog, join the principal's baselines, compare every verb (over-grants,
   * under-grants) and count admin principals.
   */
  static int handWritten(Snapshot s, BaselineSet set, PermissionCatalog catalog) {
    int violations = 0;
    for (Snapshot.SnapshotPrincipal p : s.principals()) {
      if (p.admin()) {
        violations++;
      }
      Map<Cell, int[]> allowed = new HashMap<>();
      for (String id : p.integrations()) {
        for (BaselineRow r : set.get(id).rows()) {
          int[] a = allowed.computeIfAbsent(r.cell(), c -> new int[] {0, 0, 0, 0, 0});
          a[4] = 1;
          for (Verb v : Verb.values()) {
            a[v.ordinal()] = Math.max(a[v.ordinal()], r.level(v).rank());
          }
        }
      }
      for (Snapshot.PermissionRow row : p.grants()) {
        Cell cell = catalog.resolve(s.platform(), row.module(), row.function()).orElse(null);
        int[] a = allowed.get(cell);
        for (Verb v : Verb.values()) {
          int rank = Level.parse(s.platform(), row.raw(v)).rank();
          int max = a == null ? 0 : a[v.ordinal()];
          if (rank > max || (a != null && a[4] == 1 && rank < max)) {
            violations++;
          }
        }
      }
    }
    return violations;
  }

  private static long heapUsed() {
    long used = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        used += p.getUsage().getUsed();
      }
    }
    return used;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static String gcNames() {
    return String.join(
        "+",
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
  }

  static long min(long[] a) {
    return Arrays.stream(a).min().orElse(0);
  }

  static long median(long[] a) {
    long[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
