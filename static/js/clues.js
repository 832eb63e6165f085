// Clue desk enhancements: reporter box, persons formset rows, person picking, duplicate checks.
// The forms work without this script; it only saves typing and clicks.
(() => {
  const form = document.getElementById("qf-clue-form");
  if (!form) return;

  const fire = () => document.body.dispatchEvent(new CustomEvent("qf-dup-check"));

  // 匿名 / 实名: show the reporter's identity fields only for a named report.
  const reporterBox = document.getElementById("qf-reporter-box");
  const anonymousNote = document.getElementById("qf-anonymous-note");
  form.querySelectorAll("input[name=is_anonymous]").forEach((radio) => {
    radio.addEventListener("change", () => {
      const named = form.querySelector("input[name=is_anonymous]:checked")?.value === "0";
      reporterBox?.classList.toggle("d-none", !named);
      anonymousNote?.classList.toggle("d-none", named);
    });
  });

  // Characters left in the summary.
  form.querySelectorAll("[data-qf-count-for]").forEach((out) => {
    const input = document.getElementById(out.dataset.qfCountFor);
    const max = Number(input.getAttribute("maxlength")) || 200;
    const update = () => {
      out.textContent = `${input.value.length} / ${max}`;
      out.classList.toggle("text-danger", input.value.length > max);
    };
    input.addEventListener("input", update);
    update();
  });

  // Persons formset: add and remove rows.
  const rows = document.getElementById("qf-person-rows");
  const template = document.getElementById("qf-person-template");
  const total = form.querySelector("[name=persons-TOTAL_FORMS]");
  form.querySelector("[data-qf-add-person]")?.addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const row = rows.lastElementChild;
    if (window.htmx) window.htmx.process(row);
    row.querySelector("input[type=text]")?.focus();
  });

  const rowOf = (el) => el.closest("[data-qf-person-row]");
  const field = (row, name) => row.querySelector(`[name$="-${name}"]`);

  function setPicked(row, person) {
    field(row, "person").value = person ? person.id : "";
    const box = row.querySelector("[data-qf-picked]");
    box.hidden = !person;
    for (const name of ["name", "unit"]) {
      const input = field(row, name);
      input.readOnly = Boolean(person);
      if (person) input.value = person[name] || "";
    }
    if (person) {
      row.querySelector("[data-qf-picked-label]").textContent = person.label;
      field(row, "position").value = person.position || "";
      field(row, "cadre_level").value = person.cadre_level || "";
      field(row, "political_status").value = person.political_status || "";
      field(row, "is_public_official").checked = Boolean(person.is_public_official);
      row.querySelector("[data-qf-person-results]").innerHTML = "";
    }
    fire();
  }

  rows.addEventListener("click", (event) => {
    const remove = event.target.closest("[data-qf-remove-person]");
    if (remove) {
      const row = rowOf(remove);
      const del = field(row, "DELETE");
      if (del) del.checked = true;
      row.hidden = true;
      fire();
      return;
    }
    const pick = event.target.closest("[data-qf-pick]");
    if (pick) {
      setPicked(rowOf(pick), JSON.parse(pick.dataset.qfPick));
      return;
    }
    const unpick = event.target.closest("[data-qf-unpick]");
    if (unpick) setPicked(rowOf(unpick), null);
  });

  // Ask for likely duplicates when what identifies a clue changes.
  form.addEventListener("change", (event) => {
    if (event.target.matches("[data-qf-dup], [name=problem_types]")) fire();
  });
  form.addEventListener("input", (event) => {
    if (event.target.matches("input[data-qf-dup]")) fire();
  });
})();

// Workflow forms: show the fields that belong to the chosen method, result or step.
(() => {
  document.querySelectorAll("[data-qf-action-form]").forEach((form) => {
    const dependents = [...form.querySelectorAll("[data-qf-for-method], [data-qf-for-result], [data-qf-for-step]")];
    if (!dependents.length) return;
    const sync = () => {
      dependents.forEach((input) => {
        const [key, wanted] = Object.entries(input.dataset).find(([k]) => k.startsWith("qfFor")) || [];
        if (!key) return;
        const source = form.querySelector(`select[name$="-${key.slice(5).toLowerCase()}"]`);
        const box = input.closest(".qf-field") || input;
        const show = !source || source.value === wanted || input.classList.contains("is-invalid");
        box.hidden = !show;
      });
    };
    form.addEventListener("change", sync);
    sync();
  });
})();
