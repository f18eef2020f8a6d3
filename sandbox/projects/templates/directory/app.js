// The list is filtered as you type: a place shows when its name or kind has the words typed.
const places = [
  { name: "{{place_1}}", kind: "{{kind_1}}", phone: "+992 00 000 0001" },
  { name: "{{place_2}}", kind: "{{kind_2}}", phone: "+992 00 000 0002" },
  { name: "{{place_3}}", kind: "{{kind_3}}", phone: "+992 00 000 0003" },
];
const list = document.querySelector("#places");
const search = document.querySelector("#search");

function show() {
  const words = search.value.trim().toLowerCase();
  list.innerHTML = "";
  const found = places.filter((place) => (place.name + " " + place.kind).toLowerCase().includes(words));
  for (const place of found) {
    const item = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = place.name;
    const kind = document.createElement("div");
    kind.className = "kind";
    kind.textContent = place.kind + " · " + place.phone;
    item.append(name, kind);
    list.append(item);
  }
  document.querySelector("#nothing").hidden = found.length > 0;
}

search.addEventListener("input", show);
show();
