package dev.psapolicy.service;

import dev.psapolicy.policy.Schedule;
import dev.psapolicy.vocabulary.Platform;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One PSA instance {@code serve} checks.
 *
 * @param name its name (history, API, evidence folders)
 * @param platform the PSA
 * @param schedule when it runs
 * @param evidenceDir the folder its evidence packs go into, one sub-folder per run
 * @param source how it is fetched
 */
public record ServiceInstance(
    String name, Platform platform, Schedule schedule, Path evidenceDir, InstanceSource source) {
  public ServiceInstance {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(source, "source");
  }
}
