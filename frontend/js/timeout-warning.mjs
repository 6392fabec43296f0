// The idle sign-out warning: GOV.UK's timeout warning pattern.
//
// The server signs a person out when it has not heard from their browser for the idle
// time (SESSION_IDLE_MINUTES); that timeout is the one that counts. This opens a modal
// dialog a little before it ("For your security, we will sign you out in 2 minutes"),
// with "Stay signed in", which posts to a small endpoint that renews the session, and
// "Sign out". Escape also means "Stay signed in". When the time has run out it says so,
// and leaves the page as it is: a form sent after the timeout is kept for the person to
// check and save once they have signed in again (infoshare/core/resubmit.py).
//
// Screen readers hear the dialog's heading and text as focus moves into it, then the time
// left at a few moments (each whole minute, 30 and 10 seconds), never every second.
// Without JavaScript the dialog is never shown and every page works as before.

// When the server last heard from this browser, shared by its tabs: a timestamp only.
const SHARED_KEY = "infoshare:last-request";
const TICK_MS = 1000;

/** "2 minutes", "1 minute and 30 seconds", "45 seconds". */
export function inWords(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(" and ");
}

const spokenAt = (seconds) => seconds % 60 === 0 || seconds === 30 || seconds === 10;

function readShared() {
  try {
    return Number(window.localStorage.getItem(SHARED_KEY)) || 0;
  } catch {
    return 0; // storage switched off: this tab counts on its own
  }
}

function writeShared(at) {
  try {
    if (readShared() < at) window.localStorage.setItem(SHARED_KEY, String(at));
  } catch {
    // as above
  }
}

export function initTimeoutWarning(dialog) {
  if (!dialog || typeof dialog.showModal !== "function") return;
  const idleMs = Number(dialog.dataset.idleSeconds) * 1000;
  const warningSeconds = Number(dialog.dataset.warningSeconds);
  const extendUrl = dialog.dataset.extendUrl;
  if (!idleMs || !warningSeconds || !extendUrl) return;

  const find = (selector) => dialog.querySelector(selector);
  const parts = {
    warning: find('[data-timeout-part="warning"]'),
    ended: find('[data-timeout-part="ended"]'),
  };
  const time = find("[data-timeout-time]");
  const error = find("[data-timeout-error]");
  const announcer = find("[data-timeout-announce]");
  const token = find('input[name="csrfmiddlewaretoken"]')?.value ?? "";

  // This page's own request was sent at the navigation's start, before the server touched
  // the session; htmx's requests and "Stay signed in" count from when they were sent.
  let lastRequest = performance.timeOrigin || Date.now() - performance.now();
  const noteRequest = (at) => {
    lastRequest = Math.max(lastRequest, at);
    writeShared(lastRequest);
  };
  noteRequest(lastRequest);
  const secondsLeft = () =>
    Math.ceil((Math.max(lastRequest, readShared()) + idleMs - Date.now()) / 1000);

  let state = "quiet"; // "warning" while the dialog warns, "ended" once time has run out
  let spoken = null;
  let extending = false;

  const say = (text) => {
    announcer.textContent = text;
  };
  // GOV.UK's error message is display: block, which wins over [hidden]: its utility class
  // hides it (and an old message is emptied), so a later warning never shows it again.
  const setError = (text) => {
    error.textContent = text;
    error.hidden = !text;
    error.classList.toggle("govuk-!-display-none", !text);
  };
  const show = (name) => {
    for (const [partName, part] of Object.entries(parts)) part.hidden = partName !== name;
    dialog.setAttribute("aria-labelledby", `timeout-${name}-heading`);
    dialog.setAttribute("aria-describedby", `timeout-${name}-text`);
    setError("");
    say("");
  };

  const warn = (left) => {
    state = "warning";
    show("warning");
    time.textContent = inWords(left);
    spoken = left;
    // Focus moves to "Stay signed in", and the rest of the page is inert, until it closes.
    if (!dialog.open) dialog.showModal();
  };
  const quieten = () => {
    state = "quiet";
    if (dialog.open) dialog.close(); // focus goes back where it was
  };
  const end = () => {
    state = "ended";
    show("ended");
    if (!dialog.open) dialog.showModal();
    find("#timeout-ended-heading").focus();
  };

  const tick = () => {
    if (state === "ended") return;
    const left = secondsLeft();
    if (left <= 0) {
      end();
    } else if (left > warningSeconds) {
      if (state === "warning") quieten(); // another tab kept the session going
    } else if (state !== "warning") {
      warn(left);
    } else {
      time.textContent = inWords(left);
      if (left !== spoken && spokenAt(left)) {
        spoken = left;
        say(`We will sign you out in ${inWords(left)}.`);
      }
    }
  };

  const problem = () => {
    if (!dialog.open) dialog.showModal();
    setError("Sorry, there is a problem with the service. Try again.");
    say(error.textContent);
  };

  const stay = async () => {
    if (extending) return;
    extending = true;
    const sent = Date.now();
    try {
      const response = await fetch(extendUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.status === 204) {
        noteRequest(sent);
        quieten();
      } else if (response.status === 401) {
        end(); // the server had already signed them out
      } else {
        problem();
      }
    } catch {
      problem();
    } finally {
      extending = false;
    }
  };

  find("[data-timeout-stay]").addEventListener("click", stay);
  find("[data-timeout-close]").addEventListener("click", () => dialog.close());
  find("[data-timeout-sign-in]").addEventListener("click", () => {
    window.location.assign(window.location.href.split("#")[0]);
  });
  // Escape means "Stay signed in" while warning; once signed out it closes the message.
  dialog.addEventListener("cancel", (event) => {
    if (state === "warning") {
      event.preventDefault();
      stay();
    }
  });
  // A browser may close a modal dialog on Escape all the same: that is "Stay signed in" too.
  dialog.addEventListener("close", () => {
    if (state === "warning") {
      stay();
    }
  });

  const started = new WeakMap();
  document.addEventListener("htmx:beforeRequest", (event) => {
    started.set(event.detail.xhr, Date.now());
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const at = started.get(event.detail.xhr);
    if (at && event.detail.successful) noteRequest(at);
  });
  document.addEventListener("visibilitychange", tick);
  window.setInterval(tick, TICK_MS);
  tick();
}
