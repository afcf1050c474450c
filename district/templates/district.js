(function () {
  var root = document.documentElement;
  var saved = null;
  try { saved = localStorage.getItem("onestop.lang"); } catch (e) {}
  if (saved === "en" || saved === "vi") { root.dataset.lang = saved; root.lang = saved; }
  document.getElementById("lang").addEventListener("click", function () {
    root.dataset.lang = root.dataset.lang === "vi" ? "en" : "vi";
    root.lang = root.dataset.lang;
    try { localStorage.setItem("onestop.lang", root.dataset.lang); } catch (e) {}
  });
})();
