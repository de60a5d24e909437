package dev.psapolicy.source.http;

/**
 * Reads the permission facts of a PSA's API users over its REST API: one implementation per
 * platform, each returning the snapshot and every raw response it read.
 */
public interface Fetcher {
  /** Fetches; a failure that leaves the data incomplete is a {@link FetchException}. */
  FetchResult fetch() throws FetchException;
}
