// The entity alias form's "Preview matches" button: asks the admin preview view which papers
// the alias as typed would match, and shows its answer under the button (no inline script: CSP).
document.getElementById("alias-preview-button").addEventListener("click", async (event) => {
  const form = document.getElementById("entityalias_form");
  const value = (name) => {
    const field = form.elements[name];
    if (!field) return "";
    return field.type === "checkbox" ? (field.checked ? "1" : "0") : field.value;
  };
  const query = new URLSearchParams();
  for (const name of ["entity", "phrase", "is_pattern", "case_sensitive", "exclusions", "context", "context_window"]) {
    query.set(name, value(name));
  }
  const target = document.getElementById("alias-preview");
  target.textContent = "Matching…";
  const response = await fetch(event.currentTarget.dataset.previewUrl + "?" + query.toString());
  target.innerHTML = await response.text();
});
