// Starts GOV.UK Frontend components. Loaded as a module file so the
// Content Security Policy never needs to allow inline script.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
