// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen-reader and keyboard users hear what to fix.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // Hide questions that do not apply given earlier answers (the server ignores them anyway).
  document.querySelectorAll("form").forEach((form) => {
    const dependents = form.querySelectorAll("[data-enable-when]");
    if (!dependents.length) return;
    const apply = () => {
      dependents.forEach((el) => {
        const rule = JSON.parse(el.dataset.enableWhen);
        const results = rule.when.map((c) => {
          const checked = form.querySelector(`input[name="${c.field}"]:checked`);
          return Boolean(checked && checked.value === c.answer && !checked.closest("[hidden]"));
        });
        el.hidden = !(rule.behavior === "any" ? results.some(Boolean) : results.every(Boolean));
      });
    };
    form.addEventListener("change", apply);
    apply();
  });
});
