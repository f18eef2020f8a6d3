// Унсурҳои саҳифаро меёбем.
const form = document.querySelector("#report-form");
const category = document.querySelector("#category");
const description = document.querySelector("#description");
const list = document.querySelector("#reports");

// Ҳамаи хабарҳои захирашуда. Бори аввал ягонтоаш нест: рӯйхати холӣ [].
const reports = JSON.parse(localStorage.getItem("reports") || "[]");

// Як хабарро ба рӯйхати саҳифа илова мекунем.
function addToList(text) {
  const item = document.createElement("li");
  item.textContent = text;
  list.appendChild(item);
}

// Вақте ки форма фиристода шуд: хабарро илова мекунем, ҳамаи хабарҳоро захира мекунем, баъд қуттиро тоза мекунем.
form.addEventListener("submit", function (event) {
  event.preventDefault();
  const text = category.value + ": " + description.value;
  addToList(text);
  reports.push(text);
  localStorage.setItem("reports", JSON.stringify(reports));
  description.value = "";
});
