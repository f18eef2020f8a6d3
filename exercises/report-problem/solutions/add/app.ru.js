// Находим элементы на странице.
const form = document.querySelector("#report-form");
const category = document.querySelector("#category");
const description = document.querySelector("#description");
const list = document.querySelector("#reports");

// Добавляем одно сообщение в список на странице.
function addToList(text) {
  const item = document.createElement("li");
  item.textContent = text;
  list.appendChild(item);
}

// Когда форму отправили: добавляем сообщение, потом очищаем поле.
form.addEventListener("submit", function (event) {
  event.preventDefault();
  const text = category.value + ": " + description.value;
  addToList(text);
  description.value = "";
});
