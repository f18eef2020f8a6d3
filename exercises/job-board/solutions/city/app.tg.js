// Унсурҳои саҳифаро меёбем.
const search = document.querySelector("#search");
const city = document.querySelector("#city");
const cards = document.querySelectorAll(".job");

// Танҳо кортҳои мувофиқро нишон медиҳем, дигаронро пинҳон мекунем.
function filterJobs() {
  const text = search.value.toLowerCase();
  for (const card of cards) {
    const cardText = card.textContent.toLowerCase();
    const cardCity = card.querySelector(".city").textContent;
    const textMatches = cardText.includes(text);
    const cityMatches = city.value === "" || cardCity === city.value;
    const matches = textMatches && cityMatches;
    card.hidden = !matches;
  }
}

// Ҳар боре ки матни қуттии ҷустуҷӯ иваз шавад
// ё шаҳри дигар интихоб шавад, боз филтр мекунем.
search.addEventListener("input", filterJobs);
city.addEventListener("change", filterJobs);
