// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen-reader and keyboard users hear what to fix.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  document.querySelectorAll("form").forEach((form) => {
    // Hide questions that do not apply given earlier answers (the server ignores them anyway).
    const dependents = form.querySelectorAll("[data-enable-when]");
    if (dependents.length) {
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
    }

    // One submission per click: a second click while the first is on its way does nothing
    // (the server is idempotent too). Reset when the page comes back from the history.
    form.addEventListener("submit", (event) => {
      if (form.dataset.submitting) event.preventDefault();
      form.dataset.submitting = "1";
    });
    window.addEventListener("pageshow", () => delete form.dataset.submitting);

    // Save answers in the background as they change, so nothing is lost if the tab closes.
    if ("autosave" in form.dataset) {
      const status = form.querySelector(".autosave-status");
      let timer = null;
      const save = (keepalive) => {
        timer = null;
        const data = new FormData(form);
        data.set("action", "pause");
        // Not form.action: a control named "action" (our buttons) shadows that property.
        return fetch(form.getAttribute("action") || window.location.href, {
          method: "POST", body: data, credentials: "same-origin", keepalive,
          headers: { "X-Autosave": "1" },
        }).then((response) => {
          if (status && response.ok) status.textContent = status.dataset.savedText;
        }).catch(() => {});
      };
      form.addEventListener("change", () => {
        clearTimeout(timer);
        timer = setTimeout(() => save(false), 700);
      });
      // The page's own submission carries the answers: no autosave after it.
      form.addEventListener("submit", () => {
        clearTimeout(timer);
        timer = null;
      });
      // Another form sent before the pause ran out (the language switch): save first,
      // then send it, so the next page shows what was ticked.
      document.addEventListener("submit", (event) => {
        if (event.target === form || timer === null || event.defaultPrevented) return;
        event.preventDefault();
        clearTimeout(timer);
        const other = event.target;
        save(false).finally(() => other.submit());
      });
      // Leaving otherwise before it ran out (closing the tab, a link): save now, in a
      // request the browser finishes after the page is gone.
      window.addEventListener("pagehide", () => {
        if (timer !== null && !form.dataset.submitting) {
          clearTimeout(timer);
          save(true);
        }
      });
    }
  });

  // Staff: a minute before the server logs an idle session off, say so and offer to stay.
  const idle = Number(document.body.dataset.idleSeconds || 0);
  const warning = document.getElementById("session-warning");
  if (idle && warning) {
    let timer;
    const arm = () => {
      clearTimeout(timer);
      warning.hidden = true;
      timer = setTimeout(() => { warning.hidden = false; }, (idle - 60) * 1000);
    };
    warning.querySelector("[data-keepalive]").addEventListener("click", () => {
      fetch(document.body.dataset.keepaliveUrl, { credentials: "same-origin" })
        .then((response) => { if (response.ok) arm(); }).catch(() => {});
    });
    arm();
  }

  // Character counters for long answers.
  document.querySelectorAll("textarea[data-counter]").forEach((area) => {
    const out = document.createElement("p");
    out.className = "small text-body-secondary mt-1";
    out.setAttribute("aria-live", "polite");
    area.after(out);
    const update = () => {
      out.textContent = area.dataset.counter
        .replace("%(count)s", area.value.length).replace("%(max)s", area.maxLength);
    };
    area.addEventListener("input", update);
    update();
  });
});

// A passkey just made (django-otp-webauthn's script announces it): go on to the page that
// says what next (backup codes), as the form would without JavaScript.
document.addEventListener("otp_webauthn.register_complete", () => {
  const placeholder = document.querySelector("[data-after-passkey]");
  window.location.assign(placeholder ? placeholder.dataset.afterPasskey : window.location.href);
});

// With this script, a question shows only when it applies: its "only if…" line is moot.
document.documentElement.classList.add("js");
