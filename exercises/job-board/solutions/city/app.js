// Find the elements on the page.
const search = document.querySelector("#search");
const city = document.querySelector("#city");
const cards = document.querySelectorAll(".job");

// Show only the job cards that match, hide the others.
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

// Filter again every time the text in the search box changes,
// and every time another city is chosen.
search.addEventListener("input", filterJobs);
city.addEventListener("change", filterJobs);
