// Small fixes to the theme's markup, run once the page is loaded; no request
// leaves the site. Material's search dialog has no accessible name: give it
// the (translated) name of its own search field.
document.addEventListener("DOMContentLoaded", function () {
  var input = document.querySelector(".md-search__input");
  document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
    if (!dialog.hasAttribute("aria-label") && input) {
      dialog.setAttribute("aria-label", input.getAttribute("aria-label") || input.placeholder || "Search");
    }
  });
});

// Task checkboxes (pymdownx.tasklist) carry no label of their own: name each
// after its task, so screen readers say what is done and what is not.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".task-list-item input[type=checkbox]").forEach(function (box) {
    var item = box.closest(".task-list-item");
    if (item && !box.hasAttribute("aria-label")) {
      box.setAttribute("aria-label", item.textContent.trim());
    }
  });
});

// An activity calendar wider than a phone scrolls in its own box: show its
// latest weeks first.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".jr-chart--calendar").forEach(function (figure) {
    figure.scrollLeft = figure.scrollWidth;
  });
});
