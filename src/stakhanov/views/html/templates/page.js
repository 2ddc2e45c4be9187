"use strict";
/* The page's only script. It computes nothing: the library computed and worded every
   figure for every α on the grid and every record (the JSON below); this looks them up,
   and opens a matrix cell's explanation on tap. */
(function () {
  var grid = JSON.parse(document.getElementById("norm-grid").textContent);
  var alpha = document.getElementById("alpha");
  var record = document.getElementById("record");
  var shownAlpha = document.getElementById("alpha-value");
  var newNorm = document.getElementById("new-norm");

  function pick(x, i) { return Array.isArray(x) ? x[i] : x; }
  // The grid's index for the slider's value: looked up by its text, as the library keyed it.
  function index(value) {
    var i = grid.index[value];
    if (i !== undefined) { return i; }
    var best = 0;
    grid.alphas.forEach(function (a, k) {
      if (Math.abs(a - Number(value)) < Math.abs(grid.alphas[best] - Number(value))) { best = k; }
    });
    return best;
  }

  function update() {
    var r = grid.records[record.value];
    var i = index(alpha.value);
    shownAlpha.textContent = grid.labels[i];
    newNorm.textContent = r.norm_text[i];
    document.querySelectorAll(".live [data-group][data-field]").forEach(function (el) {
      el.textContent = pick(r[el.dataset.field][el.dataset.group], i);
    });
    document.querySelectorAll(".live [data-pair][data-field]").forEach(function (el) {
      el.textContent = pick(r.ratios[el.dataset.pair], i);
    });
  }
  alpha.addEventListener("input", update);
  record.addEventListener("change", update);
  update();

  // A matrix cell's arithmetic: hover and focus need no script; a tap opens it, a second
  // tap on it or a tap elsewhere closes it.
  var cells = document.querySelectorAll(".cell");
  function closeAll() { cells.forEach(function (c) { c.classList.remove("open"); }); }
  cells.forEach(function (cell) {
    var button = cell.querySelector("button");
    button.addEventListener("click", function () {
      var open = cell.classList.contains("open");
      closeAll();
      if (open) { button.blur(); } else { cell.classList.add("open"); }
    });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".cell")) { closeAll(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeAll(); }
  });
})();
