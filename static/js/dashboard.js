// Papers per month: the checkboxes compose the one `categories` parameter the API understands.
(() => {
  const form = document.querySelector("form.filters");
  if (!form) return;
  form.addEventListener("submit", () => {
    const picked = [...form.querySelectorAll("input[name=cat]:checked")].map((box) => box.value);
    form.querySelector("input[name=categories]").value = picked.includes("all") ? "all" : picked.join(",");
    form.querySelectorAll("input[name=cat]").forEach((box) => (box.disabled = true));
  });
})();
