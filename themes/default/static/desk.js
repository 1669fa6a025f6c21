// Gazette's desk: small enhancements of pages that already work without JavaScript.
// - A button or form with `data-confirm` asks before it submits.
// - "Select all" checkboxes (`data-select-all="NAME"`) tick every checkbox named NAME.
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  const submitter = event.submitter;
  const question = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) {
    return;
  }
  const form = box.form || document;
  for (const other of form.querySelectorAll(`input[type="checkbox"][name="${box.dataset.selectAll}"]`)) {
    other.checked = box.checked;
  }
});

/** The session's CSRF token, for requests made by scripts. */
window.gazetteCsrfToken = () => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
};
