/* Quick exit: the button, or Shift pressed three times, hides the page at once and
 * replaces this location with a neutral site, so that Back does not return here.
 *
 * With JavaScript the session is ended in the background: sendBeacon posts to /exit/
 * (the browser delivers it even while leaving). Without JavaScript the button's form
 * posts to /exit/, which logs out and redirects to the same neutral site.
 * The 500 page has a plain link instead of a form; the same code handles it. */
(function () {
  "use strict";
  var container = document.querySelector("[data-quick-exit-url]");
  if (!container) { return; }
  var neutralUrl = container.getAttribute("data-quick-exit-url");
  var form = container.querySelector("form");
  var leaving = false;

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    if (leaving) { return; }
    leaving = true;
    // Hide first: whatever happens next, nothing of this page stays on screen.
    document.documentElement.style.visibility = "hidden";
    document.documentElement.style.background = "#fff";
    document.title = "";
    try {
      if (form && navigator.sendBeacon) {
        navigator.sendBeacon(form.action, new FormData(form));
      }
    } catch (e) { /* leaving matters more than logging out */ }
    window.location.replace(neutralUrl);
  }

  if (form) {
    form.addEventListener("submit", quickExit);
  } else {
    var link = container.querySelector("[data-quick-exit]");
    if (link) { link.addEventListener("click", quickExit); }
  }

  // Three Shift presses within 1.5 s, with no other key in between.
  var shiftPresses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { shiftPresses = []; return; }
    if (event.repeat) { return; }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (t) { return now - t < 1500; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) { quickExit(); }
  }, true);

  // Coming back through the back/forward cache: leave again rather than show the page.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && leaving) { window.location.replace(neutralUrl); }
  });
})();
