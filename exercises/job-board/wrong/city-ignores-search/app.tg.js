// Унсурҳои саҳифаро меёбем.
const search = document.querySelector("#search");
const city = document.querySelector("#city");
const cards = document.querySelectorAll(".job");

// Танҳо кортҳои мувофиқро нишон медиҳем, дигаронро пинҳон мекунем.
function filterJobs() {
  const text = search.value.toLowerCase();
  for (const card of cards) {
    const cardText = card.textContent.toLowerCase();
    const matches = cardText.includes(text);
    card.hidden = !matches;
  }
}

// Танҳо корҳои шаҳри интихобшударо нишон медиҳем.
function filterCity() {
  for (const card of cards) {
    const cardCity = card.querySelector(".city").textContent;
    const cityMatches = city.value === "" || cardCity === city.value;
    card.hidden = !cityMatches;
  }
}

search.addEventListener("input", filterJobs);
city.addEventListener("change", filterCity);
