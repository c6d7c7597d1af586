// The story page: switch views, show a claim's evidence in its article, and mark what is
// new since the last visit. Article text is only ever set as text, never as HTML.
"use strict";

const original = new Map();

function units(text, codePoints) {
  // Offsets in the report count code points; JavaScript strings count UTF-16 units.
  let i = 0;
  for (let n = 0; n < codePoints && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i;
}

function restore(pre) {
  if (original.has(pre.id)) pre.textContent = original.get(pre.id);
}

function showEvidence(button) {
  const pre = document.getElementById(button.dataset.target);
  if (!pre) return;
  if (!original.has(pre.id)) original.set(pre.id, pre.textContent);
  document.querySelectorAll("pre.article-text").forEach(restore);
  document.querySelectorAll(".claim.selected").forEach((b) => b.classList.remove("selected"));
  const text = original.get(pre.id);
  const start = units(text, Number(button.dataset.start));
  const end = units(text, Number(button.dataset.end));
  const mark = document.createElement("mark");
  mark.className = "evidence";
  mark.id = "evidence";
  mark.textContent = text.slice(start, end);
  pre.replaceChildren(text.slice(0, start), mark, text.slice(end));
  button.classList.add("selected");
  const box = pre.closest("details");
  if (box) box.open = true;
  mark.scrollIntoView({ block: "center" });
}

function showView(name) {
  document.querySelectorAll(".view").forEach((tab) => {
    tab.classList.toggle("active", tab.dataset.view === name);
  });
  document.querySelectorAll(".view-pane").forEach((pane) => {
    pane.hidden = pane.id !== `view-${name}`;
  });
}

async function sinceLastVisit(story, brief) {
  const key = `newsweave:seen:${story}`;
  const seen = localStorage.getItem(key);
  localStorage.setItem(key, brief);
  if (!seen || seen === brief) return;
  const response = await fetch(`/api/stories/${encodeURIComponent(story)}?since=${encodeURIComponent(seen)}`);
  if (!response.ok) return;
  const changes = (await response.json()).changes;
  const ids = new Set([
    ...changes.new_facts, ...changes.new_conflicts, ...changes.new_quotes,
    ...changes.changed_facts.map((c) => c.id),
  ]);
  let marked = 0;
  document.querySelectorAll("[data-id]").forEach((el) => {
    if (ids.has(el.dataset.id)) { el.classList.add("new-since"); marked++; }
  });
  const fresh = new Set(changes.new_articles);
  document.querySelectorAll("details.article").forEach((el) => {
    if (fresh.has(el.dataset.article)) el.classList.add("new-since");
  });
  const banner = document.getElementById("since");
  banner.textContent =
    `Since your last visit: ${changes.new_articles.length} new article(s), ` +
    `${changes.new_facts.length} new fact(s), ${changes.changed_facts.length} changed, ` +
    `${changes.new_conflicts.length} new conflict(s), ${changes.new_quotes.length} new quote(s). ` +
    `${marked} item(s) highlighted.`;
  banner.hidden = false;
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".view").forEach((tab) => {
    tab.addEventListener("click", () => showView(tab.dataset.view));
  });
  document.querySelectorAll(".claim").forEach((button) => {
    button.addEventListener("click", () => showEvidence(button));
  });
  const root = document.getElementById("story");
  if (root) sinceLastVisit(root.dataset.story, root.dataset.brief).catch(() => {});
});
