// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen-reader and keyboard users hear what to fix.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
