/**
 * PSA simulators (ConnectWise REST 3.0 and Autotask REST v1.0) on 127.0.0.1 for the demo, the tests
 * and `psa-policy simulate`, agreeing with the vendors' OpenAPI specs.
 */
package dev.psapolicy.simulator;
