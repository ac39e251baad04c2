/* The report's only script, inline; it fetches nothing. Without it the report reads the same:
   tables are plain tables, each chart mark keeps its <title> tooltip and its name for screen
   readers. With it: tables sort on a header click (and long ones filter), and a chart mark shows
   its value, unit and source on hover and on keyboard focus. Labels come from <main data-*>. */
(function () {
  "use strict";
  var main = document.querySelector("main.report");
  if (!main) { return; }
  var lang = document.documentElement.lang || undefined;
  var LONG_TABLE = 8;

  function cellText(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.trim() : "";
  }

  function numberIn(text) {
    var m = text.replace(/[,\s]/g, "").match(/[-+−]?\d+(?:\.\d+)?/);
    return m ? parseFloat(m[0].replace("−", "-")) : null;
  }

  function sortBy(table, th, index, numeric) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    rows.forEach(function (r, i) { if (!r.hasAttribute("data-order")) { r.setAttribute("data-order", i); } });
    rows.sort(function (a, b) {
      var x = cellText(a, index), y = cellText(b, index), d;
      if (numeric) {
        var nx = numberIn(x), ny = numberIn(y);
        if (nx === null && ny === null) { d = 0; }
        else if (nx === null) { return 1; }       /* not published: always last */
        else if (ny === null) { return -1; }
        else { d = nx - ny; }
      } else {
        d = x.localeCompare(y, lang);
      }
      if (d === 0) { d = a.getAttribute("data-order") - b.getAttribute("data-order"); return d; }
      return ascending ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function filterRows(table, query) {
    var q = query.trim().toLocaleLowerCase(lang);
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      r.hidden = q !== "" && r.textContent.toLocaleLowerCase(lang).indexOf(q) < 0;
    });
  }

  Array.prototype.forEach.call(main.querySelectorAll("div.table"), function (box, n) {
    var table = box.querySelector("table");
    if (!table || !table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = main.getAttribute("data-sort-label") || "";
      var numeric = th.classList.contains("num");
      button.addEventListener("click", function () { sortBy(table, th, i, numeric); });
      th.textContent = "";
      th.appendChild(button);
    });
    if (table.tBodies[0].rows.length > LONG_TABLE) {
      var id = (box.id || "table-" + n) + "-filter";
      var wrap = document.createElement("p");
      wrap.className = "table-filter";
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = main.getAttribute("data-filter-label") || "";
      var input = document.createElement("input");
      input.type = "search";
      input.id = id;
      input.addEventListener("input", function () { filterRows(table, input.value); });
      wrap.appendChild(label);
      wrap.appendChild(input);
      box.insertBefore(wrap, table);
    }
  });

  var tip = document.createElement("div");
  tip.id = "zr-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);

  function show(mark) {
    tip.textContent = mark.getAttribute("data-tip");
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var width = Math.min(tip.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left + box.width / 2 - width / 2,
                                    document.documentElement.clientWidth - width - 8));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    mark.setAttribute("aria-describedby", "zr-tip");
  }

  function hide(mark) {
    tip.hidden = true;
    if (mark) { mark.removeAttribute("aria-describedby"); }
  }

  function markOf(event) {
    return event.target && event.target.closest ? event.target.closest("[data-tip]") : null;
  }

  main.addEventListener("mouseover", function (e) { var m = markOf(e); if (m) { show(m); } });
  main.addEventListener("mouseout", function (e) { var m = markOf(e); if (m) { hide(m); } });
  main.addEventListener("focusin", function (e) { var m = markOf(e); if (m) { show(m); } });
  main.addEventListener("focusout", function (e) { var m = markOf(e); if (m) { hide(m); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(null); } });
}());
