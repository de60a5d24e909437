package dev.psapolicy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.baseline.BaselineListing;
import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.Recognise;
import dev.psapolicy.catalog.PermissionCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/baseline-format.md documents exactly the keys the baseline loader accepts, and
 * docs/baselines.md's table is the generated list of built-in baselines.
 */
class BaselineDocsTest {
  private static final Path FORMAT = Path.of("docs/baseline-format.md");
  private static final Pattern KEY = Pattern.compile("^\\| `([a-zA-Z]+)` \\|");

  private static final Map<String, Set<String>> ACCEPTED =
      Map.of(
          "top", BaselineLoader.TOP_KEYS,
          "connectwise-row", BaselineLoader.CW_ROW_KEYS,
          "autotask-row", BaselineLoader.AT_ROW_KEYS,
          "connectwise-needs", BaselineLoader.CW_NEEDS_KEYS,
          "autotask-needs", BaselineLoader.AT_NEEDS_KEYS,
          "connectwise-recognise", Recognise.CONNECTWISE_KEYS.keySet(),
          "autotask-recognise", Recognise.AUTOTASK_KEYS.keySet());

  /** The keys of the table that follows {@code <!-- keys: NAME -->}. */
  static Set<String> documented(String doc, String name) {
    String marker = "<!-- keys: " + name + " -->";
    int at = doc.indexOf(marker);
    assertTrue(at >= 0, FORMAT + " lacks the " + marker + " table");
    Set<String> keys = new TreeSet<>();
    String[] lines = doc.substring(at + marker.length()).split("\n", -1);
    boolean inTable = false;
    for (String line : lines) {
      if (line.startsWith("|")) {
        inTable = true;
        Matcher m = KEY.matcher(line);
        if (m.find()) {
          keys.add(m.group(1));
        }
      } else if (inTable || !line.isBlank()) {
        break;
      }
    }
    return keys;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "top",
        "connectwise-row",
        "autotask-row",
        "connectwise-needs",
        "autotask-needs",
        "connectwise-recognise",
        "autotask-recognise"
      })
  void everyAcceptedKeyIsDocumentedAndNoOther(String table) throws Exception {
    String doc = Files.readString(FORMAT);
    assertEquals(
        new TreeSet<>(ACCEPTED.get(table)),
        documented(doc, table),
        FORMAT + ": the '" + table + "' table and the loader disagree");
  }

  @Test
  void theLatticeOfEachPlatformIsDocumented() throws Exception {
    String doc = Files.readString(FORMAT);
    assertTrue(doc.contains("| ConnectWise | None < My < All |"), "ConnectWise lattice");
    assertTrue(doc.contains("| Autotask | None < Restricted < All |"), "Autotask lattice");
  }

  @Test
  void theBuiltInBaselineTableIsTheGeneratedOne() throws Exception {
    String doc = Files.readString(Path.of("docs/baselines.md"));
    String begin = "<!-- BEGIN baselines table -->\n";
    String end = "<!-- END baselines table -->";
    int b = doc.indexOf(begin);
    int e = doc.indexOf(end);
    assertTrue(b >= 0 && e > b, "docs/baselines.md lacks the baselines table markers");
    assertEquals(
        BaselineListing.markdown(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn()),
        doc.substring(b + begin.length(), e),
        "docs/baselines.md is stale: replace the block between the markers with the output of"
            + " `java -jar target/psa-policy.jar rules doc --baselines`");
  }
}
