package dev.psapolicy.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The subset of SARIF 2.1.0 that psa-policy writes, as typed records (field names are the
 * specification's). Absent values are omitted, as SARIF prefers.
 *
 * @param schema the schema URI
 * @param version always 2.1.0
 * @param runs one run
 *     <p>{@code properties} are SARIF property bags: psa-policy's own fields in a stable order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SarifLog(@JsonProperty("$schema") String schema, String version, List<Run> runs) {

  /** A run: the tool, how it was invoked, what it read and what it found. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Run(
      Tool tool,
      AutomationDetails automationDetails,
      List<Invocation> invocations,
      Map<String, ArtifactLocation> originalUriBaseIds,
      List<Artifact> artifacts,
      List<Result> results,
      String columnKind,
      Map<String, Object> properties) {}

  /** The analysis tool. */
  public record Tool(ToolComponent driver) {}

  /** psa-policy and its rules. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolComponent(
      String name,
      String fullName,
      String version,
      String semanticVersion,
      String informationUri,
      List<ReportingDescriptor> rules) {}

  /** A rule's metadata. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ReportingDescriptor(
      String id,
      String name,
      Message shortDescription,
      Message fullDescription,
      Message help,
      ReportingConfiguration defaultConfiguration,
      Map<String, Object> properties) {}

  /** A rule's default level. */
  public record ReportingConfiguration(String level) {}

  /** The run's identity: the run id. */
  public record AutomationDetails(String id, String guid) {}

  /** How the tool ran, with the exit code of the gate. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Invocation(
      boolean executionSuccessful,
      int exitCode,
      String exitCodeDescription,
      String startTimeUtc,
      List<Notification> toolExecutionNotifications,
      List<Notification> toolConfigurationNotifications,
      Map<String, Object> properties) {}

  /**
   * A problem of the run itself (incomplete data) or of its configuration (a relaxed rule, with the
   * rule it concerns).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Notification(String level, Message message, RuleReference associatedRule) {
    static Notification of(String level, Message message) {
      return new Notification(level, message, null);
    }
  }

  /** A reference to a rule by id. */
  public record RuleReference(String id) {}

  /** A file the run read, with its hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Artifact(
      ArtifactLocation location,
      List<String> roles,
      Map<String, String> hashes,
      Map<String, Object> properties) {}

  /** A URI, relative to a base id when it names a file bundled in psa-policy. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ArtifactLocation(
      String uri, String uriBaseId, Integer index, Message description) {}

  /** One violation. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(
      String ruleId,
      int ruleIndex,
      String level,
      Message message,
      List<Location> locations,
      Map<String, String> partialFingerprints,
      List<Suppression> suppressions,
      Map<String, Object> properties) {}

  /** Where: the snapshot (physical) and the grant cell (logical). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Location(
      PhysicalLocation physicalLocation, List<LogicalLocation> logicalLocations) {}

  /** The snapshot file and the line of the principal in it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PhysicalLocation(ArtifactLocation artifactLocation, Region region) {}

  /** A line. */
  public record Region(int startLine) {}

  /** The grant: platform/instance/principal/module/function/verb. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LogicalLocation(String name, String fullyQualifiedName, String kind) {}

  /** A waiver or an accepted finding: the result stays, marked as suppressed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Suppression(
      String kind, String status, String justification, Map<String, Object> properties) {}

  /** Plain text (and optionally Markdown). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Message(String text, String markdown) {
    static Message of(String text) {
      return new Message(text, null);
    }
  }
}
