package dev.psapolicy.validate;

import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.policy.PolicyLoader;
import dev.psapolicy.waiver.AcceptedFindings;
import dev.psapolicy.waiver.Verdict;
import dev.psapolicy.waiver.Waiver;
import dev.psapolicy.waiver.WaiverFile;
import dev.psapolicy.waiver.WaiverJudge;
import dev.psapolicy.waiver.WaiverPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validators for the pipeline gate's files: policy config, waivers, accepted findings. */
final class GateFileValidators {
  private GateFileValidators() {}

  private static final Set<String> CONFIG_ONLY_KEYS =
      Set.of(
          "failOn", "assign", "defaultBaselines", "baselineFiles", "severity", "disable", "rules");

  /** {@code psa-policy.yaml}: by its name, or by keys only a config has. */
  static final class Config implements FileValidator {
    private final Path cwd;

    Config(Path cwd) {
      this.cwd = cwd;
    }

    @Override
    public String kind() {
      return "policy config";
    }

    @Override
    public boolean accepts(Path file, Node root) {
      return isConfig(file, root);
    }

    /**
     * The one test for "this is a policy config": its name, or a key only a config has. A config
     * with {@code formatVersion} is still a config, never a snapshot.
     */
    static boolean isConfig(Path file, Node root) {
      String name = file.getFileName().toString();
      if (name.equals("psa-policy.yaml") || name.equals("psa-policy.yml")) {
        return true;
      }
      return root != null
          && root.isMap()
          && root.fields().keySet().stream().anyMatch(CONFIG_ONLY_KEYS::contains);
    }

    @Override
    public void validate(List<Target> files, Validation v) {
      for (Target t : files) {
        try {
          PolicyLoader.load(t.path(), t.display(), cwd);
        } catch (InvalidInputException e) {
          v.addAll(e.problems());
        }
      }
      v.count("policy config", files.size());
    }
  }

  /**
   * Waivers files: a mapping whose {@code waivers} is a list. Every waiver is judged as a run today
   * would judge it (default TTL and warning period), so an expired, malformed or too long waiver is
   * reported here, before a pipeline trips over it.
   */
  static final class Waivers implements FileValidator {
    private final Clock clock;

    Waivers(Clock clock) {
      this.clock = clock;
    }

    @Override
    public String kind() {
      return "waivers file";
    }

    @Override
    public boolean accepts(Path file, Node root) {
      return root != null
          && root.isMap()
          && root.get("waivers") != null
          && root.get("waivers").isList();
    }

    @Override
    public void validate(List<Target> files, Validation v) {
      List<Map.Entry<Path, String>> entries =
          files.stream()
              .map(
                  t ->
                      (Map.Entry<Path, String>)
                          new AbstractMap.SimpleEntry<>(t.path(), t.display()))
              .toList();
      try {
        WaiverJudge judge = new WaiverJudge(WaiverPolicy.DEFAULT, clock.instant());
        int count = 0;
        for (WaiverFile.Loaded loaded : WaiverFile.read(entries, v.ruleIds())) {
          for (Waiver w : loaded.waivers()) {
            count++;
            Verdict verdict = judge.verdict(w);
            if (!verdict.valid()) {
              v.addAll(verdict.problems());
            }
          }
        }
        v.count("waiver", count);
      } catch (InvalidInputException e) {
        v.addAll(e.problems());
      }
      v.count("waivers file", files.size());
    }
  }

  /** Accepted-findings files: a mapping with {@code accepted}. */
  static final class Accepted implements FileValidator {
    @Override
    public String kind() {
      return "accepted-findings file";
    }

    @Override
    public boolean accepts(Path file, Node root) {
      return root != null
          && root.isMap()
          && root.get("accepted") != null
          && root.get("waivers") == null
          && root.get("failOn") == null;
    }

    @Override
    public void validate(List<Target> files, Validation v) {
      for (Target t : files) {
        try {
          AcceptedFindings.read(t.path(), t.display());
        } catch (InvalidInputException e) {
          v.addAll(e.problems());
        }
      }
      v.count("accepted-findings file", files.size());
    }
  }
}
