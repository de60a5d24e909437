package dev.psapolicy.testing;

import dev.psapolicy.catalog.PermissionCatalog;
import dev.psapolicy.facts.Snapshot;
import dev.psapolicy.input.Bundled;
import dev.psapolicy.input.InputFile;
import dev.psapolicy.input.InputKind;
import dev.psapolicy.input.InvalidInputException;
import dev.psapolicy.input.Origin;
import dev.psapolicy.simulator.AutotaskMsp;
import dev.psapolicy.simulator.ConnectWiseMsp;
import dev.psapolicy.source.autotask.AutotaskCredentials;
import dev.psapolicy.source.autotask.AutotaskOptions;
import dev.psapolicy.source.connectwise.ConnectWiseCredentials;
import dev.psapolicy.source.snapshot.SnapshotReader;
import dev.psapolicy.vocabulary.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The demo MSP's seed snapshots and the simulator credentials that go with them. */
public final class DemoData {
  private DemoData() {}

  /** The ConnectWise seed. */
  public static Snapshot connectWise() {
    return read("dev/psapolicy/demo/acme-connectwise.json");
  }

  /** The Autotask seed. */
  public static Snapshot autotask() {
    return read("dev/psapolicy/demo/acme-autotask.json");
  }

  /** The demo ConnectWise login. */
  public static ConnectWiseCredentials cwCredentials() {
    return new ConnectWiseCredentials(
        ConnectWiseMsp.DEMO_COMPANY,
        ConnectWiseMsp.DEMO_PUBLIC_KEY,
        ConnectWiseMsp.DEMO_PRIVATE_KEY,
        ConnectWiseMsp.DEMO_CLIENT_ID);
  }

  /** The demo Autotask login of one API user. */
  public static AutotaskCredentials atCredentials(String principalId) {
    return new AutotaskCredentials(
        AutotaskMsp.demoUserName(principalId),
        AutotaskMsp.demoSecret(principalId),
        AutotaskMsp.DEMO_INTEGRATION_CODE);
  }

  /** The demo Autotask MSP. */
  public static AutotaskMsp autotaskMsp() {
    return AutotaskMsp.fromSnapshot(
        autotask(), PermissionCatalog.builtIn().cells(Platform.AUTOTASK), 3);
  }

  /** The catalog's Autotask entities. */
  public static List<AutotaskOptions.Entity> entities() {
    return PermissionCatalog.builtIn().cells(Platform.AUTOTASK).stream()
        .map(c -> new AutotaskOptions.Entity(c.module(), c.function()))
        .toList();
  }

  private static Snapshot read(String resource) {
    try {
      return SnapshotReader.parse(
          InputFile.of(
              InputKind.SNAPSHOT,
              Origin.DEMO,
              resource.substring(resource.lastIndexOf('/') + 1),
              null,
              Bundled.read(resource)));
    } catch (InvalidInputException e) {
      throw new UncheckedIOException(new IOException(e.getMessage()));
    }
  }
}
