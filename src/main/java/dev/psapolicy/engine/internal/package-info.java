/**
 * Engine internals that rules and other packages never see: the finding collector behind the
 * rule-author API.
 */
package dev.psapolicy.engine.internal;
