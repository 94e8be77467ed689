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

// The grouped picker (clusterwerk/core/widgets.py): a filter box narrows the options as one
// types (case and accents ignored) and opens the groups with hits; the summary on top follows
// the checked boxes. Without JavaScript the groups fold and unfold as plain <details>.
const pickerText = (text) =>
  text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/ß/g, "ss");

let pickerCount = 0;

function setUpPicker(picker) {
  if (picker.dataset.pickerReady) return;
  picker.dataset.pickerReady = "true";
  pickerCount += 1;
  const groups = Array.from(picker.querySelectorAll("[data-picker-group]"));
  const options = Array.from(picker.querySelectorAll("[data-picker-option]"));
  const headings = Array.from(picker.querySelectorAll("[data-picker-heading]"));
  const summary = picker.querySelector("[data-picker-selected]");
  const wasOpen = new Map(groups.map((group) => [group, group.open]));

  const box = document.createElement("div");
  box.className = "picker__filter";
  const inputId = `picker-filter-${pickerCount}`;
  const label = document.createElement("label");
  label.htmlFor = inputId;
  label.textContent = picker.dataset.filterLabel;
  const input = document.createElement("input");
  input.type = "search";
  input.id = inputId;
  input.autocomplete = "off";
  const none = document.createElement("p");
  none.className = "picker__none small muted";
  none.textContent = picker.dataset.noMatch;
  none.hidden = true;
  box.append(label, input);
  summary.after(box);
  box.after(none);
  // Enter in the filter box must not submit the form.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });

  input.addEventListener("input", () => {
    const query = pickerText(input.value.trim());
    let anyHit = false;
    for (const option of options) {
      const hit = !query || pickerText(option.textContent).includes(query);
      option.hidden = !hit;
      anyHit = anyHit || hit;
    }
    for (const group of groups) {
      const hits = group.querySelectorAll("[data-picker-option]:not([hidden])").length;
      group.hidden = hits === 0;
      group.open = query ? hits > 0 : wasOpen.get(group);
    }
    // A heading stays while one of the groups up to the next heading shows.
    for (const heading of headings) {
      let next = heading.nextElementSibling;
      let visible = false;
      while (next && !next.matches("[data-picker-heading]")) {
        if (next.matches("[data-picker-group]") && !next.hidden) visible = true;
        next = next.nextElementSibling;
      }
      heading.hidden = !visible;
    }
    none.hidden = anyHit;
  });
  for (const group of groups) {
    group.addEventListener("toggle", () => {
      if (!input.value.trim()) wasOpen.set(group, group.open);
    });
  }

  picker.addEventListener("change", () => {
    const chosen = Array.from(picker.querySelectorAll("input:checked"))
      .filter((checked) => checked.value !== "")
      .map((checked) => picker.querySelector(`label[for="${checked.id}"]`).textContent.trim());
    summary.textContent = "";
    if (chosen.length) {
      const prefix = document.createElement("strong");
      prefix.textContent = summary.dataset.prefix;
      summary.append(prefix, ` ${chosen.join("; ")}`);
    } else {
      summary.textContent = summary.dataset.empty;
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-picker]").forEach(setUpPicker);
});
// Pickers that htmx swaps in (forms coming back with errors) get their filter box too.
document.addEventListener("htmx:afterSwap", (event) => {
  event.target.querySelectorAll("[data-picker]").forEach(setUpPicker);
});
// After htmx swaps a form in (a conversation message sent or refused), the focus returns to
// its marked input, so that keyboard and screen-reader users can go on writing.
document.addEventListener("htmx:afterSwap", () => {
  const input = document.querySelector("[data-focus-after-swap]");
  if (input) {
    input.focus();
  }
});
