package dev.psapolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which JVM set-up the launcher ({@code src/main/launcher/psa-policy}) picks, run with a stand-in
 * {@code java} that prints the arguments it was given: the AOT cache's JDK when the build recorded
 * one, else AppCDS on the default java; C1 without replayed profiles for one-shot commands on small
 * inputs, the full JIT for long-lived commands and inputs above 24 MB (the growth benchmark's
 * crossing point, docs/benchmark.md).
 */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("src/main/launcher/psa-policy").toAbsolutePath();
  private static final String C1 = "-XX:TieredStopAtLevel=1";
  private static final String TENURE = "-XX:MaxTenuringThreshold=0";

  @TempDir Path dir;
  private Path install;
  private Path jdk;
  private Path bin;

  @BeforeEach
  void install() throws IOException {
    install = Files.createDirectories(dir.resolve("install"));
    Files.copy(SCRIPT, install.resolve("psa-policy"));
    Files.setPosixFilePermissions(
        install.resolve("psa-policy"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(install.resolve("psa-policy.jar"), "jar");
    jdk = Files.createDirectories(dir.resolve("jdk25"));
    fakeJava(Files.createDirectories(jdk.resolve("bin")), "jdk25");
    bin = Files.createDirectories(dir.resolve("bin"));
    fakeJava(bin, "default");
  }

  private static void fakeJava(Path binDir, String name) throws IOException {
    Path java = binDir.resolve("java");
    Files.writeString(
        java, "#!/bin/sh\necho " + name + "\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void withAotCache() throws IOException {
    Files.writeString(install.resolve("psa-policy.aot"), "cache");
    Files.writeString(install.resolve("psa-policy.aot.jdk"), jdk + "\n");
  }

  private List<String> launch(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(install.resolve("psa-policy").toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().remove("PSA_POLICY_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    return List.of(out.split("\n"));
  }

  private List<String> launch(String... args) throws Exception {
    return launch(Map.of(), args);
  }

  private Path file(String name, long size) throws IOException {
    Path f = dir.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(size); // sparse: the launcher reads only its size
    }
    return f;
  }

  @Test
  void aOneShotCheckOfASmallSnapshotRunsC1OnTheAotCachesJdk() throws Exception {
    withAotCache();
    Path snap = file("small.json", 300_000);
    List<String> argv = launch("check", "--snapshot", snap.toString(), "--format", "json");
    assertEquals("jdk25", argv.get(0));
    assertTrue(argv.contains("-XX:AOTCache=" + install.resolve("psa-policy.aot")), "" + argv);
    assertTrue(argv.contains(C1), "" + argv);
    assertTrue(argv.contains("-XX:-AOTReplayTraining"), "" + argv);
    assertTrue(argv.contains("-XX:+UseSerialGC"), "" + argv);
    assertTrue(argv.contains("-XX:MetaspaceSize=128m"), "" + argv);
    assertFalse(argv.contains(TENURE), "" + argv);
    assertEquals(
        List.of("-jar", install.resolve("psa-policy.jar").toString(), "check", "--snapshot"),
        argv.subList(argv.indexOf("-jar"), argv.indexOf("-jar") + 4),
        "the user's arguments follow the jar, unchanged");
    assertEquals("json", argv.get(argv.size() - 1));
  }

  @Test
  void inputsAbove24MbKeepTheFullJitAndTheProfiles() throws Exception {
    withAotCache();
    Path big = file("big.json", 24_000_001);
    for (List<String> args :
        List.of(
            List.of("check", "--snapshot", big.toString()),
            List.of("check", "--snapshot=" + big),
            List.of("plan", "--snapshot", big.toString(), "--format", "json"))) {
      List<String> argv = launch(args.toArray(String[]::new));
      assertFalse(argv.contains(C1), args + ": " + argv);
      assertFalse(argv.contains("-XX:-AOTReplayTraining"), args + ": " + argv);
      assertTrue(argv.contains(TENURE), args + ": " + argv);
    }
    // two files count together
    Path half = file("half.json", 12_500_000);
    Path other = file("other.json", 12_500_000);
    assertFalse(
        launch("check", "--snapshot", half.toString(), "--snapshot", "" + other).contains(C1));
    assertTrue(launch("check", "--snapshot", half.toString()).contains(C1));
    // an old report about to be replaced is output, not input
    assertTrue(
        launch("check", "--snapshot", half.toString(), "--output", big.toString()).contains(C1));
    assertTrue(launch("check", "--snapshot", half.toString(), "-o", "json=" + big).contains(C1));
    assertTrue(launch("check", "--snapshot", half.toString(), "--output=" + big).contains(C1));
  }

  @Test
  void longLivedCommandsKeepTheFullJit() throws Exception {
    withAotCache();
    Path big = file("big.json", 24_000_001);
    for (String command : List.of("serve", "simulate", "test")) {
      assertFalse(launch(command, "--demo").contains(C1), command);
      assertFalse(
          launch(command, "--snapshot", big.toString()).contains(TENURE),
          command + " is long-lived: its data does not all live to the end");
    }
    assertTrue(launch("fetch", "--demo").contains(C1));
  }

  @Test
  void withoutAnAotCacheItUsesTheAppCdsArchiveOnTheDefaultJava() throws Exception {
    Files.writeString(install.resolve("psa-policy.jsa"), "archive");
    List<String> argv = launch("check", "--demo");
    assertEquals("default", argv.get(0));
    assertTrue(argv.contains("-XX:SharedArchiveFile=" + install.resolve("psa-policy.jsa")));
    assertTrue(argv.contains(C1), "" + argv);
    assertFalse(argv.contains("-XX:-AOTReplayTraining"), "a JDK 17 has no such flag: " + argv);
    assertFalse(launch("serve", "--demo").contains(C1));
  }

  @Test
  void aCacheWhoseJdkIsGoneFallsBackAndJavaOptionsReachTheJvm() throws Exception {
    withAotCache();
    Files.writeString(install.resolve("psa-policy.aot.jdk"), dir.resolve("no-such-jdk") + "\n");
    List<String> argv = launch(Map.of("PSA_POLICY_JAVA_OPTS", "-Xmx1g"), "check", "--demo");
    assertEquals("default", argv.get(0));
    assertTrue(argv.contains("-Xmx1g"), "" + argv);
    assertTrue(argv.indexOf("-Xmx1g") < argv.indexOf("-jar"), "" + argv);
  }

  @Test
  void checkPlanAndAcceptOnFilesStartOnTheCacheTrainedOnFiles() throws Exception {
    withAotCache();
    Files.writeString(install.resolve("psa-policy-files.aot"), "files cache");
    String files = "-XX:AOTCache=" + install.resolve("psa-policy-files.aot");
    String demo = "-XX:AOTCache=" + install.resolve("psa-policy.aot");
    Path snap = file("small.json", 300_000);
    for (String command : List.of("check", "plan", "accept")) {
      List<String> argv = launch(command, "--snapshot", snap.toString());
      assertTrue(argv.contains(files), command + ": " + argv);
      assertFalse(argv.contains(demo), command + ": " + argv);
      argv = launch(command, "--snapshot", snap.toString(), "--demo");
      assertTrue(argv.contains(demo), command + " --demo starts simulators: " + argv);
    }
    for (String command : List.of("fetch", "serve", "simulate", "apply", "validate")) {
      List<String> argv = launch(command, "--snapshot", snap.toString());
      assertTrue(argv.contains(demo), command + ": " + argv);
    }
    // without the files cache every run starts on the one there is
    Files.delete(install.resolve("psa-policy-files.aot"));
    assertTrue(launch("check", "--snapshot", snap.toString()).contains(demo));
  }
}
