// Находим элементы на странице.
const search = document.querySelector("#search");
const cards = document.querySelectorAll(".job");

// Показываем только подходящие карточки вакансий, остальные прячем.
function filterJobs() {
  const text = search.value;
  for (const card of cards) {
    const cardText = card.textContent;
    const matches = cardText.includes(text);
    card.hidden = !matches;
  }
}

// Фильтруем снова каждый раз, когда меняется текст в поле поиска.
search.addEventListener("input", filterJobs);
