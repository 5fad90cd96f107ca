// Site-wide behaviour: the collapsing nav and "copy link" buttons (no inline handlers: the
// Content-Security-Policy allows scripts from 'self' only).
(() => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    });
  }
  // Copies the page's current URL (the permalink: every view state is in the query string).
  async function copyLink(button) {
    const original = button.dataset.label || button.textContent;
    button.dataset.label = original;
    try {
      await navigator.clipboard.writeText(location.href);
      button.textContent = "Link copied";
    } catch {
      window.prompt("Copy this link:", location.href);
    }
    setTimeout(() => (button.textContent = original), 1500);
  }
  window.copyPermalink = copyLink;
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.copy-link");
    if (button) copyLink(button);
  });
})();
