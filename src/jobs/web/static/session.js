/* A warning before the idle timeout signs a person out, with a way to stay signed in.
   The minutes come from the page (JOBS_SESSION_IDLE_MINUTES); nothing is sent but a
   "still here" request when the person asks for it. */
(function () {
  "use strict";
  var tag = document.currentScript;
  var minutes = Number(tag && tag.getAttribute("data-idle-minutes")) || 0;
  if (minutes <= 0) { return; }
  var idle = minutes * 60000;
  var lead = Math.min(2 * 60000, idle / 2);
  var box = null, warnTimer = null, endTimer = null;

  function clear() {
    if (box) { box.remove(); box = null; }
    clearTimeout(warnTimer); clearTimeout(endTimer);
  }
  function show(text, withButton) {
    if (box) { box.remove(); }
    box = document.createElement("div");
    box.className = "idle-warning";
    box.setAttribute("role", "alert");
    var words = document.createElement("p");
    words.textContent = text;
    box.appendChild(words);
    if (withButton) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = "Stay signed in";
      button.addEventListener("click", stay);
      box.appendChild(button);
    }
    document.body.appendChild(box);
    if (withButton) { box.querySelector("button").focus(); }
  }
  function warn() {
    show("You will be signed out in " + Math.round(lead / 60000) +
         " minutes because nothing has happened on this page. Anything you have typed stays here.",
         true);
    endTimer = setTimeout(function () {
      show("You were signed out for safety. If you send this form, it is kept: sign in and " +
           "you will be brought back to it.", false);
    }, lead);
  }
  function start() {
    clear();
    warnTimer = setTimeout(warn, idle - lead);
  }
  function stay() {
    fetch("/session/alive", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (r.ok) { start(); }
    });
  }
  start();
}());
