// Folio's default theme: light/dark toggle and the small-screen menu. Works without it too.
(function () {
  var root = document.documentElement;
  var themeButton = document.querySelector("[data-folio-theme]");
  if (themeButton) {
    themeButton.addEventListener("click", function () {
      var dark = root.dataset.theme
        ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      try { localStorage.setItem("folio-theme", root.dataset.theme); } catch (e) {}
    });
  }
  var menuButton = document.querySelector("[data-folio-menu]");
  var sidebar = document.getElementById("sidebar");
  if (menuButton && sidebar) {
    menuButton.addEventListener("click", function () {
      var open = sidebar.classList.toggle("is-visible");
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var current = sidebar && sidebar.querySelector("[aria-current=page]");
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
})();
