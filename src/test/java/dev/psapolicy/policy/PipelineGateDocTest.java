package dev.psapolicy.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.psapolicy.baseline.BaselineLoader;
import dev.psapolicy.baseline.BaselineSet;
import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.waiver.Waiver;
import dev.psapolicy.waiver.WaiverFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config and waiver examples of docs/pipeline-gate.md are valid as written. */
class PipelineGateDocTest {
  @TempDir Path dir;

  private static String yamlBlockAfter(String heading) throws Exception {
    String doc = Files.readString(Path.of("docs/pipeline-gate.md"));
    int at = doc.indexOf("\n" + heading + "\n");
    assertTrue(at >= 0, heading);
    int start = doc.indexOf("```yaml\n", at) + "```yaml\n".length();
    return doc.substring(start, doc.indexOf("```", start));
  }

  @Test
  void theConfigReferenceIsAValidConfig() throws Exception {
    Files.writeString(
        dir.resolve("psa-policy.yaml"), yamlBlockAfter("## Policy config (`psa-policy.yaml`)"));
    PolicyConfig c = PolicyLoader.load(dir.resolve("psa-policy.yaml"), "psa-policy.yaml", dir);
    RuleSelection s = RuleSelection.resolve(c, RuleSetLoader.builtIn().rules());
    PolicyAssigner.of(
        c,
        BaselineSet.of(new BaselineLoader(PermissionCatalog.builtIn()).loadBuiltIn()),
        List.of());
    RuleInfo undergrant = RuleSetLoader.builtIn().rule("PSA-UNDERGRANT");
    assertEquals("info", s.severityOf(undergrant).id());
    assertEquals(2, c.assign().size());
  }

  @Test
  void theWaiverReferenceIsAValidWaiver() throws Exception {
    WaiverFile.Loaded l =
        WaiverFile.parse(
            InputFile.file(
                InputKind.WAIVERS,
                "waivers.yaml",
                yamlBlockAfter("## Waivers (`waivers.yaml`)").getBytes(StandardCharsets.UTF_8)),
            RuleSetLoader.builtIn().rules().stream().map(RuleInfo::id).toList());
    Waiver w = l.waivers().get(0);
    assertEquals(List.of(), w.defects());
    assertEquals("W-12", w.id());
  }
}
