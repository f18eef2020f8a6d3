// One section is shown at a time; the buttons on top choose which.
const tabs = document.querySelectorAll(".tab");

for (const tab of tabs) {
  tab.addEventListener("click", () => {
    for (const other of tabs) {
      const chosen = other === tab;
      other.setAttribute("aria-pressed", String(chosen));
      document.getElementById(other.dataset.tab).hidden = !chosen;
    }
  });
}
