package dev.psapolicy.ruleset;

import dev.psapolicy.input.InputProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drools.compiler.kproject.models.KieBaseModelImpl;
import org.drools.model.Model;
import org.drools.model.codegen.ExecutableModelProject;
import org.drools.modelcompiler.CanonicalKieModule;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieBaseModel;

/**
 * User DRL compiled at run time to the executable model, the same form the built-in rules take at
 * build time: every constraint, {@code eval}, consequence and function becomes Java bytecode, so
 * that the sandbox can check what the rules reach before any of it runs, and the rules can join the
 * precompiled built-in model in one KieBase.
 *
 * <p>Nothing generated is loaded or instantiated until {@link #models()} is called: the caller
 * checks {@link #classes()} first.
 */
final class UserModule {
  private final CanonicalKieModule module;
  private final Map<String, byte[]> classes;
  private final List<InputProblem> problems;

  private UserModule(
      CanonicalKieModule module, Map<String, byte[]> classes, List<InputProblem> problems) {
    this.module = module;
    this.classes = classes;
    this.problems = problems;
  }

  /** Compiles; compile errors are returned as problems, never thrown. */
  static UserModule compile(List<RuleSource> sources) {
    KieServices ks = KieServices.Factory.get();
    KieFileSystem kfs = ks.newKieFileSystem();
    ReleaseId releaseId =
        ks.newReleaseId("dev.psapolicy.user", "rules", Integer.toHexString(sources.hashCode()));
    kfs.generateAndWritePomXML(releaseId);
    Map<String, RuleSource> byPath = new HashMap<>();
    int i = 0;
    for (RuleSource s : sources) {
      String name = "rules/r" + (i++) + ".drl";
      byPath.put(name, s);
      byPath.put("src/main/resources/" + name, s);
      kfs.write("src/main/resources/" + name, s.drl());
    }
    KieBuilder builder;
    try {
      builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
    } catch (StackOverflowError | RuntimeException e) {
      if (!overflowed(e)) {
        throw e;
      }
      return new UserModule(null, Map.of(), List.of(overflow(sources)));
    }
    List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
    if (!errors.isEmpty()) {
      return new UserModule(null, Map.of(), RuleSetLoader.kieProblems(errors, byPath));
    }
    CanonicalKieModule module = (CanonicalKieModule) builder.getKieModule();
    String projectModel =
        CanonicalKieModule.getProjectModelClassNameNameWithReleaseId(releaseId).replace('.', '/');
    Map<String, byte[]> classes = new HashMap<>();
    module
        .getClassesMap()
        .forEach(
            (file, bytes) -> {
              String name = file.endsWith(".class") ? file.substring(0, file.length() - 6) : file;
              // The project model is generated from the release id above, never from DRL text.
              if (!name.equals(projectModel)) {
                classes.put(name, bytes);
              }
            });
    return new UserModule(module, Map.copyOf(classes), List.of());
  }

  private static boolean overflowed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StackOverflowError) {
        return true;
      }
    }
    return false;
  }

  /** The file that overflows the compiler: found by compiling each on its own (rare path). */
  private static InputProblem overflow(List<RuleSource> sources) {
    String file = sources.get(0).file();
    if (sources.size() > 1) {
      for (RuleSource s : sources) {
        UserModule alone = compile(List.of(s));
        if (alone.problems().stream().anyMatch(p -> p.message().contains("stack overflow"))) {
          file = s.file();
          break;
        }
      }
    }
    return new InputProblem(
        file,
        1,
        0,
        "the rules are nested too deeply to compile (stack overflow); split long expressions into"
            + " smaller constraints or functions");
  }

  /** Compile errors, with the user's file names; empty when the rules compiled. */
  List<InputProblem> problems() {
    return problems;
  }

  /** The generated class files, by internal name. */
  Map<String, byte[]> classes() {
    return classes;
  }

  /** The compiled rule models: this loads and runs the generated code. */
  List<Model> models() {
    List<Model> out = new ArrayList<>();
    for (KieBaseModel kbm : module.getKieModuleModel().getKieBaseModels().values()) {
      out.addAll(module.getModelForKBase((KieBaseModelImpl) kbm));
    }
    return out;
  }
}
