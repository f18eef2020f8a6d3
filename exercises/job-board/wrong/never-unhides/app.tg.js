// Унсурҳои саҳифаро меёбем.
const search = document.querySelector("#search");
const cards = document.querySelectorAll(".job");

// Танҳо кортҳои мувофиқро нишон медиҳем, дигаронро пинҳон мекунем.
function filterJobs() {
  const text = search.value.toLowerCase();
  for (const card of cards) {
    const cardText = card.textContent.toLowerCase();
    if (!cardText.includes(text)) {
      card.hidden = true;
    }
  }
}

// Ҳар боре ки матни қуттии ҷустуҷӯ иваз шавад, боз филтр мекунем.
search.addEventListener("input", filterJobs);
