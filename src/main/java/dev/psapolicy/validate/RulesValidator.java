package dev.psapolicy.validate;

import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Node;
import dev.psapolicy.input.StructuredFiles;
import dev.psapolicy.input.Utf8;
import dev.psapolicy.report.RuleInfo;
import dev.psapolicy.ruleset.RuleSet;
import dev.psapolicy.ruleset.RuleSetLoader;
import dev.psapolicy.ruleset.RuleSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DRL files: compiled together with the built-in rules, as {@code check --rules} would, so compile
 * errors, metadata problems and ids reused across files are all reported. A file identical to a
 * built-in rule file (a checkout's {@code rules/}) is that file, not a copy.
 */
final class RulesValidator implements FileValidator {
  private static final Pattern ID = Pattern.compile("@id\\(\\s*\"([^\"]+)\"\\s*\\)");

  @Override
  public String kind() {
    return "rule file";
  }

  @Override
  public boolean accepts(Path file, Node root) {
    return file.getFileName().toString().endsWith(".drl");
  }

  @Override
  public void validate(List<Target> files, Validation v) {
    List<RuleSource> builtIn = RuleSetLoader.builtInSources();
    Map<String, String> builtInByHash = new HashMap<>();
    builtIn.forEach(s -> builtInByHash.put(s.sha256(), s.file()));
    List<RuleSource> user = new ArrayList<>();
    Set<String> counted = new HashSet<>();
    List<String> declaredIds = new ArrayList<>();
    for (Target t : files) {
      try {
        byte[] bytes = StructuredFiles.readBytes(t.path(), t.display());
        String drl = Utf8.decode(bytes, t.display());
        InputFile file = InputFile.file(InputKind.RULES, t.display(), bytes);
        String same = builtInByHash.get(file.sha256());
        if (same != null) {
          // A checkout's rules/*.drl: the very file the jar carries, not a second copy.
          counted.add(same);
          continue;
        }
        user.add(RuleSource.ofUserFile(file, drl));
        counted.add(t.display());
        Matcher m = ID.matcher(drl);
        while (m.find()) {
          declaredIds.add(m.group(1));
        }
      } catch (InvalidInputException e) {
        v.addAll(e.problems());
      }
    }
    v.count("rule file", files.size());
    try {
      List<RuleSource> sources = new ArrayList<>(builtIn);
      sources.addAll(user);
      RuleSet rules = user.isEmpty() ? RuleSetLoader.builtIn() : RuleSetLoader.compile(sources);
      v.addRuleIds(rules.rules().stream().map(RuleInfo::id).toList());
      v.count("rule", (int) rules.rules().stream().filter(r -> counted.contains(r.file())).count());
    } catch (InvalidInputException e) {
      v.addAll(e.problems());
      // Cases may still name the rules the broken files declare: do not report those twice.
      v.addRuleIds(declaredIds);
    }
  }
}
