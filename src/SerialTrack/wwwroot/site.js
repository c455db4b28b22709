// The only script: the menu button that opens the navigation at phone width.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("menu");
  const nav = document.getElementById("nav");
  if (!button || !nav) return;
  button.addEventListener("click", () => {
    const open = nav.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
});
