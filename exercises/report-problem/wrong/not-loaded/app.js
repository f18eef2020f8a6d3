// Find the elements on the page.
const form = document.querySelector("#report-form");
const category = document.querySelector("#category");
const description = document.querySelector("#description");
const list = document.querySelector("#reports");

// All saved reports. The first time, there are none: an empty list [].
const reports = JSON.parse(localStorage.getItem("reports") || "[]");

// Add one report to the list on the page.
function addToList(text) {
  const item = document.createElement("li");
  item.textContent = text;
  list.appendChild(item);
}

// When the form is sent: add the report, save all reports, then clear the box.
form.addEventListener("submit", function (event) {
  event.preventDefault();
  const text = category.value + ": " + description.value;
  addToList(text);
  reports.push(text);
  localStorage.setItem("reports", JSON.stringify(reports));
  description.value = "";
});
