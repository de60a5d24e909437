/**
 * Output formats: every renderer turns a Report (and nothing else) into text, JSON, Markdown, HTML,
 * CSV, SARIF or JUnit; the registry names them.
 */
package dev.psapolicy.render;
