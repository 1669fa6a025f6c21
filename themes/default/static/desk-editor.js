// The article editor: keeps unsaved work with an autosave every 20 seconds after a change,
// and warns before leaving the page with changes that were neither saved nor kept.
// The editor works without it; this only keeps work from being lost.
"use strict";

(() => {
  const form = document.getElementById("article-form");
  if (!form) {
    return;
  }
  const status = document.getElementById("autosave-status");
  const field = (name) => form.elements.namedItem(name);
  const snapshot = () => new URLSearchParams(new FormData(form)).toString();
  let kept = snapshot();
  let submitting = false;
  let busy = false;

  const say = (text) => {
    if (status) {
      status.textContent = text;
    }
  };

  const autosave = async () => {
    const now = snapshot();
    if (busy || now === kept) {
      return;
    }
    busy = true;
    // Every field as typed: the server keeps the headline, excerpt and body, the rest of
    // the form for restoring it, and for a new page what it is and where it sits.
    const body = new URLSearchParams(new FormData(form));
    body.set("article_id", form.dataset.articleId || "");
    try {
      const response = await fetch("/desk/articles/autosave", {
        method: "POST",
        headers: { "Accept": "application/json", "X-CSRF-Token": window.gazetteCsrfToken() },
        body,
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        say(`Not kept: ${answer.error ? answer.error.message : response.statusText}`);
      } else if (answer.saved) {
        kept = now;
        if (answer.created) {
          // The new article now exists as a draft: further saves go to it.
          form.dataset.articleId = String(answer.article_id);
          form.action = answer.edit_url;
          field("based_on").value = answer.based_on;
          window.history.replaceState(null, "", answer.edit_url);
        }
        say(`Autosaved at ${answer.saved_at}.`);
      } else {
        say("Autosave waits for a title.");
      }
    } catch (error) {
      say("Not kept: the site could not be reached. Keep this page open and try saving.");
    } finally {
      busy = false;
    }
  };

  window.setInterval(autosave, 20000);
  form.addEventListener("submit", (event) => {
    // The preview opens in another tab; this page stays.
    if (!event.submitter || event.submitter.formTarget !== "_blank") {
      submitting = true;
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && snapshot() !== kept) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
