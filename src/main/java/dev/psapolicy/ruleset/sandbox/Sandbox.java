package dev.psapolicy.ruleset.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Checks the classes Drools generated from user DRL against the {@link AllowList}, on the bytecode
 * itself: whatever the DRL says, only what the compiled rule can actually reach counts. Each
 * generated method is traced back to what the DRL declared it for (a rule, a function, a declared
 * type), so that a refusal names the rule and its line.
 *
 * <p>How the executable model lays out a package ({@code Rules<hash>} holds the functions, {@code
 * Rules<hash>RuleMethodsN} one static method per rule that calls {@code D.rule(package, name)},
 * {@code P<xx>/Lambda*} one class per constraint, extractor or consequence, referenced from the
 * rule methods that use it) is what the tracing relies on; code that cannot be traced is blamed on
 * its package, never let through.
 */
public final class Sandbox {
  private Sandbox() {}

  /**
   * What a piece of generated code was generated for.
   *
   * @param kind rule, function, declared type, or the package as a whole
   * @param pkg the DRL package
   * @param name the rule, function or type name ({@code null} for a package)
   */
  public record Owner(Kind kind, String pkg, String name) {
    /** What an owner is. */
    public enum Kind {
      RULE,
      FUNCTION,
      TYPE,
      PACKAGE
    }
  }

  /**
   * Something user code may not do.
   *
   * @param owner what it was generated for
   * @param what the refused use, for a message ("java.lang.System.exit", "drools.halt()")
   */
  public record Offence(Owner owner, String what) {}

  /**
   * The outcome.
   *
   * @param offences every refused use, at most once per owner and use, in class order
   * @param owners the owners of every generated class, by binary name, and of the methods that have
   *     owners of their own (a function), by binary class name + "." + method name (for run-time
   *     messages found from a stack trace)
   */
  public record Result(List<Offence> offences, Map<String, List<Owner>> owners) {
    public Result {
      offences = List.copyOf(offences);
      owners = Map.copyOf(owners);
    }
  }

  /**
   * What the DRL declared, so that generated code can be traced back to it.
   *
   * @param functions function names by package
   * @param types declared type names by package
   */
  public record Declared(Map<String, Set<String>> functions, Map<String, Set<String>> types) {}

  private static final Pattern RULES_CLASS = Pattern.compile(".*/Rules[0-9A-F]{32}");
  private static final Pattern RULE_METHODS_CLASS =
      Pattern.compile(".*/Rules[0-9A-F]{32}RuleMethods\\d+");
  private static final String D = "org/drools/modelcompiler/dsl/pattern/D";

  /**
   * Checks generated classes.
   *
   * @param classes class file bytes by internal name ({@code acme/rules/Rules...})
   * @param declared what the DRL declared
   */
  public static Result check(Map<String, byte[]> classes, Declared declared) {
    Map<String, Scanned> scanned = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      Scanned s = new Scanned();
      new ClassReader(e.getValue())
          .accept(
              new Scanner(s, classes.keySet()), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      scanned.put(s.name, s);
    }
    Map<String, Set<Owner>> classOwners = new LinkedHashMap<>();
    Map<MethodKey, Set<Owner>> methodOwners = new LinkedHashMap<>();
    // Rule methods first: they say which lambda classes belong to which rule.
    for (Scanned c : scanned.values()) {
      for (Method m : c.methods) {
        if (m.ruleName != null) {
          Owner rule = new Owner(Owner.Kind.RULE, m.rulePackage, m.ruleName);
          own(methodOwners, new MethodKey(c.name, m.name, m.desc), rule);
          for (String used : m.ownClassesUsed) {
            if (!isPlumbing(used, declared)) {
              classOwners.computeIfAbsent(used, k -> new LinkedHashSet<>()).add(rule);
            }
          }
        }
      }
    }
    for (Scanned c : scanned.values()) {
      String pkg = packageOf(c.name);
      String simple = c.name.substring(c.name.lastIndexOf('/') + 1);
      Set<String> functions = declared.functions().getOrDefault(pkg, Set.of());
      if (declared.types().getOrDefault(pkg, Set.of()).contains(simple)) {
        own(classOwners, c.name, new Owner(Owner.Kind.TYPE, pkg, simple));
      } else if (RULES_CLASS.matcher(c.name).matches()) {
        for (Method m : c.methods) {
          if ((m.access & Opcodes.ACC_STATIC) != 0 && functions.contains(m.name)) {
            own(methodOwners, new MethodKey(c.name, m.name, m.desc), function(pkg, m.name));
          }
        }
      }
      if (!classOwners.containsKey(c.name)) {
        own(classOwners, c.name, new Owner(Owner.Kind.PACKAGE, pkg, null));
      }
    }
    // Lambdas compiled into synthetic methods belong to the method that creates them.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Scanned c : scanned.values()) {
        for (Method m : c.methods) {
          Set<Owner> owners = methodOwners.get(new MethodKey(c.name, m.name, m.desc));
          if (owners == null) {
            continue;
          }
          for (MethodKey target : m.handles) {
            Set<Owner> t = methodOwners.computeIfAbsent(target, k -> new LinkedHashSet<>());
            changed |= t.addAll(owners);
          }
        }
      }
    }

    Map<Owner, Set<String>> found = new LinkedHashMap<>();
    Map<String, List<Owner>> ownersByClass = new LinkedHashMap<>();
    for (Scanned c : scanned.values()) {
      Set<Owner> ofClass = classOwners.get(c.name);
      ownersByClass.put(c.name.replace('/', '.'), List.copyOf(ofClass));
      for (Method m : c.methods) {
        Set<Owner> owners = methodOwners.get(new MethodKey(c.name, m.name, m.desc));
        if (owners != null && !owners.isEmpty()) {
          ownersByClass.put(c.name.replace('/', '.') + "." + m.name, List.copyOf(owners));
        }
      }
      for (String what : c.classOffences) {
        ofClass.forEach(o -> found.computeIfAbsent(o, k -> new LinkedHashSet<>()).add(what));
      }
      for (Method m : c.methods) {
        Set<Owner> owners = methodOwners.get(new MethodKey(c.name, m.name, m.desc));
        Set<Owner> blamed = owners == null || owners.isEmpty() ? ofClass : owners;
        for (String what : m.offences) {
          blamed.forEach(o -> found.computeIfAbsent(o, k -> new LinkedHashSet<>()).add(what));
        }
      }
    }
    for (Map.Entry<Owner, String> r : recursion(scanned, declared).entrySet()) {
      found.computeIfAbsent(r.getKey(), k -> new LinkedHashSet<>()).add(r.getValue());
    }
    List<Offence> offences = new ArrayList<>();
    found.forEach((o, whats) -> whats.forEach(w -> offences.add(new Offence(o, w))));
    return new Result(offences, ownersByClass);
  }

  /**
   * Functions that call themselves, directly or through other functions: a stack overflow waiting
   * for its input, refused at load rather than hit during an evaluation.
   */
  private static Map<Owner, String> recursion(Map<String, Scanned> scanned, Declared declared) {
    Map<MethodKey, List<MethodKey>> calls = new LinkedHashMap<>();
    Map<MethodKey, String> pkgOf = new LinkedHashMap<>();
    for (Scanned c : scanned.values()) {
      if (!RULES_CLASS.matcher(c.name).matches()) {
        continue;
      }
      String pkg = packageOf(c.name);
      Set<String> functions = declared.functions().getOrDefault(pkg, Set.of());
      for (Method m : c.methods) {
        if (functions.contains(m.name)) {
          MethodKey k = new MethodKey(c.name, m.name, m.desc);
          pkgOf.put(k, pkg);
          calls.put(k, m.staticCalls.stream().filter(t -> t.owner().equals(c.name)).toList());
        }
      }
    }
    Map<Owner, String> out = new LinkedHashMap<>();
    for (MethodKey start : calls.keySet()) {
      List<MethodKey> path = cycleFrom(start, calls);
      if (path != null) {
        StringBuilder chain = new StringBuilder();
        for (MethodKey k : path) {
          chain.append(chain.length() == 0 ? "" : " -> ").append(k.name());
        }
        out.put(function(pkgOf.get(start), start.name()), "recursion (" + chain + ")");
      }
    }
    return out;
  }

  /** A call path from {@code start} back to it, or null. */
  private static List<MethodKey> cycleFrom(MethodKey start, Map<MethodKey, List<MethodKey>> calls) {
    Deque<List<MethodKey>> todo = new ArrayDeque<>();
    todo.push(List.of(start));
    Set<MethodKey> seen = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      List<MethodKey> path = todo.pop();
      for (MethodKey next : calls.getOrDefault(path.get(path.size() - 1), List.of())) {
        List<MethodKey> longer = new ArrayList<>(path);
        longer.add(next);
        if (next.equals(start)) {
          return longer;
        }
        if (calls.containsKey(next) && seen.add(next)) {
          todo.push(longer);
        }
      }
    }
    return null;
  }

  private static Owner function(String pkg, String name) {
    return new Owner(Owner.Kind.FUNCTION, pkg, name);
  }

  /** Generated classes that serve every rule of a package (never blamed on one rule). */
  private static boolean isPlumbing(String cls, Declared declared) {
    String simple = cls.substring(cls.lastIndexOf('/') + 1);
    return RULES_CLASS.matcher(cls).matches()
        || RULE_METHODS_CLASS.matcher(cls).matches()
        || simple.startsWith("DomainClassesMetadata")
        || declared.types().getOrDefault(packageOf(cls), Set.of()).contains(simple);
  }

  private static <K> void own(Map<K, Set<Owner>> map, K key, Owner owner) {
    map.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(owner);
  }

  /** The DRL package of a generated class ({@code acme/rules/P1A/Lambda...} is in acme.rules). */
  private static String packageOf(String cls) {
    String dir = cls.lastIndexOf('/') < 0 ? "" : cls.substring(0, cls.lastIndexOf('/'));
    String last = dir.substring(dir.lastIndexOf('/') + 1);
    if (last.matches("P[0-9A-F]{2}") && cls.substring(dir.length() + 1).startsWith("Lambda")) {
      dir = dir.lastIndexOf('/') < 0 ? "" : dir.substring(0, dir.lastIndexOf('/'));
    }
    return dir.replace('/', '.');
  }

  private record MethodKey(String owner, String name, String desc) {}

  /** One generated class, as far as the check needs it. */
  private static final class Scanned {
    String name;
    final List<String> classOffences = new ArrayList<>();
    final List<Method> methods = new ArrayList<>();
  }

  /** One generated method. */
  private static final class Method {
    final int access;
    final String name;
    final String desc;
    final Set<String> offences = new LinkedHashSet<>();
    final Set<String> ownClassesUsed = new LinkedHashSet<>();
    final List<MethodKey> staticCalls = new ArrayList<>();
    final List<MethodKey> handles = new ArrayList<>();
    String rulePackage;
    String ruleName;

    Method(int access, String name, String desc) {
      this.access = access;
      this.name = name;
      this.desc = desc;
    }
  }

  private static final class Scanner extends ClassVisitor {
    private final Scanned out;
    private final Set<String> own;

    Scanner(Scanned out, Set<String> own) {
      super(Opcodes.ASM9);
      this.out = out;
      this.own = own;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      out.name = name;
      List<String> supers = new ArrayList<>();
      if (superName != null) {
        supers.add(superName);
      }
      if (interfaces != null) {
        supers.addAll(List.of(interfaces));
      }
      for (String s : supers) {
        if (!own.contains(s) && !AllowList.superTypeAllowed(s)) {
          out.classOffences.add(display(s));
        }
      }
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      Method m = new Method(access, name, descriptor);
      out.methods.add(m);
      return new Instructions(m, own);
    }
  }

  /** The instructions of one method: every reference it makes, checked as it is read. */
  private static final class Instructions extends MethodVisitor {
    private final Method m;
    private final Set<String> own;

    /** The class whose constructor the previous instruction called, when it did. */
    private String justConstructed;

    /** The string constants pushed last (the arguments of {@code D.rule(package, name)}). */
    private String lastString;

    private String beforeLastString;

    Instructions(Method m, Set<String> own) {
      super(Opcodes.ASM9);
      this.m = m;
      this.own = own;
    }

    private void type(String internal) {
      String t = internal;
      if (t.startsWith("[")) {
        Type element = Type.getType(t).getElementType();
        if (element.getSort() != Type.OBJECT) {
          return;
        }
        t = element.getInternalName();
      }
      if (own.contains(t)) {
        m.ownClassesUsed.add(t);
      } else if (!AllowList.typeAllowed(t)) {
        m.offences.add(display(t));
      }
    }

    private void member(String owner, String name, String desc) {
      if (owner.startsWith("[")) {
        type(owner); // clone() of an array
        return;
      }
      if (own.contains(owner)) {
        m.ownClassesUsed.add(owner);
        return;
      }
      if (AllowList.INSERTS.contains(owner + "." + name + desc)) {
        if (!(AllowList.CLAIM.equals(justConstructed)
            || (justConstructed != null && own.contains(justConstructed)))) {
          m.offences.add(
              name
                  + " of a fact other than a new Claim or a new instance of a type the file"
                  + " declares");
        }
        return;
      }
      if (!AllowList.memberAllowed(owner, name)) {
        m.offences.add(display(owner, name));
      }
    }

    private void reset() {
      justConstructed = null;
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      member(owner, name, descriptor);
      if (opcode == Opcodes.INVOKESTATIC && own.contains(owner)) {
        m.staticCalls.add(new MethodKey(owner, name, descriptor));
      }
      if (opcode == Opcodes.INVOKESTATIC
          && owner.equals(D)
          && name.equals("rule")
          && m.ruleName == null) {
        if (descriptor.startsWith("(Ljava/lang/String;Ljava/lang/String;")) {
          m.rulePackage = beforeLastString;
          m.ruleName = lastString;
        } else if (descriptor.startsWith("(Ljava/lang/String;)")) {
          m.rulePackage = "defaultpkg";
          m.ruleName = lastString;
        }
      }
      justConstructed = opcode == Opcodes.INVOKESPECIAL && name.equals("<init>") ? owner : null;
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      member(owner, name, descriptor);
      reset();
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      type(type);
      reset();
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
      type(descriptor);
      reset();
    }

    @Override
    public void visitLdcInsn(Object value) {
      if (value instanceof String s) {
        beforeLastString = lastString;
        lastString = s;
      } else if (value instanceof Type t
          && (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY)) {
        type(t.getDescriptor().startsWith("[") ? t.getDescriptor() : t.getInternalName());
      } else if (value instanceof Handle h) {
        handle(h);
      } else if (value instanceof ConstantDynamic) {
        m.offences.add("a dynamic constant");
      }
      reset();
    }

    private void handle(Handle h) {
      member(h.getOwner(), h.getName(), h.getDesc());
      if (own.contains(h.getOwner())) {
        m.handles.add(new MethodKey(h.getOwner(), h.getName(), h.getDesc()));
        if (h.getTag() == Opcodes.H_INVOKESTATIC) {
          m.staticCalls.add(new MethodKey(h.getOwner(), h.getName(), h.getDesc()));
        }
      }
    }

    @Override
    public void visitInvokeDynamicInsn(
        String name, String descriptor, Handle bootstrap, Object... arguments) {
      if (!AllowList.bootstrapAllowed(bootstrap.getOwner(), bootstrap.getName())) {
        m.offences.add(display(bootstrap.getOwner(), bootstrap.getName()));
      }
      for (Object a : arguments) {
        if (a instanceof Handle h) {
          handle(h);
        } else if (a instanceof ConstantDynamic) {
          m.offences.add("a dynamic constant");
        }
      }
      reset();
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      // A handler for Throwable or Error (a finally block or synchronized is one) could swallow
      // the stop of a rule that has run out of time.
      if (type == null
          || type.equals("java/lang/Throwable")
          || type.equals("java/lang/Error")
          || type.equals("java/lang/ThreadDeath")
          || type.equals("java/lang/VirtualMachineError")
          || type.equals("java/lang/StackOverflowError")) {
        m.offences.add("a catch of Throwable or Error, a finally block or synchronized");
      }
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.MONITORENTER) {
        m.offences.add("a catch of Throwable or Error, a finally block or synchronized");
      }
      reset();
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      reset();
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
      reset();
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      reset();
    }

    @Override
    public void visitLabel(Label label) {
      reset(); // a jump target: what is on the stack may come from elsewhere
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
      reset();
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      reset();
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      reset();
    }
  }

  private static String display(String internal) {
    return internal.replace('/', '.').replace('$', '.');
  }

  private static String display(String owner, String name) {
    switch (owner) {
      case "org/drools/model/Drools",
      "org/drools/core/rule/consequence/KnowledgeHelper",
      "org/kie/api/runtime/KieRuntime",
      "org/kie/api/runtime/KieSession":
        if (name.equals("halt")) {
          return "drools.halt()";
        }
        if (name.equals("delete") || name.equals("retract")) {
          return "delete/retract of a fact";
        }
        if (name.equals("update") || name.equals("modify")) {
          return "update/modify of a fact";
        }
        return "drools." + name + "()";
      default:
        return name.equals("<init>") ? "new " + display(owner) : display(owner) + "." + name;
    }
  }
}
