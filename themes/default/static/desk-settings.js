// Gazette's desk, settings screen: while a date format is typed, its example (written by
// the server in the site's time zone) follows. Without JavaScript the example shows the
// saved format.
"use strict";

const exampleTimers = new WeakMap();

async function showExample(field) {
  const output = document.getElementById(field.dataset.dateExample);
  if (!output) {
    return;
  }
  const address = `/desk/api/settings/date-example?pattern=${encodeURIComponent(field.value)}`;
  try {
    const response = await fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) {
      return;
    }
    const answer = await response.json();
    output.textContent = answer.example || `none until the format is valid (${answer.problem})`;
  } catch {
    // Offline or signed out: the example keeps what it showed.
  }
}

document.addEventListener("input", (event) => {
  const field = event.target;
  if (!(field instanceof HTMLInputElement) || !field.dataset.dateExample) {
    return;
  }
  clearTimeout(exampleTimers.get(field));
  exampleTimers.set(field, setTimeout(() => showExample(field), 300));
});
