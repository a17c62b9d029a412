// Tabs for the local lesson preview (./lesson preview). Without JavaScript every tab is shown
// under its own heading; with it, each .tabs block becomes an accessible tab list (arrow keys
// move between tabs). group-tab blocks stay in step across the page and across pages.
(function () {
  "use strict";
  var STORE = "lessonkit-group-tab";

  function select(tabs, index, focus) {
    var buttons = tabs.querySelectorAll('[role="tab"]');
    var panels = tabs.querySelectorAll(".tab-panel");
    for (var i = 0; i < buttons.length; i++) {
      var on = i === index;
      buttons[i].setAttribute("aria-selected", on ? "true" : "false");
      buttons[i].tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    }
    if (focus) buttons[index].focus();
  }

  function selectGroup(title) {
    document.querySelectorAll('.tabs[data-group="true"]').forEach(function (tabs) {
      var panels = tabs.querySelectorAll(".tab-panel");
      for (var i = 0; i < panels.length; i++) {
        if (panels[i].getAttribute("data-title") === title) select(tabs, i, false);
      }
    });
    try { window.localStorage.setItem(STORE, title); } catch (e) { /* storage may be off */ }
  }

  function enhance(tabs, n) {
    var panels = tabs.querySelectorAll(":scope > .tab-panel");
    if (!panels.length) return;
    var list = document.createElement("div");
    list.setAttribute("role", "tablist");
    panels.forEach(function (panel, i) {
      var id = tabs.id + "-tab-" + i;
      var button = document.createElement("button");
      button.type = "button";
      button.id = id;
      button.setAttribute("role", "tab");
      button.setAttribute("aria-controls", id + "-panel");
      button.textContent = panel.getAttribute("data-title") || "Tab " + (i + 1);
      panel.id = id + "-panel";
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", id);
      panel.tabIndex = 0;
      button.addEventListener("click", function () {
        if (tabs.getAttribute("data-group") === "true") selectGroup(panel.getAttribute("data-title"));
        else select(tabs, i, false);
      });
      button.addEventListener("keydown", function (event) {
        var last = panels.length - 1, to = null;
        if (event.key === "ArrowRight") to = i === last ? 0 : i + 1;
        else if (event.key === "ArrowLeft") to = i === 0 ? last : i - 1;
        else if (event.key === "Home") to = 0;
        else if (event.key === "End") to = last;
        if (to === null) return;
        event.preventDefault();
        select(tabs, to, true);
      });
      list.appendChild(button);
    });
    tabs.insertBefore(list, tabs.firstChild);
    tabs.classList.add("enhanced");
    select(tabs, 0, false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".tabs").forEach(enhance);
    var saved = null;
    try { saved = window.localStorage.getItem(STORE); } catch (e) { /* storage may be off */ }
    if (saved) selectGroup(saved);
  });
})();
