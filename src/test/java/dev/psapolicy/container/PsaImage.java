package dev.psapolicy.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.psapolicy.input.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The image under test: {@code psa-policy.image} (set by failsafe; Maven builds it in
 * pre-integration-test with {@code src/main/docker/build-image.sh}), checked to hold the jar of
 * this build, so that the suite never passes on a stale image.
 */
final class PsaImage {
  /** The label build-image.sh stamps with the jar's SHA-256. */
  static final String JAR_LABEL = "dev.psapolicy.jar.sha256";

  private static DockerImageName verified;

  private PsaImage() {}

  /** The image name, after checking (once) that it exists and carries this build's jar. */
  static synchronized DockerImageName name() throws Exception {
    if (verified == null) {
      String image = System.getProperty("psa-policy.image", "psa-policy:dev");
      Path jar = Path.of(System.getProperty("psa-policy.jar", "target/psa-policy.jar"));
      assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn -B package first");
      Map<String, String> labels;
      try {
        labels =
            DockerClientFactory.instance()
                .client()
                .inspectImageCmd(image)
                .exec()
                .getConfig()
                .getLabels();
      } catch (NotFoundException e) {
        throw new AssertionError(
            "image "
                + image
                + " is not built: run"
                + " src/main/docker/build-image.sh (mvn -B verify does, in pre-integration-test)");
      }
      assertEquals(
          Hashes.sha256(Files.readAllBytes(jar)),
          labels.get(JAR_LABEL),
          "image "
              + image
              + " holds another jar than "
              + jar
              + ": rebuild it with"
              + " src/main/docker/build-image.sh");
      verified = DockerImageName.parse(image);
    }
    return verified;
  }
}
