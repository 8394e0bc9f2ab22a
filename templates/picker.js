// The cell picker of the audience builder: clicking a cell of the map adds it to (or takes it from) the
// picked cells. Served as a file: the Content-Security-Policy allows no inline script.
(function () {
  var box = document.getElementById("picked-cells");
  var radio = document.getElementById("kind-cells");
  document.querySelectorAll("#picker [data-cell]").forEach(function (cell) {
    cell.addEventListener("click", function () {
      var id = cell.getAttribute("data-cell");
      var picked = box.value.split(/[\s,]+/).filter(function (s) { return s; });
      var i = picked.indexOf(id);
      if (i >= 0) { picked.splice(i, 1); cell.classList.remove("picked"); }
      else { picked.push(id); cell.classList.add("picked"); }
      box.value = picked.join("\n");
      radio.checked = true;
    });
  });
})();
