package dev.psapolicy.container;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The credentials a gate container gets through its environment, in every form they could leak in
 * (plain, URL-encoded, Base64, the ConnectWise {@code Authorization} value), and the check that
 * none of them is in a container's output or in any file it wrote.
 */
final class Secrets {
  private final List<String> forms;

  private Secrets(List<String> secrets) {
    List<String> f = new ArrayList<>();
    for (String s : secrets) {
      f.add(s);
      f.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
      f.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    }
    this.forms = List.copyOf(f);
  }

  /** The ConnectWise key pair, the client id and the Basic credentials built from them. */
  static Secrets connectWise(Map<String, String> env) {
    String user = env.get("CW_COMPANY") + "+" + env.get("CW_PUBLIC_KEY");
    return new Secrets(
        List.of(
            env.get("CW_PUBLIC_KEY"),
            env.get("CW_PRIVATE_KEY"),
            env.get("CW_CLIENT_ID"),
            user + ":" + env.get("CW_PRIVATE_KEY")));
  }

  /** Every Autotask API user's secret and the integration code. */
  static Secrets autotask(List<Map<String, String>> logins) {
    List<String> s = new ArrayList<>();
    for (Map<String, String> l : logins) {
      s.add(l.get("AT_SECRET"));
      s.add(l.get("AT_INTEGRATION_CODE"));
    }
    return new Secrets(s.stream().distinct().toList());
  }

  /** No form of a secret in the steps' output nor in any file under {@code work}. */
  void assertAbsent(Path work, Psa.Step.Result... steps) throws Exception {
    for (Psa.Step.Result r : steps) {
      for (String f : forms) {
        assertFalse(r.logs().contains(f), "a credential is in the output of " + r.command());
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(work)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path p : files) {
      String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
      for (String f : forms) {
        assertFalse(text.contains(f), "a credential is in " + work.relativize(p));
      }
    }
  }
}
