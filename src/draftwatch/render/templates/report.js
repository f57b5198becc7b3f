(function () {
  "use strict";
  var body = document.body;

  function bindToggle(id, className) {
    var box = document.getElementById(id);
    if (!box) { return; }
    var apply = function () { body.classList.toggle(className, box.checked); };
    box.addEventListener("change", apply);
    apply();
  }
  bindToggle("hide-unchanged", "hide-unchanged");
  bindToggle("hide-cosmetic", "hide-cosmetic");
  bindToggle("side-by-side", "side-by-side");

  // A link to a change must land on something visible: leave side-by-side and show its section.
  function reveal(target) {
    if (!target) { return; }
    var side = target.closest(".sides");
    var section = target.closest(".doc-section");
    if (side && section && !body.classList.contains("side-by-side")) { section.classList.add("sbs"); }
    if (target.closest(".inline") && body.classList.contains("side-by-side")) {
      document.getElementById("side-by-side").checked = false;
      body.classList.remove("side-by-side");
    }
    var own = target.closest(".doc-section.sbs");
    if (own && target.closest(".inline")) { own.classList.remove("sbs"); }
    var folded = target.closest("details");
    if (folded) { folded.open = true; }
    if (section && section.classList.contains("st-unchanged") && body.classList.contains("hide-unchanged")) {
      document.getElementById("hide-unchanged").checked = false;
      body.classList.remove("hide-unchanged");
    }
  }
  function follow(hash) {
    if (!hash || hash.length < 2) { return; }
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    reveal(target);
    if (target) { target.scrollIntoView({block: "center"}); }
  }
  // "… 240 unchanged words …": a button that shows the folded text in place (both sides of a
  // side-by-side row at once), then moves the focus to it.
  function unfold(button) {
    var box = button.closest(".fold-box");
    box.classList.remove("folded");
    button.setAttribute("aria-expanded", "true");
    var shown = box.querySelector(".unfolded");
    if (shown) { shown.focus({preventScroll: true}); }
  }
  document.addEventListener("click", function (event) {
    var fold = event.target.closest("button.fold");
    if (fold) { unfold(fold); return; }
    var toggle = event.target.closest(".sbs-toggle");
    if (toggle) {
      var own = toggle.closest(".doc-section").classList.toggle("sbs");
      toggle.setAttribute("aria-pressed", own ? "true" : "false");
      return;
    }
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    event.preventDefault();
    var hash = link.getAttribute("href");
    if (location.hash === hash) { follow(hash); } else { location.hash = hash; }
  });
  window.addEventListener("hashchange", function () { follow(location.hash); });
  if (location.hash) { follow(location.hash); }

  // n / p: the next or previous change that is visible now.
  var current = -1;
  function changes() {
    return Array.prototype.filter.call(
      document.querySelectorAll(".inline .chg, .sides .chg, .renamed"),
      function (element) { return element.offsetParent !== null; }
    );
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea") { return; }
    if (event.key !== "n" && event.key !== "p") { return; }
    var list = changes();
    if (!list.length) { return; }
    var previous = document.querySelector(".current");
    if (previous) { previous.classList.remove("current"); }
    current = event.key === "n" ? Math.min(current + 1, list.length - 1) : Math.max(current - 1, 0);
    list[current].classList.add("current");
    list[current].scrollIntoView({block: "center"});
  });
})();
