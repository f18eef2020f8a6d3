// Находим элементы на странице.
const search = document.querySelector("#search");
const city = document.querySelector("#city");
const cards = document.querySelectorAll(".job");
const noJobs = document.querySelector("#no-jobs");

// Показываем только подходящие карточки вакансий, остальные прячем.
function filterJobs() {
  const text = search.value.toLowerCase();
  let shown = 0;
  for (const card of cards) {
    const cardText = card.textContent.toLowerCase();
    const cardCity = card.querySelector(".city").textContent;
    const textMatches = cardText.includes(text);
    const cityMatches = city.value === "" || cardCity === city.value;
    const matches = textMatches && cityMatches;
    card.hidden = !matches;
    if (matches) {
      shown = shown + 1;
    }
  }

  // Когда не видно ни одной карточки, говорим об этом.
  if (shown === 0) {
    noJobs.hidden = false;
  }
}

// Фильтруем снова каждый раз, когда меняется текст в поле поиска,
// и каждый раз, когда выбран другой город.
search.addEventListener("input", filterJobs);
city.addEventListener("change", filterJobs);
