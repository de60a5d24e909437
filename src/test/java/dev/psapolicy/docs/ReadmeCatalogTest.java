package dev.psapolicy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.render.RuleCatalog;
import dev.psapolicy.ruleset.RuleSetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's built-in rule table is generated from the rules' metadata; this keeps it current. */
class ReadmeCatalogTest {
  static final String BEGIN = "<!-- BEGIN rules doc --table";
  static final String END = "<!-- END rules doc --table -->";

  @Test
  void readmeBuiltInRuleTableIsTheGeneratedOne() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertTrue(
        begin >= 0 && end > begin, "README.md lacks the " + BEGIN + " ... " + END + " block");
    String block = readme.substring(readme.indexOf("-->", begin) + "-->".length() + 1, end);
    assertEquals(
        RuleCatalog.table(RuleSetLoader.builtIn().rules()),
        block,
        "README.md's built-in rule table is stale: replace the block between the markers with"
            + " the output of `java -jar target/psa-policy.jar rules doc --table`");
  }
}
