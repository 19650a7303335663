// Progressive enhancement only: the profile menu button and the confirmation pop-up.
"use strict";

function setUpProfileMenu() {
  const button = document.getElementById("profile-button");
  if (!button) return;
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  const items = () => Array.from(menu.querySelectorAll('[role="menuitem"]'));

  function open(focusItem) {
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    if (focusItem !== undefined) items().at(focusItem)?.focus();
  }
  function close(returnFocus) {
    menu.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (returnFocus) button.focus();
  }

  button.addEventListener("click", () => (menu.hidden ? open() : close(false)));
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); open(0); }
    if (event.key === "ArrowUp") { event.preventDefault(); open(-1); }
  });
  menu.addEventListener("keydown", (event) => {
    const list = items();
    const here = list.indexOf(document.activeElement);
    const moves = {
      ArrowDown: (here + 1) % list.length,
      ArrowUp: (here - 1 + list.length) % list.length,
      Home: 0,
      End: list.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      list[moves[event.key]].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      close(false);
    }
  });
  document.addEventListener("click", (event) => {
    if (!menu.hidden && !menu.contains(event.target) && !button.contains(event.target)) {
      close(false);
    }
  });
}

function setUpConfirmedSwitches() {
  // Each switch names its dialog; without JavaScript it submits a form that opens the dialog.
  for (const control of document.querySelectorAll('[role="switch"][data-dialog]')) {
    const dialog = document.getElementById(control.dataset.dialog);
    control.addEventListener("click", (event) => {
      event.preventDefault();
      if (!dialog.open) dialog.showModal();
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setUpProfileMenu();
  setUpConfirmedSwitches();
});
