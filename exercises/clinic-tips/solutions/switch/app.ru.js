// Находим все вкладки и все панели.
const tabs = document.querySelectorAll(".tab");
const panels = document.querySelectorAll(".panel");

// Показываем панель этой вкладки, прячем остальные и отмечаем эту вкладку.
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

// Когда нажали на вкладку, открываем её.
for (const tab of tabs) {
  tab.addEventListener("click", function () {
    openTab(tab);
  });
}
