package dev.psapolicy.ruleset.sandbox;

import java.util.List;
import java.util.Set;

/**
 * What the code Drools compiles from a user rule file may reference: the one list behind {@link
 * Sandbox}. Everything not listed is refused, so a JDK or library class is out until someone adds
 * it here on purpose (and says why in the commit).
 *
 * <p>Names are JVM internal names ({@code java/lang/String}). A reference is the owner of a method
 * call or field access, the class of a {@code new}, cast, {@code instanceof}, array creation or
 * class literal, a super type of a generated class, and the target of a method handle (lambdas,
 * method references).
 *
 * <ul>
 *   <li>the documented facts ({@code dev.psapolicy.facts}, with the vocabulary of {@code
 *       dev.psapolicy.vocabulary}) and the rule-author API ({@code dev.psapolicy.ruleapi});
 *   <li>{@code String}, {@code StringBuilder}, {@code Math}, the boxed primitives, {@code Object},
 *       {@code Enum}, the unchecked exceptions of {@code java.lang};
 *   <li>{@code java.util} collections, {@code java.util.function}, {@code java.util.regex} and
 *       sequential {@code java.util.stream}; not {@code java.util.concurrent}, timers, service
 *       loaders, resource bundles, {@code Scanner}, preferences, logging, zip or jar;
 *   <li>the classes the user's own file declares (declared types, functions, the lambdas Drools
 *       generates for it);
 *   <li>the Drools rule-model plumbing the generated code stands on ({@code org.drools.model}, the
 *       pattern DSL, {@code EvaluationUtil}, date formatting of its static set-up), with the
 *       consequence context reduced to {@code insert}/{@code insertLogical} of a new {@code Claim}
 *       or of a type the file declares.
 * </ul>
 *
 * Refused among others: {@code System} (but {@code arraycopy}, which generated enums use), {@code
 * Runtime}, {@code ProcessBuilder}, {@code Thread} and executors, {@code Class}, {@code
 * ClassLoader}, {@code java.lang.reflect}, {@code java.lang.invoke} (but the lambda and string
 * concatenation bootstraps), {@code java.io}, {@code java.nio}, {@code java.net}, {@code
 * drools.halt()}, {@code delete}/{@code retract}, {@code update}/{@code modify} and every other use
 * of the Drools or KIE runtime.
 */
public final class AllowList {
  private AllowList() {}

  /** Classes whose every member may be used, by package prefix (internal names). */
  private static final List<String> PACKAGES =
      List.of(
          "dev/psapolicy/facts/",
          "dev/psapolicy/vocabulary/",
          "dev/psapolicy/ruleapi/",
          // the executable model: rule definitions (patterns, indexes, consequences as data)
          "org/drools/model/",
          "org/drools/modelcompiler/dsl/pattern/",
          "java/util/function/",
          "java/util/regex/");

  /** The accumulate functions (count, sum, min, max, average, collectList, ...) live here. */
  private static final String ACCUMULATORS = "org/drools/core/base/accumulators/";

  /** Single classes whose every member may be used. */
  private static final Set<String> CLASSES =
      Set.of(
          "java/lang/Object",
          "java/lang/String",
          "java/lang/StringBuilder",
          "java/lang/StringBuffer",
          "java/lang/CharSequence",
          "java/lang/Comparable",
          "java/lang/Iterable",
          "java/lang/Enum",
          "java/lang/Record",
          "java/lang/Math",
          "java/lang/StrictMath",
          "java/lang/Number",
          "java/lang/Boolean",
          "java/lang/Byte",
          "java/lang/Short",
          "java/lang/Character",
          "java/lang/Integer",
          "java/lang/Long",
          "java/lang/Float",
          "java/lang/Double",
          "java/lang/Void",
          "java/lang/Throwable",
          "java/lang/Exception",
          "java/lang/RuntimeException",
          "java/lang/IllegalArgumentException",
          "java/lang/IllegalStateException",
          "java/lang/NullPointerException",
          "java/lang/ArithmeticException",
          "java/lang/ClassCastException",
          "java/lang/IndexOutOfBoundsException",
          "java/lang/ArrayIndexOutOfBoundsException",
          "java/lang/StringIndexOutOfBoundsException",
          "java/lang/NumberFormatException",
          "java/lang/UnsupportedOperationException",
          "java/lang/AssertionError",
          // generated code: comparisons of the executable model, date formats of its set-up
          "org/drools/modelcompiler/util/EvaluationUtil",
          "org/drools/modelcompiler/util/EvaluationUtil$NumberPair",
          "java/time/format/DateTimeFormatterBuilder",
          "java/time/format/DateTimeFormatter",
          "java/util/Locale");

  /** The java.util classes that reach beyond the process's memory or start threads. */
  private static final Set<String> REFUSED_UTIL =
      Set.of(
          "java/util/Timer",
          "java/util/TimerTask",
          "java/util/ServiceLoader",
          "java/util/ResourceBundle",
          "java/util/PropertyResourceBundle",
          "java/util/ListResourceBundle",
          "java/util/Scanner",
          "java/util/Properties",
          "java/util/Formatter",
          "java/util/stream/StreamSupport");

  /** Members refused on otherwise allowed classes, as "owner.name". */
  private static final Set<String> REFUSED_MEMBERS =
      Set.of(
          // read system properties
          "java/lang/Integer.getInteger",
          "java/lang/Long.getLong",
          "java/lang/Boolean.getBoolean",
          // change what the rest of the process formats with
          "java/util/Locale.setDefault",
          "java/util/TimeZone.setDefault",
          // block, or print outside the report
          "java/lang/Object.wait",
          "java/lang/Object.notify",
          "java/lang/Object.notifyAll",
          "java/lang/Throwable.printStackTrace");

  /** Members of otherwise refused classes that generated code needs, as "owner.name". */
  private static final Set<String> ALLOWED_MEMBERS =
      Set.of(
          // values() of every enum the compiler generates (the lambda classes are enums)
          "java/lang/System.arraycopy");

  /** Interfaces the classes Drools generates for declared types implement (no member is used). */
  private static final Set<String> SUPER_TYPES =
      Set.of(
          "java/io/Serializable",
          "org/drools/base/factmodel/GeneratedFact",
          "org/drools/base/factmodel/AccessibleFact");

  /** Bootstrap methods of {@code invokedynamic} that generated code may use. */
  private static final Set<String> BOOTSTRAPS =
      Set.of(
          "java/lang/invoke/LambdaMetafactory.metafactory",
          "java/lang/invoke/LambdaMetafactory.altMetafactory",
          "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
          "java/lang/invoke/StringConcatFactory.makeConcat",
          "java/lang/runtime/ObjectMethods.bootstrap");

  /** The Drools methods that insert a fact: allowed for a new Claim or a type the file declares. */
  static final Set<String> INSERTS =
      Set.of(
          "org/drools/model/Drools.insert(Ljava/lang/Object;)V",
          "org/drools/core/rule/consequence/KnowledgeHelper.insert(Ljava/lang/Object;)Lorg/kie/api/runtime/rule/FactHandle;",
          "org/drools/core/rule/consequence/KnowledgeHelper.insertLogical(Ljava/lang/Object;)Lorg/kie/api/runtime/rule/FactHandle;");

  /** The class of the documented claim fact. */
  static final String CLAIM = "dev/psapolicy/facts/Claim";

  /**
   * Whether a class may be referenced at all (then each member used is checked with {@link
   * #memberAllowed}).
   *
   * @param type an internal name, never an array
   */
  static boolean typeAllowed(String type) {
    if (CLASSES.contains(type)) {
      return true;
    }
    if (PACKAGES.stream().anyMatch(type::startsWith)) {
      // the consequence context's ways out, and the script block (MVEL run from a string)
      return !type.equals("org/drools/model/DroolsEntryPoint")
          && !type.equals("org/drools/model/Channel")
          && !type.startsWith("org/drools/model/functions/ScriptBlock");
    }
    if (isDirectlyIn(type, ACCUMULATORS)) {
      String outer = type.substring(ACCUMULATORS.length()).split("\\$")[0];
      return outer.endsWith("AccumulateFunction");
    }
    if (isDirectlyIn(type, "java/util/")) {
      return !REFUSED_UTIL.contains(type);
    }
    if (isDirectlyIn(type, "java/util/stream/")) {
      return !REFUSED_UTIL.contains(type);
    }
    // The consequence context: only the calls below, each checked as a member.
    return type.equals("org/drools/model/Drools")
        || type.equals("org/drools/modelcompiler/consequence/DroolsImpl")
        || type.equals("org/drools/core/rule/consequence/KnowledgeHelper")
        || type.equals("org/drools/util/DateUtils");
  }

  /**
   * Whether a member of an allowed class may be used. The insert calls are decided by the caller
   * (they depend on what is inserted).
   */
  static boolean memberAllowed(String owner, String name) {
    if (ALLOWED_MEMBERS.contains(owner + "." + name)) {
      return true;
    }
    if (!typeAllowed(owner) || REFUSED_MEMBERS.contains(owner + "." + name)) {
      return false;
    }
    // parallel streams and sorts run on the common fork-join pool's threads
    if (owner.startsWith("java/util/")
        && (name.equals("parallelStream")
            || name.equals("parallel")
            || (owner.equals("java/util/Arrays") && name.startsWith("parallel")))) {
      return false;
    }
    switch (owner) {
      case "org/drools/modelcompiler/consequence/DroolsImpl":
        return name.equals("asKnowledgeHelper");
      case "org/drools/core/rule/consequence/KnowledgeHelper", "org/drools/model/Drools":
        return false;
      case "org/drools/util/DateUtils":
        return name.equals("getDateFormatMask");
      default:
        return true;
    }
  }

  /** Whether a generated class may extend or implement a type. */
  static boolean superTypeAllowed(String type) {
    return SUPER_TYPES.contains(type) || typeAllowed(type);
  }

  /** Whether an {@code invokedynamic} bootstrap method may be used. */
  static boolean bootstrapAllowed(String owner, String name) {
    return BOOTSTRAPS.contains(owner + "." + name);
  }

  private static boolean isDirectlyIn(String type, String pkg) {
    return type.startsWith(pkg) && type.indexOf('/', pkg.length()) < 0;
  }
}
