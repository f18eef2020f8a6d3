// Находим элементы на странице.
const search = document.querySelector("#search");
const cards = document.querySelectorAll(".job");

// Показываем только подходящие карточки вакансий, остальные прячем.
function filterJobs() {
  const text = search.value.toLowerCase();
  for (const card of cards) {
    const cardText = card.textContent.toLowerCase();
    if (!cardText.includes(text)) {
      card.hidden = true;
    }
  }
}

// Фильтруем снова каждый раз, когда меняется текст в поле поиска.
search.addEventListener("input", filterJobs);
