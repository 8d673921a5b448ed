/* Quick exit: the button, or Shift pressed three times, hides the page at once and
 * replaces this location with a neutral site, so that Back does not return here.
 * The form posts to /exit/ first only when JavaScript is off; with JavaScript the
 * session is ended in the background with sendBeacon. */
(function () {
  "use strict";
  var container = document.querySelector("[data-quick-exit-url]");
  if (!container) { return; }
  var neutralUrl = container.getAttribute("data-quick-exit-url");
  var form = container.querySelector("form");

  function quickExit() {
    document.documentElement.style.visibility = "hidden";
    document.title = "";
    try {
      if (form && navigator.sendBeacon) {
        navigator.sendBeacon(form.action, new FormData(form));
      }
    } catch (e) { /* leaving matters more than logging out */ }
    window.location.replace(neutralUrl);
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      quickExit();
    });
  }

  var shiftPresses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (t) { return now - t < 1500; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) { quickExit(); }
  });
})();
