// govgraph explorer: suggestions as you type (the header search and the query forms).
(function () {
  "use strict";
  function debounce(fn, ms) { let t; return function () { clearTimeout(t); const a = arguments; t = setTimeout(() => fn.apply(null, a), ms); }; }
  function at() { const el = document.getElementById("at"); return el && el.value ? "&at=" + encodeURIComponent(el.value) : ""; }
  async function suggest(text) {
    if (!text.trim()) return [];
    const r = await fetch("/api/search?limit=8&q=" + encodeURIComponent(text));
    return r.ok ? r.json() : [];
  }
  const input = document.getElementById("q"), list = document.getElementById("suggestions");
  if (input && list) {
    let asked = 0;  // only the latest answer is shown (an earlier one may come later)
    input.addEventListener("input", debounce(async () => {
      const mine = ++asked;
      const items = await suggest(input.value);
      if (mine !== asked) return;
      list.innerHTML = "";
      for (const m of items) {
        const li = document.createElement("li"), a = document.createElement("a");
        li.setAttribute("role", "option");
        a.href = m.href + (m.href.includes("?") ? at() : at().replace("&", "?"));
        a.textContent = m.label;
        const kind = document.createElement("span"); kind.className = "kind"; kind.textContent = m.type;
        a.appendChild(kind); li.appendChild(a); list.appendChild(li);
      }
      list.hidden = items.length === 0;
    }, 120));
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" && !list.hidden) { const first = list.querySelector("a"); if (first) { e.preventDefault(); first.focus(); } }
      if (e.key === "Escape") list.hidden = true;
    });
  }
  for (const field of document.querySelectorAll("input.suggest")) {
    const dl = document.getElementById(field.getAttribute("list"));
    field.addEventListener("input", debounce(async () => {
      const items = await suggest(field.value);
      dl.innerHTML = "";
      for (const m of items) { const o = document.createElement("option"); o.value = m.label; dl.appendChild(o); }
    }, 120));
  }
})();
