package dev.psapolicy.alert;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of the generic JSON format: HMAC-SHA256, keyed with the webhook's secret (its UTF-8
 * bytes), over the ASCII decimal Unix timestamp, one {@code .}, and the raw body. The timestamp
 * travels in {@link #TIMESTAMP_HEADER}; since it is signed, a receiver that rejects old timestamps
 * cannot be fed a recorded request again. docs/alerts.md shows the check step by step.
 */
public final class Signature {
  /** The header with {@code sha256=<64 lower-case hex digits>}. */
  public static final String SIGNATURE_HEADER = "X-Psa-Policy-Signature";

  /** The header with the Unix time in seconds the request was signed at. */
  public static final String TIMESTAMP_HEADER = "X-Psa-Policy-Timestamp";

  private Signature() {}

  /** {@code sha256=<hex>} of {@code timestamp + "." + body}. */
  public static String sign(byte[] key, long timestamp, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(mac(key, timestamp, body));
  }

  /**
   * What a receiver does: the timestamp within {@code tolerance} of {@code now}, and the signature
   * equal (compared in constant time) to the one computed over the received bytes.
   */
  public static boolean verify(
      byte[] key,
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      Instant now,
      Duration tolerance) {
    if (timestampHeader == null
        || signatureHeader == null
        || !timestampHeader.matches("\\d{1,12}")
        || !signatureHeader.startsWith("sha256=")) {
      return false;
    }
    long ts = Long.parseLong(timestampHeader);
    if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signatureHeader.substring("sha256=".length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, mac(key, ts, body));
  }

  private static byte[] mac(byte[] key, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
