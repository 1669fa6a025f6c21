// Gazette's desk, comment moderation: keyboard shortcuts over the queue, which works
// without them. j and k move between comments; a, u, s and t press the highlighted
// comment's Approve, Unapprove, Spam and Trash buttons (the same form posts as a click);
// r opens its reply page; x ticks it. Shortcuts never fire while typing in a field or
// with Ctrl, Alt or Meta held. After a shortcut's action the page comes back with the
// comment at the same place in the list highlighted.
"use strict";

(() => {
  const table = document.querySelector("[data-comment-queue]");
  if (!table) {
    return;
  }
  const REMEMBERED = "gazette-comment-queue-row";
  const rows = () => Array.from(table.querySelectorAll("tbody tr[data-comment-id]"));
  let current = -1;

  const highlight = (index) => {
    const list = rows();
    if (list.length === 0) {
      return;
    }
    current = Math.max(0, Math.min(index, list.length - 1));
    for (const row of list) {
      row.classList.remove("is-current");
    }
    const row = list[current];
    row.classList.add("is-current");
    row.focus();
    row.scrollIntoView({ block: "nearest" });
  };

  const typing = (target) => {
    if (!(target instanceof Element)) {
      return false;
    }
    if (target.closest("textarea, select, [contenteditable]:not([contenteditable='false'])")) {
      return true;
    }
    return target instanceof HTMLInputElement
      && !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  };

  const currentRow = () => rows()[current];

  table.addEventListener("focusin", (event) => {
    const row = event.target.closest("tr[data-comment-id]");
    const index = rows().indexOf(row);
    if (index >= 0 && index !== current) {
      for (const other of rows()) {
        other.classList.remove("is-current");
      }
      current = index;
      row.classList.add("is-current");
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) {
      return;
    }
    const key = event.key;
    if (key === "j" || key === "k") {
      highlight(current < 0 ? 0 : current + (key === "j" ? 1 : -1));
      event.preventDefault();
      return;
    }
    const row = currentRow();
    if (!row || !["a", "u", "s", "t", "r", "x"].includes(key)) {
      return;
    }
    event.preventDefault();
    if (key === "x") {
      const box = row.querySelector('input[type="checkbox"]');
      if (box) {
        box.checked = !box.checked;
      }
      return;
    }
    const control = row.querySelector(`[data-shortcut="${key}"]`);
    if (!control) {
      return;
    }
    try {
      window.sessionStorage.setItem(REMEMBERED, String(current));
    } catch {
      // Without storage the page simply comes back with nothing highlighted.
    }
    control.click();
  });

  let remembered = null;
  try {
    remembered = window.sessionStorage.getItem(REMEMBERED);
    window.sessionStorage.removeItem(REMEMBERED);
  } catch {
    remembered = null;
  }
  if (remembered !== null && /^\d+$/.test(remembered)) {
    highlight(Number(remembered));
  }
})();
