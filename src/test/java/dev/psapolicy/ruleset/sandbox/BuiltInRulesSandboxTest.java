package dev.psapolicy.ruleset.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.ruleset.RuleSetLoader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The built-in rules run unrestricted (they are compiled at build time and never checked at run
 * time), but the classes kie-maven-plugin generated for them pass the same allow-list as user
 * rules: the list is real, and a built-in rule that needs more than a user may have is a decision
 * someone has to make here.
 */
class BuiltInRulesSandboxTest {

  private static Map<String, byte[]> builtInClasses() throws Exception {
    URL url = RuleSetLoader.class.getClassLoader().getResource(RuleSetLoader.BUNDLED_DIR);
    assertEquals("file", url.getProtocol(), "run from target/classes: " + url);
    Path dir = Path.of(url.toURI());
    Path root = dir.getParent().getParent().getParent();
    Map<String, byte[]> classes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = root.relativize(f).toString().replace('\\', '/');
        classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(f));
      }
    }
    return classes;
  }

  @Test
  void theGeneratedCodeOfTheBuiltInRulesPassesTheAllowList() throws Exception {
    Map<String, byte[]> classes = builtInClasses();
    assertTrue(classes.size() > 20, classes.keySet().toString());
    Sandbox.Result r = Sandbox.check(classes, new Sandbox.Declared(Map.of(), Map.of()));
    assertEquals(List.of(), r.offences());

    // and the check saw every rule: each one's generated code was traced back to it
    Set<String> traced =
        r.owners().values().stream()
            .flatMap(List::stream)
            .filter(o -> o.kind() == Sandbox.Owner.Kind.RULE)
            .map(Sandbox.Owner::name)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> rules =
        RuleSetLoader.builtIn().rules().stream()
            .map(RuleInfo::id)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(rules, traced);
  }
}
