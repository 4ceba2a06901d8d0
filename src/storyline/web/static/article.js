// The article view: bring the evidence the reader followed into the middle of the screen.
"use strict";
(function () {
  const mark = document.getElementById("evidence");
  if (!mark) return;
  mark.setAttribute("tabindex", "-1");
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
})();
