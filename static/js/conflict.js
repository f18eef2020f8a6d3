// Two versions of the learner's code: this tab's, and the one another tab or device saved
// first. The server refused to overwrite it (409); the learner sees both and chooses.
import { el } from "./dom.js";
import { t } from "./i18n.js";

export function conflictDialog(conflict, order, choose) {
  document.querySelector("#conflict-dialog")?.remove();
  const dialog = el("dialog", "conflict-dialog");
  dialog.id = "conflict-dialog";
  dialog.append(el("h2", "", t("conflict_title")), el("p", "", t("conflict_explain")));
  const names = order.filter((name) => (conflict.mine[name] ?? "") !== (conflict.theirs[name] ?? ""));
  for (const name of names) {
    const pair = el("div", "conflict-pair");
    pair.dataset.file = name;
    for (const [side, text] of [["mine", conflict.mine[name]], ["theirs", conflict.theirs[name]]]) {
      const box = el("figure", `conflict-${side}`);
      box.append(el("figcaption", "", `${t(`conflict_${side}`)}: ${name}`), el("pre", "", text ?? ""));
      pair.append(box);
    }
    dialog.append(pair);
  }
  const buttons = el("p", "conflict-buttons");
  for (const choice of ["mine", "theirs"]) {
    const button = el("button", "", t(`conflict_keep_${choice}`));
    button.type = "button";
    button.dataset.choice = choice;
    button.addEventListener("click", () => {
      dialog.close();
      dialog.remove();
      choose(choice);
    });
    buttons.append(button);
  }
  dialog.append(buttons);
  document.body.append(dialog);
  dialog.showModal();
}
