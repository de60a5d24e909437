package dev.psapolicy.evidence;

import dev.psapolicy.input.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys and signatures from the JDK, in the PEM encodings OpenSSL reads: the private key as
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), the public key as X.509 SubjectPublicKeyInfo ({@code BEGIN
 * PUBLIC KEY}). A signature is the raw 64 bytes, so that {@code openssl pkeyutl -verify -pubin
 * -inkey NAME.pub -rawin -in manifest.json -sigfile manifest.sig} checks a pack without psa-policy.
 */
public final class Keys {
  /** The algorithm. */
  public static final String ALGORITHM = "Ed25519";

  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private Keys() {}

  /** A new key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
    }
  }

  /** The private key as PEM (PKCS#8). */
  public static String privatePem(PrivateKey key) {
    return pem(PRIVATE, key.getEncoded());
  }

  /** The public key as PEM (X.509). */
  public static String publicPem(PublicKey key) {
    return pem(PUBLIC, key.getEncoded());
  }

  /** Reads a PKCS#8 PEM (or bare Base64) Ed25519 private key. */
  public static PrivateKey readPrivate(String text) throws KeyException {
    byte[] der = der(text, PRIVATE);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new KeyException("not an Ed25519 private key (PKCS#8)");
    }
  }

  /** Reads an X.509 PEM (or bare Base64) Ed25519 public key. */
  public static PublicKey readPublic(String text) throws KeyException {
    byte[] der = der(text, PUBLIC);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new KeyException("not an Ed25519 public key (X.509)");
    }
  }

  /**
   * The public key that belongs to a private key. The JDK has no public derivation API, so the key
   * pair is regenerated from the private key's seed; a test signature proves the result.
   */
  public static PublicKey publicOf(PrivateKey key) throws KeyException {
    byte[] pkcs8 = key.getEncoded();
    byte[] seed = seedOf(pkcs8);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
      g.initialize(255, new FixedRandom(seed));
      KeyPair pair = g.generateKeyPair();
      byte[] probe = "psa-policy key check".getBytes(StandardCharsets.US_ASCII);
      if (!verify(pair.getPublic(), probe, sign(key, probe))) {
        throw new KeyException("cannot derive the public key of this private key");
      }
      return pair.getPublic();
    } catch (GeneralSecurityException e) {
      throw new KeyException("cannot derive the public key: " + e.getMessage());
    }
  }

  /** The id of a public key: SHA-256 of its X.509 encoding, as {@code sha256:HEX}. */
  public static String keyId(PublicKey key) {
    return "sha256:" + Hashes.sha256(key.getEncoded());
  }

  /** Signs bytes. */
  public static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign", e);
    }
  }

  /** True when the signature is valid for the data under the key. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] der(String text, String type) throws KeyException {
    String t = text.strip();
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    if (t.startsWith("-----BEGIN")) {
      int b = t.indexOf(begin);
      int e = t.indexOf(end);
      if (b != 0 || e < 0) {
        throw new KeyException("expected a PEM block '" + begin + "'");
      }
      t = t.substring(begin.length(), e);
    }
    try {
      return Base64.getMimeDecoder().decode(t.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new KeyException("not Base64");
    }
  }

  /** The 32-byte seed inside an Ed25519 PKCS#8 encoding (the OCTET STRING in an OCTET STRING). */
  private static byte[] seedOf(byte[] pkcs8) throws KeyException {
    for (int i = 0; i + 34 <= pkcs8.length; i++) {
      if (pkcs8[i] == 0x04
          && pkcs8[i + 1] == 0x22
          && pkcs8[i + 2] == 0x04
          && pkcs8[i + 3] == 0x20) {
        byte[] seed = new byte[32];
        System.arraycopy(pkcs8, i + 4, seed, 0, 32);
        return seed;
      }
    }
    throw new KeyException("unexpected Ed25519 private key encoding");
  }

  /** Hands the key generator a given seed, so that it rebuilds the pair of a known key. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }

  /** A key that cannot be read. */
  public static final class KeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyException(String message) {
      super(message);
    }
  }
}
