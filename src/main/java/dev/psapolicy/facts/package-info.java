/**
 * The facts rules are written against: principals, grants judged against their baselines,
 * assignments, claims, and the snapshot model they are built from. PSA-neutral; the words are in
 * vocabulary.
 */
package dev.psapolicy.facts;
