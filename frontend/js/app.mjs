// Starts GOV.UK Frontend components. Loaded as a module file so the
// Content Security Policy never needs to allow inline script.
import { initAll } from "./govuk-frontend.min.js";
import { initTimeoutWarning } from "./timeout-warning.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initTimeoutWarning(document.querySelector('[data-module="app-timeout-warning"]'));

// A radio that reveals a question (a GOV.UK conditional reveal) keeps its aria-controls,
// but not the aria-expanded that GOV.UK Frontend's Radios gives it on every change: ARIA
// does not allow aria-expanded on a radio (axe: aria-allowed-attr), a known issue of
// GOV.UK Frontend (alphagov/govuk-frontend#979), and every page must pass axe.
const dropExpanded = () => {
  for (const radio of document.querySelectorAll('.govuk-radios__input[aria-expanded]')) {
    radio.removeAttribute("aria-expanded");
  }
};
new MutationObserver(dropExpanded).observe(document.body, {
  subtree: true,
  attributeFilter: ["aria-expanded"],
});
dropExpanded();
