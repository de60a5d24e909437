/**
 * The rules engine: turns snapshots into facts (FactAssembler, with the one baseline-assignment
 * function BaselineAssigner), fires the compiled DRL rules in Drools sessions (sharded by principal
 * where the rules allow) and collects the findings with their effective severities.
 */
package dev.psapolicy.engine;
