/* Parallax report: clicking a finding highlights the sentences behind it in every column.
   Article text only ever reaches the page through textContent, never innerHTML. */
(function () {
  "use strict";

  function setUp(root) {
    root.setAttribute("data-px-ready", "1");
    var dataNode = root.querySelector("script.px-data");
    if (!dataNode) return;
    var data = JSON.parse(dataNode.textContent);
    var reading = root.querySelector(".px-reading");
    var strip = root.querySelector(".px-strip");
    var status = root.querySelector(".px-status");
    var columns = Array.prototype.slice.call(root.querySelectorAll(".px-col"));
    var lit = [];

    function clear() {
      lit.forEach(function (node) { node.classList.remove("px-hl", "px-active", "px-current"); });
      lit = [];
    }

    function mark(node, name) {
      node.classList.add(name);
      lit.push(node);
    }

    function inView(node) {
      var box = node.getBoundingClientRect();
      return box.bottom > 0 && box.top < (window.innerHeight || document.documentElement.clientHeight);
    }

    function show(key, trigger, preferredColumn) {
      var finding = data.findings[key];
      if (!finding) return;
      clear();
      root.querySelectorAll('[data-px="' + key + '"]').forEach(function (node) { mark(node, "px-active"); });
      mark(trigger, "px-current");
      var firstInColumn = {};
      finding.evidence.forEach(function (pair) {
        // Looked up inside this report: a notebook may show the same comparison twice.
        var sentence = root.querySelector('[id="' + data.prefix + "-s" + pair[0] + "-" + pair[1] + '"]');
        if (!sentence) return;
        mark(sentence, "px-hl");
        if (!(pair[0] in firstInColumn)) firstInColumn[pair[0]] = sentence;
      });
      columns.forEach(function (column, position) {
        var note = column.querySelector(".px-colnote");
        var body = column.querySelector(".px-colbody");
        var first = firstInColumn[position];
        if (first) {
          note.textContent = "";
          body.scrollTop = Math.max(0, first.offsetTop - body.clientHeight / 3);
        } else {
          note.textContent = "No sentence for this finding in " + data.articles[position] + ".";
        }
      });
      var target = preferredColumn in firstInColumn ? preferredColumn : Object.keys(firstInColumn)[0];
      var column = target === undefined ? null : columns[target];
      if (column && (column.offsetLeft < strip.scrollLeft ||
          column.offsetLeft + column.offsetWidth > strip.scrollLeft + strip.clientWidth)) {
        strip.scrollLeft = column.offsetLeft;
      }
      var count = finding.evidence.length;
      status.textContent = (count === 1 ? "1 sentence" : count + " sentences") + " behind: " + finding.label;
      if (!inView(strip)) reading.scrollIntoView({ block: "start" });
    }

    root.addEventListener("click", function (event) {
      var trigger = event.target.closest("[data-px]");
      if (!trigger || !root.contains(trigger)) return;
      event.preventDefault();
      var column = trigger.getAttribute("data-col");
      show(trigger.getAttribute("data-px"), trigger, column === null ? undefined : Number(column));
    });
  }

  document.querySelectorAll(".px:not([data-px-ready])").forEach(setUp);
})();
