// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
document.querySelectorAll("[data-qf-confirm]").forEach((el) => {
  el.addEventListener("click", (event) => {
    if (!window.confirm(el.dataset.qfConfirm)) event.preventDefault();
  });
});
