/**
 * The PSA vocabulary shared by facts, reports and renderers: platforms, verbs, levels and catalog
 * cells. Every user rule imports it implicitly.
 */
package dev.psapolicy.vocabulary;
