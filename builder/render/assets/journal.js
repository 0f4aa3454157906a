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

// An entry's page says how far a date is from today in an empty
// <time class="jr-ago" datetime="YYYY-MM-DD">, filled here: " (3 days ago)".
// Today is the build's (window.journalDates, the line the builder puts at the
// top of this file, with the words of the site's language), not the reader's
// clock, so the words agree with what the page says is overdue or past; the
// page itself then stays the same from day to day. Without it, or without
// JavaScript, the date stands alone.
(function () {
  var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
  function days(text) {
    var m = DAY.exec(text || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : null;
  }
  function words(delta, w) {
    if (delta === 0) return w.today;
    if (delta === 1) return w.tomorrow;
    if (delta === -1) return w.yesterday;
    return (delta > 0 ? w["in"] : w.ago).replace("{count}", String(Math.abs(delta)));
  }
  function fill() {
    var dates = window.journalDates;
    if (!dates || !dates.words) return;
    var today = days(dates.today);
    if (today === null) return;
    document.querySelectorAll("time.jr-ago[datetime]").forEach(function (time) {
      var day = days(time.getAttribute("datetime"));
      if (day !== null) time.textContent = " (" + words(day - today, dates.words) + ")";
    });
  }
  document.addEventListener("DOMContentLoaded", fill);
  // Material's instant navigation (navigation.instant) swaps pages without loading them
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(fill);
})();
