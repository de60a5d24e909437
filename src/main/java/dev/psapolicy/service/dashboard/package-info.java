/**
 * The service's dashboard page: plain view records ({@link
 * dev.psapolicy.service.dashboard.DashboardView}) the service fills from its history, and one
 * self-contained HTML page rendered from them ({@link
 * dev.psapolicy.service.dashboard.DashboardPage}). It sees nothing but its records and the HTML
 * escaper.
 */
package dev.psapolicy.service.dashboard;
