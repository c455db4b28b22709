// The group builder's live count: the filter form's fields go to the page's Count handler (the same
// parser as the Count button) a moment after the last change; the save form takes the current filter.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("group-filter");
  const output = document.getElementById("live-count");
  if (!form || !output) return;
  let timer = null;
  let asked = 0;
  const count = async () => {
    const ticket = ++asked;
    const query = new URLSearchParams(new FormData(form)).toString();
    output.textContent = "counting…";
    try {
      const response = await fetch(`${form.dataset.countUrl}&${query}`, { credentials: "same-origin" });
      const body = await response.json();
      if (ticket !== asked) return;
      output.textContent = response.ok ? `${body.count} unit(s)` : body.error;
      output.classList.toggle("bad", !response.ok);
    } catch {
      if (ticket === asked) output.textContent = "";
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(count, 350);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);

  const save = document.getElementById("group-save");
  if (save) {
    save.addEventListener("submit", async (e) => {
      // The hidden filter holds the last counted one; the fields may have changed since.
      e.preventDefault();
      const query = new URLSearchParams(new FormData(form)).toString();
      const response = await fetch(`${form.dataset.countUrl.replace("handler=Count", "handler=Filter")}&${query}`, { credentials: "same-origin" });
      if (response.ok) save.querySelector("[name=FilterJson]").value = await response.text();
      save.submit();
    });
  }
});
