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
  const snapshot = () => ["title", "excerpt", "body"].map((name) => field(name).value).join("\u0000");
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
    const body = new URLSearchParams();
    body.set("csrf", field("csrf").value);
    body.set("article_id", form.dataset.articleId || "");
    // A new page's form also says what it is and where it sits.
    for (const name of ["title", "excerpt", "body", "kind", "parent_page"]) {
      if (field(name)) {
        body.set(name, field(name).value);
      }
    }
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
