package dev.psapolicy.service;

import dev.psapolicy.run.DemoFetch;
import dev.psapolicy.source.http.PsaHttpClient;
import java.time.Clock;

/** Where an instance's permissions come from: one fetch, as {@code fetch} makes it. */
@FunctionalInterface
public interface InstanceSource {
  /**
   * Fetches the instance.
   *
   * @param clock the clock
   * @param listener sees every HTTP response (request counts)
   */
  DemoFetch.Fetched fetch(Clock clock, PsaHttpClient.Listener listener) throws Exception;
}
