// Находим элементы на странице.
const search = document.querySelector("#search");
const city = document.querySelector("#city");
const cards = document.querySelectorAll(".job");

// Показываем только подходящие карточки вакансий, остальные прячем.
function filterJobs() {
  const text = search.value.toLowerCase();
  for (const card of cards) {
    const cardText = card.textContent.toLowerCase();
    const matches = cardText.includes(text);
    card.hidden = !matches;
  }
}

// Показываем только вакансии в выбранном городе.
function filterCity() {
  for (const card of cards) {
    const cardCity = card.querySelector(".city").textContent;
    const cityMatches = city.value === "" || cardCity === city.value;
    card.hidden = !cityMatches;
  }
}

search.addEventListener("input", filterJobs);
city.addEventListener("change", filterCity);
