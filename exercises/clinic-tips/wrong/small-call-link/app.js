// Find all tabs and all panels.
const tabs = document.querySelectorAll(".tab");
const panels = document.querySelectorAll(".panel");

// Show the panel of this tab, hide the others, and mark this tab.
function openTab(tab) {
  for (const panel of panels) {
    panel.hidden = true;
  }
  for (const other of tabs) {
    other.classList.remove("active");
  }
  const chosen = document.querySelector("#" + tab.dataset.panel);
  chosen.hidden = false;
  tab.classList.add("active");
}

// When a tab is pressed, open it.
for (const tab of tabs) {
  tab.addEventListener("click", function () {
    openTab(tab);
  });
}
