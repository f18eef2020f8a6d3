// Находим элементы на странице.
const form = document.querySelector("#report-form");
const category = document.querySelector("#category");
const description = document.querySelector("#description");
const list = document.querySelector("#reports");
const error = document.querySelector("#error");

// Все сохранённые сообщения. В первый раз их нет: пустой список [].
const reports = JSON.parse(localStorage.getItem("reports") || "[]");

// Добавляем одно сообщение в список на странице.
function addToList(text) {
  const item = document.createElement("li");
  item.textContent = text;
  list.appendChild(item);
}

// Когда форму отправили: добавляем сообщение, сохраняем все сообщения, потом очищаем поле.
form.addEventListener("submit", function (event) {
  event.preventDefault();

  // Пустое сообщение никому не поможет: показываем предупреждение и останавливаемся.
  if (description.value.trim() === "") {
    error.textContent = "Пожалуйста, напишите, в чём проблема.";
    return;
  }

  const text = category.value + ": " + description.value;
  addToList(text);
  reports.push(text);
  localStorage.setItem("reports", JSON.stringify(reports));
  description.value = "";
});

// Когда страница открывается, показываем сохранённые сообщения.
for (const text of reports) {
  addToList(text);
}
