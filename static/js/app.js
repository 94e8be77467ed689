// Small progressive enhancements; every page works without JavaScript.
// No inline scripts and no eval: the Content-Security-Policy allows scripts from this origin only.
document.addEventListener("DOMContentLoaded", () => {
  // Auto-submit selects marked with data-autosubmit (the form keeps its submit button for no-JS use).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});

// htmx requests from a form marked with data-drop-empty-fields leave out the fields without a
// value, so that the pushed address stays short (?q=Laser instead of every empty filter).
document.addEventListener("htmx:configRequest", (event) => {
  if (!event.target.closest || !event.target.closest("[data-drop-empty-fields]")) {
    return;
  }
  const data = event.detail.formData;
  for (const name of new Set(data.keys())) {
    if (data.getAll(name).every((value) => value === "")) {
      data.delete(name);
    }
  }
});
