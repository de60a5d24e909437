package dev.psapolicy.ruleset;

import dev.psapolicy.ruleset.sandbox.Sandbox;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;

/**
 * The functions, declared types and packages of the user files, with where each is declared: how
 * generated code that is not a rule is named in a message.
 *
 * @param functions by "package.name"
 * @param types by "package.name"
 * @param packages the first user file of each package, at its package line
 */
record Declarations(Map<String, At> functions, Map<String, At> types, Map<String, At> packages) {

  /** A place in a user file. */
  record At(String file, int line) {}

  static Declarations of(List<RuleSource> user, Map<RuleSource, PackageDescr> parsed) {
    Map<String, At> functions = new HashMap<>();
    Map<String, At> types = new HashMap<>();
    Map<String, At> packages = new HashMap<>();
    for (RuleSource s : user) {
      PackageDescr pkg = parsed.get(s);
      if (pkg == null) {
        continue;
      }
      String name = packageName(pkg);
      packages.putIfAbsent(name, new At(s.file(), Math.max(1, pkg.getLine())));
      for (FunctionDescr f : pkg.getFunctions()) {
        functions.putIfAbsent(name + "." + f.getName(), new At(s.file(), Math.max(1, f.getLine())));
      }
      for (TypeDeclarationDescr t : pkg.getTypeDeclarations()) {
        types.putIfAbsent(name + "." + t.getTypeName(), new At(s.file(), Math.max(1, t.getLine())));
      }
    }
    return new Declarations(Map.copyOf(functions), Map.copyOf(types), Map.copyOf(packages));
  }

  /** The package of a parsed file as Drools names it. */
  static String packageName(PackageDescr pkg) {
    return pkg.getName() == null || pkg.getName().isEmpty() ? "defaultpkg" : pkg.getName();
  }

  /** The names the sandbox traces generated code back to. */
  Sandbox.Declared forSandbox() {
    return new Sandbox.Declared(byPackage(functions), byPackage(types));
  }

  private static Map<String, Set<String>> byPackage(Map<String, At> qualified) {
    Map<String, Set<String>> out = new HashMap<>();
    for (String q : qualified.keySet()) {
      int dot = q.lastIndexOf('.');
      out.computeIfAbsent(q.substring(0, dot), k -> new HashSet<>()).add(q.substring(dot + 1));
    }
    return out;
  }
}
