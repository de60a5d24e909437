package dev.psapolicy.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Server-side TLS for a simulator from a PKCS#12 key store (e.g. made with keytool). */
public final class SimulatorTls {
  private SimulatorTls() {}

  /**
   * An SSL context serving the key and certificate chain in {@code keystore}.
   *
   * @throws IOException when the file cannot be read or the password is wrong
   * @throws GeneralSecurityException when it holds no usable key
   */
  public static SSLContext fromPkcs12(Path keystore, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }
}
