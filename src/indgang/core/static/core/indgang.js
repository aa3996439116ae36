// Progressive enhancement only: every page works without this file.
document.documentElement.classList.remove("no-js");
document.addEventListener("DOMContentLoaded", function () {
  // Wide tables: each wrapped table is stacked on a phone (DKFDS copies the column headings
  // into the cells), and a wrapper that still scrolls can be reached and scrolled by keyboard.
  document.querySelectorAll(".table-wrapper > table.table").forEach(function (table) {
    if (!table.matches(".indgang-stack, [class*='responsive-headers']")) {
      table.classList.add("table-sm-responsive-headers");
    }
    var wrapper = table.parentElement;
    if (!wrapper.hasAttribute("tabindex")) {
      var caption = table.querySelector("caption");
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", (caption ? caption.textContent.trim() : "Tabel") + ", kan rulles vandret");
    }
  });
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  // A form's one-time token (core/submit_once.py), filled in once: going back in the browser
  // restores the filled-in value, so sending the same form again is recognised as such.
  document.querySelectorAll("input[data-form-token]").forEach(function (input) {
    if (!input.value) { input.value = input.getAttribute("data-form-token"); }
  });
  // One way of showing errors: the server's DKFDS error summary, never the browser's own
  // bubbles; after a refused send, focus moves to the summary so it is read out first.
  document.querySelectorAll("form").forEach(function (form) { form.noValidate = true; });
  var summary = document.querySelector("main .alert-error[role=alert]");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
  // A form is sent once: a second click while the first is under way does nothing.
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
});
