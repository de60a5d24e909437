package dev.psapolicy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.psapolicy.baseline.Baseline;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.engine.FactSet;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.report.Severity;
import dev.psapolicy.report.Violation;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.run.Evaluation;
import dev.psapolicy.run.Policy;
import dev.psapolicy.source.snapshot.SnapshotReader;
import dev.psapolicy.source.snapshot.SnapshotWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Speed and memory figures, measured side by side in one run (see docs/benchmark.md).
 *
 * <pre>
 * java -cp target/psa-policy.jar:target/test-classes dev.psapolicy.bench.Benchmark [all|cold|million|throughput|growth|serve]
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
    if (what.equals("snapshot")) {
      writeSnapshot(Integer.parseInt(args[1]), Path.of(args[2]));
      return;
    }
    if (what.equals("tree-parse")) {
      treeParse(Path.of(args[1]));
      return;
    }
    if (what.equals("million-child")) {
      million();
      return;
    }
    if (what.equals("file-loop") || what.equals("file-drools")) {
      fileRun(what.equals("file-drools"), Path.of(args[1]));
      return;
    }
    System.out.printf(
        "psa-policy benchmark: %d cores, java %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    if (what.equals("all") || what.equals("cold")) {
      cold(runs > 0 ? runs : 9);
    }
    if (what.equals("all") || what.equals("throughput")) {
      throughput();
    }
    if (what.equals("all") || what.equals("million")) {
      // A child JVM capped at 1 GB of heap: finishing there is the memory claim.
      Process p =
          new ProcessBuilder(
                  java(),
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
    }
    if (what.equals("all") || what.equals("growth")) {
      growth(runs > 0 ? runs : 3);
    }
    if (what.equals("all") || what.equals("serve")) {
      serve(runs > 0 ? runs : 4);
    }
  }

  private static BaselineSet baselines() throws Exception {
    return BaselineSet.of(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn());
  }

  /** The default JDK's java: the one running the benchmark. */
  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A generated snapshot of {@code principals} x 100 grants, written as a user's file. */
  private static Path writeSnapshot(int principals, Path file) throws Exception {
    Snapshot s =
        BenchData.snapshot(
            principals >= 10_000 ? "m" : "bench.example",
            principals,
            baselines().get("hatz-ai-connectwise"),
            principals >= 10_000 ? 7 : 42);
    Files.write(file, SnapshotWriter.toJson(s));
    return file;
  }

  // ---- cold start ------------------------------------------------------------------------

  private static void cold(int runs) throws Exception {
    Path jar = jar();
    Path dir = Files.createTempDirectory("psa-bench");
    Path snap = writeSnapshot(3, dir.resolve("300-grants.json"));
    Path out = dir.resolve("result.json");
    Path launcher = jar.resolveSibling("psa-policy");
    String java = java();
    List<String> checkArgs =
        List.of("check", "--snapshot", snap.toString(), "--format", "json", "--output", "" + out);
    List<Cmd> cmds = new ArrayList<>();
    cmds.add(
        new Cmd(
            "JVM hello world (the floor)",
            List.of(java, "-cp", System.getProperty("java.class.path"), HELLO)));
    if (Files.isExecutable(launcher)) {
      cmds.add(new Cmd("check, launcher " + launcher.getFileName(), concat(launcher, checkArgs)));
    }
    cmds.add(new Cmd("check, java -jar", concat(List.of(java, "-jar", "" + jar), checkArgs)));
    long[][] wall = new long[cmds.size()][runs];
    long[][] rss = new long[cmds.size()][runs];
    for (Cmd c : cmds) {
      measure(c.argv(), Map.of()); // warm-up: page cache, archive mapping
    }
    for (int i = 0; i < runs; i++) {
      for (int k = 0; k < cmds.size(); k++) {
        Measured m = measure(cmds.get(k).argv(), Map.of());
        wall[k][i] = m.millis();
        rss[k][i] = m.peakKb();
      }
    }
    System.out.printf(
        "%n[cold start] 300-grant snapshot, --format json to a file; %d runs each, interleaved;"
            + " ratios of medians to the floor%n",
        runs);
    long floor = median(wall[0]);
    for (int k = 0; k < cmds.size(); k++) {
      System.out.printf(
          "  %-34s min %5d ms  median %5d ms  peak RSS %4d MB%s%n",
          cmds.get(k).name(),
          min(wall[k]),
          median(wall[k]),
          median(rss[k]) >> 10,
          k == 0
              ? ""
              : String.format(
                  "  ratio %.2fx%s",
                  (double) median(wall[k]) / floor, k == 1 ? "   <- target <= 4x" : ""));
    }
    if (!Files.isExecutable(launcher)) {
      System.out.println("  (no " + launcher + ": build with mvn package to make the launcher)");
    }
  }

  private static final String HELLO = Hello.class.getName();

  private record Cmd(String name, List<String> argv) {}

  private static List<String> concat(Object head, List<String> tail) {
    List<String> all = new ArrayList<>();
    if (head instanceof List<?> l) {
      l.forEach(x -> all.add(x.toString()));
    } else {
      all.add(head.toString());
    }
    all.addAll(tail);
    return all;
  }

  /** A finished process: wall time and peak resident memory. */
  private record Measured(long millis, long peakKb) {}

  /**
   * Runs a command to its end; the peak RSS is the kernel's high-water mark (VmHWM) of the process,
   * read while it runs (a launcher script that {@code exec}s java keeps its pid).
   */
  private static Measured measure(List<String> cmd, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    long peak = 0;
    while (!p.waitFor(10, TimeUnit.MILLISECONDS)) {
      peak = Math.max(peak, vmHwm(status));
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    int code = p.exitValue();
    if (code != 0 && code != 1) {
      throw new IllegalStateException("command failed with " + code + ": " + cmd);
    }
    return new Measured(ms, peak);
  }

  private static long vmHwm(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process has just ended
    }
    return 0;
  }

  /**
   * The jar under test: {@code -Dbench.jar=PATH} (another build, with its launcher), else this one.
   */
  private static Path jar() throws Exception {
    String other = System.getProperty("bench.jar");
    if (other != null) {
      return Path.of(other).toAbsolutePath();
    }
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

  // ---- serve: POST /v1/check under load ---------------------------------------------------

  /**
   * {@code psa-policy serve} started from the jar in a process of its own; this process is the load
   * generator: {@code concurrency} connections in a closed loop (each sends its next request when
   * the answer to the last one is in, so the load is bounded), POST /v1/check with a 300-grant
   * snapshot; 10 s of warm-up, then 20 s measured. Side by side: the cold CLI on the same snapshot,
   * as checks per second of one process after another.
   */
  private static void serve(int concurrency) throws Exception {
    Path jar = jar();
    Path dir = Files.createTempDirectory("psa-bench-serve");
    Path snap = writeSnapshot(3, dir.resolve("300-grants.json"));
    byte[] body = Files.readAllBytes(snap);
    Process server =
        new ProcessBuilder(
                java(),
                "-jar",
                jar.toString(),
                "serve",
                "--demo",
                "--no-config",
                "--port",
                "0",
                "--interval",
                "1h",
                "--state-dir",
                dir.resolve("state").toString())
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("serve.log").toFile())
            .start();
    try {
      URI url = null;
      for (int i = 0; i < 600 && url == null; i++) {
        Thread.sleep(100);
        for (String l : Files.readAllLines(dir.resolve("serve.log"))) {
          if (l.startsWith("psa-policy serve: listening on ")) {
            url = URI.create(l.substring("psa-policy serve: listening on ".length()) + "/v1/check");
          }
        }
      }
      if (url == null) {
        throw new IllegalStateException("serve did not start: " + dir.resolve("serve.log"));
      }
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(
                  // daemon threads: the client's pool must not keep the benchmark's JVM alive
                  Executors.newFixedThreadPool(
                      concurrency,
                      r -> {
                        Thread t = new Thread(r, "bench-client");
                        t.setDaemon(true);
                        return t;
                      }))
              .build();
      HttpRequest req =
          HttpRequest.newBuilder(url)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      HttpResponse<byte[]> first = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (first.statusCode() != 200) {
        throw new IllegalStateException("POST /v1/check answered " + first.statusCode());
      }
      load(client, req, concurrency, 10_000); // warm-up: JIT, the demo's first runs
      long[] lat = load(client, req, concurrency, 20_000);
      long measuredNanos = lat[lat.length - 1];
      long[] sorted = Arrays.copyOf(lat, lat.length - 1);
      Arrays.sort(sorted);
      double perSecond = sorted.length / (measuredNanos / 1e9);

      Path launcher = jar.resolveSibling("psa-policy");
      List<String> cli =
          concat(
              Files.isExecutable(launcher)
                  ? List.of(launcher.toString())
                  : List.of(java(), "-jar", "" + jar),
              List.of(
                  "check",
                  "--snapshot",
                  snap.toString(),
                  "--format",
                  "json",
                  "--output",
                  "" + dir.resolve("cli.json"),
                  "--no-config"));
      measure(cli, Map.of());
      long[] cold = new long[5];
      for (int i = 0; i < cold.length; i++) {
        cold[i] = measure(cli, Map.of()).millis();
      }
      System.out.printf(
          "%n[serve] POST /v1/check, 300-grant snapshot, JSON report; %d connections in a closed"
              + " loop from a second process on loopback; 20 s after 10 s of warm-up%n",
          concurrency);
      System.out.printf(
          "  serve                %8.0f checks/s   p50 %6.2f ms  p99 %6.2f ms  (%d requests)"
              + "   <- target >= 2,000/s, p99 < 20 ms%n",
          perSecond,
          sorted[sorted.length / 2] / 1e6,
          sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
          sorted.length);
      System.out.printf(
          "  cold CLI (%s)  %8.2f checks/s   median %5d ms per check  (%.0fx slower than serve)%n",
          Files.isExecutable(launcher) ? "launcher" : "java -jar",
          1000.0 / median(cold),
          median(cold),
          perSecond / (1000.0 / median(cold)));
    } finally {
      server.destroy(); // SIGTERM: serve's shutdown hook stops it cleanly
      server.waitFor(60, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code concurrency} threads sending requests one after another for {@code millis}; the
   * latencies in nanoseconds, then the elapsed time as the last element.
   */
  private static long[] load(HttpClient client, HttpRequest req, int concurrency, long millis)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long t0 = System.nanoTime();
    long end = t0 + millis * 1_000_000L;
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      futures.add(
          pool.submit(
              () -> {
                List<Long> l = new ArrayList<>();
                while (System.nanoTime() < end) {
                  long s0 = System.nanoTime();
                  HttpResponse<byte[]> r =
                      client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                  if (r.statusCode() != 200) {
                    throw new IllegalStateException("POST /v1/check answered " + r.statusCode());
                  }
                  l.add(System.nanoTime() - s0);
                }
                return l;
              }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      all.addAll(f.get());
    }
    long elapsed = System.nanoTime() - t0;
    pool.shutdown();
    long[] out = new long[all.size() + 1];
    for (int i = 0; i < all.size(); i++) {
      out[i] = all.get(i);
    }
    out[all.size()] = elapsed;
    return out;
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
    Work loop = s -> HandLoop.count(s, set, catalog);
    int warm = warmUp(drools, snapshots);
    warmUp(loop, snapshots);
    double drools1 = runFor(drools, snapshots, 3_000, 1);
    double loop1 = runFor(loop, snapshots, 3_000, 1);
    int cores = Runtime.getRuntime().availableProcessors();
    double droolsN = runFor(drools, snapshots, 3_000, cores);
    System.out.printf(
        "%n[throughput] 300-grant snapshots (3 principals), one shared KieBase, a"
            + " new session each, from the parsed snapshot to violations; measured for 3 s"
            + " after %d s of warm-up%n",
        warm);
    System.out.printf("  Drools, 1 thread     %8.0f snapshots/s   <- target >= 3,000/s%n", drools1);
    System.out.printf("  Drools, %d threads    %8.0f snapshots/s%n", cores, droolsN);
    System.out.printf(
        "  hand-written loop    %8.0f snapshots/s   (Drools costs %.1fx the loop)%n",
        loop1, loop1 / drools1);
  }

  /**
   * Runs the work on one thread in one-second windows until its rate settles (a window within 10%
   * of the one before, from the third on; at most 20): on two busy cores the JIT takes several
   * seconds to finish compiling a session's code. Returns the seconds it took.
   */
  private static int warmUp(Work work, List<Snapshot> snapshots) throws Exception {
    double last = 0;
    int seconds = 0;
    while (seconds < 20) {
      double rate = runFor(work, snapshots, 1_000, 1);
      seconds++;
      if (seconds >= 3 && Math.abs(rate - last) <= 0.1 * last) {
        break;
      }
      last = rate;
    }
    return seconds;
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
    Map<String, RuleInfo> rules = rulesById(policy);
    // warm until the evaluation settles (a round within 10% of the one before, from the third
    // on; at most 12), each side once per round, then seven measured rounds, the sides interleaved
    int warm = 0;
    long last = 0;
    while (warm < 12) {
      HandLoop.count(snapshot, set, catalog);
      HandLoop.findings(snapshot, set, catalog, rules);
      System.gc();
      long t0 = System.nanoTime();
      evaluate(policy, snapshot);
      long took = System.nanoTime() - t0;
      warm++;
      if (warm >= 3 && Math.abs(took - last) <= 0.1 * last) {
        break;
      }
      last = took;
    }
    boolean same =
        HandLoop.findings(snapshot, set, catalog, rules).equals(violations(policy, snapshot));
    int rounds = 7;
    long[] loop = new long[rounds];
    long[] built = new long[rounds];
    long[] drools = new long[rounds];
    long[] loopGc = new long[rounds];
    long[] builtGc = new long[rounds];
    long[] droolsGc = new long[rounds];
    int loopViolations = 0;
    int builtViolations = 0;
    int droolsViolations = 0;
    long peak = 0;
    for (int i = 0; i < rounds; i++) {
      System.gc();
      long gc0 = gcMillis();
      long t0 = System.nanoTime();
      loopViolations = HandLoop.count(snapshot, set, catalog);
      loop[i] = (System.nanoTime() - t0) / 1_000_000;
      loopGc[i] = gcMillis() - gc0;
      System.gc();
      gc0 = gcMillis();
      t0 = System.nanoTime();
      builtViolations = HandLoop.findings(snapshot, set, catalog, rules).size();
      built[i] = (System.nanoTime() - t0) / 1_000_000;
      builtGc[i] = gcMillis() - gc0;
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
            + " violations; %d warm-up rounds, then medians of %d (heap capped at %d MB, GC %s)%n",
        snapshot.principals().size(),
        warm,
        rounds,
        Runtime.getRuntime().maxMemory() >> 20,
        gcNames());
    System.out.printf(
        "  hand-written loop, counting          %6d ms (GC %4d ms)   %,9d violations%n",
        median(loop), median(loopGc), loopViolations);
    System.out.printf(
        "  hand-written loop, building findings %6d ms (GC %4d ms)   %,9d violations,"
            + " the evaluation's own: %s%n",
        median(built), median(builtGc), builtViolations, same ? "yes" : "NO");
    System.out.printf(
        "  Drools (exec model), whole report    %6d ms (GC %4d ms)   %,9d violations%n",
        median(drools), median(droolsGc), droolsViolations);
    System.out.printf(
        "  ratio to the loop building the same findings %.1fx   <- target <= 4x;"
            + " to the counting loop %.1fx%n",
        (double) median(drools) / Math.max(1, median(built)),
        (double) median(drools) / Math.max(1, median(loop)));
    System.out.printf(
        "  peak heap in use during the Drools runs: %d MB   <- target < 1 GB%n", peak >> 20);
    // where the Drools side's time goes: its parts, then the whole, in each of seven more rounds
    long[] assembly = new long[rounds];
    long[] sessions = new long[rounds];
    long[] whole = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      System.gc();
      long t0 = System.nanoTime();
      FactSet facts = policy.assembler().assemble(List.of(snapshot));
      long t1 = System.nanoTime();
      policy.engine().evaluate(facts);
      long t2 = System.nanoTime();
      facts = null; // NOPMD: let the whole run below have the heap the parts had
      System.gc();
      long t3 = System.nanoTime();
      evaluate(policy, snapshot);
      long t4 = System.nanoTime();
      assembly[i] = (t1 - t0) / 1_000_000;
      sessions[i] = (t2 - t1) / 1_000_000;
      whole[i] = (t4 - t3) / 1_000_000;
    }
    System.out.printf(
        "  of which (seven more rounds): fact assembly %d ms, Drools sessions (inserts, rules,"
            + " findings) %d ms, waivers and report about %d ms (of a whole run of %d ms)%n",
        median(assembly),
        median(sessions),
        Math.max(0, median(whole) - median(assembly) - median(sessions)),
        median(whole));
  }

  /**
   * Cold processes, as a user runs them, at 10k, 100k and 1M grants: a check with JSON output
   * (launcher and {@code java -jar}, heap capped at 1 GB) against reading the same file with
   * Jackson's tree model and with Python's json module.
   */
  private static void growth(int runs) throws Exception {
    Path jar = jar();
    Path launcher = jar.resolveSibling("psa-policy");
    Path dir = Files.createTempDirectory("psa-bench");
    String java = java();
    Map<String, String> capped = Map.of("PSA_POLICY_JAVA_OPTS", "-Xmx1g");
    String pyLoad = "import json, sys; json.load(open(sys.argv[1], 'rb'))";
    boolean python = python();
    System.out.printf(
        "%n[growth] cold processes: check --format json to a file (heap capped at 1 GB) versus a"
            + " plain parse of the same file; %d runs each, interleaved; medians%n",
        runs);
    System.out.printf(
        "  %9s %5s | %-22s | %-22s | %-22s | %-22s | %s%n",
        "grants",
        "MB",
        "check, launcher",
        "check, java -jar",
        "Jackson readTree",
        python ? "python3 json.load" : "(no python3)",
        "launcher/tree  /python  us/grant");
    for (int principals : new int[] {100, 1_000, 10_000}) {
      Path file = writeSnapshot(principals, dir.resolve(principals + "-principals.json"));
      Path out = dir.resolve("result.json");
      List<String> checkArgs =
          List.of("check", "--snapshot", "" + file, "--format", "json", "--output", "" + out);
      List<List<String>> cmds = new ArrayList<>();
      List<Map<String, String>> envs = new ArrayList<>();
      cmds.add(Files.isExecutable(launcher) ? concat(launcher, checkArgs) : null);
      envs.add(capped);
      cmds.add(concat(List.of(java, "-Xmx1g", "-jar", "" + jar), checkArgs));
      envs.add(Map.of());
      cmds.add(
          List.of(
              java,
              "-Xmx1g",
              "-cp",
              System.getProperty("java.class.path"),
              Benchmark.class.getName(),
              "tree-parse",
              "" + file));
      envs.add(Map.of());
      cmds.add(python ? List.of("python3", "-c", pyLoad, "" + file) : null);
      envs.add(Map.of());
      long[][] wall = new long[cmds.size()][runs];
      long[][] rss = new long[cmds.size()][runs];
      for (int i = 0; i < runs; i++) {
        for (int k = 0; k < cmds.size(); k++) {
          if (cmds.get(k) != null) {
            Measured m = measure(cmds.get(k), envs.get(k));
            wall[k][i] = m.millis();
            rss[k][i] = m.peakKb();
          }
        }
      }
      StringBuilder row = new StringBuilder();
      row.append(String.format("  %,9d %5d", principals * 100, Files.size(file) >> 20));
      for (int k = 0; k < cmds.size(); k++) {
        row.append(
            cmds.get(k) == null
                ? String.format(" | %-22s", "-")
                : String.format(" | %6d ms %5d MB RSS", median(wall[k]), median(rss[k]) >> 10));
      }
      long check = median(wall[cmds.get(0) == null ? 1 : 0]);
      row.append(
          String.format(
              " | %5.1fx  %6s  %6.2f",
              (double) check / Math.max(1, median(wall[2])),
              python ? String.format("%5.1fx", (double) check / Math.max(1, median(wall[3]))) : "-",
              check * 1000.0 / (principals * 100)));
      System.out.println(row);
      Files.delete(file);
    }
    System.out.println(
        "  targets at 1M grants: check <= 5x a plain parse, peak RSS <= 1 GB with -Xmx1g");
  }

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "-c", "pass")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor()
          == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** The plain-parse baseline: the whole file into a Jackson tree, as a script would. */
  private static void treeParse(Path file) throws Exception {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    System.out.println(root.path("principals").size());
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
      n = HandLoop.count(s, set, PermissionCatalog.builtIn());
    }
    System.out.println(n);
  }

  /** One evaluation as {@code check} runs it; the violation count. */
  private static int evaluate(Policy policy, Snapshot s) throws Exception {
    return violations(policy, s).size();
  }

  /** One evaluation as {@code check} runs it; the report's violations. */
  static List<Violation> violations(Policy policy, Snapshot s) throws Exception {
    return Evaluation.run(
            new Evaluation.Request(policy, List.of(s), true, Instant.now(), "bench", null))
        .report()
        .violations();
  }

  /** The policy's effective rules by id, as a session's finding sink sees them. */
  static Map<String, RuleInfo> rulesById(Policy policy) {
    Map<String, RuleInfo> out = new HashMap<>();
    policy.engine().effectiveRules().forEach(r -> out.putIfAbsent(r.id(), r));
    return out;
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(b -> Math.max(0, b.getCollectionTime()))
        .sum();
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
