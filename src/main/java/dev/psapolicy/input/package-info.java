/**
 * Reading user files safely and saying what is wrong with them: typed inputs (InputFile, InputRef,
 * kind and origin), structured YAML/JSON parsing with positions, problems as file:line:col, globs
 * and suggestions.
 */
package dev.psapolicy.input;
