/**
 * {@code psa-policy serve}'s HTTP API on Jetty's core handlers (no servlets): the decision
 * endpoint, instances, runs, reports and evidence packs, health and metrics, bearer tokens stored
 * hashed, and the OpenAPI document that describes it all ({@code openapi.json} beside this
 * package).
 */
package dev.psapolicy.service.api;
