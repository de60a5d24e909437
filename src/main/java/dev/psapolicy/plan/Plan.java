package dev.psapolicy.plan;

import java.time.Instant;
import java.util.List;

/**
 * A remediation plan: per PSA instance, what to change in which role, who holds it, the
 * least-privilege role each integration needs, and the actions (automated or manual) that clear the
 * violations of the evaluation it was made from.
 *
 * @param formatVersion always {@link #FORMAT_VERSION}
 * @param planHash sha256 of the plan's canonical JSON without {@code planHash} and {@code
 *     generatedAt} ({@link PlanJson#hash}); null only while a plan is being built
 * @param generatedAt when the plan was made (not part of the hash)
 * @param tool the tool that made it
 * @param inputs the snapshots and policy files the plan was made from
 * @param instances one entry per PSA instance, ordered by platform then instance
 */
public record Plan(
    int formatVersion,
    String planHash,
    Instant generatedAt,
    Tool tool,
    List<PlanInput> inputs,
    List<InstancePlan> instances) {

  /** The only plan format this version reads and writes. */
  public static final int FORMAT_VERSION = 1;

  /** The {@code kind} every plan file declares. */
  public static final String KIND = "psa-policy-plan";

  public Plan {
    inputs = List.copyOf(inputs);
    instances = List.copyOf(instances);
  }

  /** The same plan with its hash. */
  public Plan withHash(String hash) {
    return new Plan(formatVersion, hash, generatedAt, tool, inputs, instances);
  }

  /** True when no instance has an action: nothing to change. */
  public boolean empty() {
    return instances.stream().allMatch(i -> i.actions().isEmpty());
  }

  /** Every action of every instance, in plan order. */
  public List<Action> actions() {
    return instances.stream().flatMap(i -> i.actions().stream()).toList();
  }

  /**
   * The tool that wrote the plan.
   *
   * @param name always psa-policy
   * @param version its version
   */
  public record Tool(String name, String version) {}

  /**
   * One file the plan was made from.
   *
   * @param kind snapshot, baseline, rules, config, ... (the input kind's external name)
   * @param location where it was read ({@code demo:connectwise-simulator}, a path as given)
   * @param sha256 hash of its bytes
   */
  public record PlanInput(String kind, String location, String sha256) {}
}
