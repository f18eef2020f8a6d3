// Find the elements on the page.
const search = document.querySelector("#search");
const city = document.querySelector("#city");
const cards = document.querySelectorAll(".job");

// Show only the job cards that match, hide the others.
function filterJobs() {
  const text = search.value.toLowerCase();
  for (const card of cards) {
    const cardText = card.textContent.toLowerCase();
    const matches = cardText.includes(text);
    card.hidden = !matches;
  }
}

// Show only the jobs in the chosen city.
function filterCity() {
  for (const card of cards) {
    const cardCity = card.querySelector(".city").textContent;
    const cityMatches = city.value === "" || cardCity === city.value;
    card.hidden = !cityMatches;
  }
}

search.addEventListener("input", filterJobs);
city.addEventListener("change", filterCity);
