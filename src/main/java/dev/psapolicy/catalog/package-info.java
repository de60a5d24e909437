/**
 * The permission catalog: every ConnectWise module/function and Autotask section/entity psa-policy
 * knows, with aliases, and the resolution of the names people and PSAs write to canonical cells.
 */
package dev.psapolicy.catalog;
