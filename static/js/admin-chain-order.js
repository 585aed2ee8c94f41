/* A chain's steps in admin: drag a row by its handle, or press its up and down
 * buttons, and the position boxes are rewritten 1, 2, 3… in the new order.
 *
 * Without this script the boxes still work: the server saves the steps in the
 * order of the numbers typed (exercises/admin_forms.py). No inline script or
 * style is needed: the policy allows neither.
 */
(function () {
  "use strict";

  function stepRows(tbody) {
    return Array.from(tbody.querySelectorAll("tr.form-row")).filter(
      (row) => !row.classList.contains("empty-form")
    );
  }

  function isStep(row) {
    const id = row.querySelector("input[name$='-id']");
    const exercise = row.querySelector("td.field-exercise select");
    return Boolean((id && id.value) || (exercise && exercise.value));
  }

  function isDeleted(row) {
    const box = row.querySelector("td.delete input[type=checkbox]");
    return Boolean(box && box.checked);
  }

  function stepName(row) {
    const exercise = row.querySelector("td.field-exercise select");
    const option = exercise && exercise.selectedOptions[0];
    return option && option.value ? option.textContent.trim() : "This step";
  }

  // A row and the row of its errors above it, if any, move together.
  function parts(row) {
    const before = row.previousElementSibling;
    return before && before.classList.contains("row-form-errors") ? [before, row] : [row];
  }

  // Puts `row` before `target` (a step row), or after the last step when `target` is null.
  function place(tbody, row, target) {
    const anchor = target
      ? parts(target)[0]
      : tbody.querySelector("tr.empty-form, tr.add-row");
    parts(row).forEach((part) => tbody.insertBefore(part, anchor));
  }

  function renumber(group) {
    let position = 0;
    stepRows(group.querySelector("tbody")).forEach((row) => {
      const input = row.querySelector("input.chain-order-position");
      if (input && isStep(row) && !isDeleted(row)) {
        position += 1;
        input.value = String(position);
      }
    });
  }

  function announce(group, row) {
    const status = group.querySelector(".chain-order-status");
    const input = row.querySelector("input.chain-order-position");
    if (status && input && input.value) {
      status.textContent = `${stepName(row)} is now step ${input.value}.`;
    }
  }

  function button(className, label, symbol) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.title = label;
    element.setAttribute("aria-label", label);
    element.textContent = symbol;
    return element;
  }

  function addControls(row) {
    const cell = row.querySelector("td.field-position");
    if (!cell || cell.querySelector(".chain-order-controls")) {
      return;
    }
    const controls = document.createElement("span");
    controls.className = "chain-order-controls";
    const handle = document.createElement("span");
    handle.className = "chain-order-handle";
    handle.title = "Drag to move this step";
    handle.setAttribute("aria-hidden", "true");
    handle.textContent = "⠿";
    controls.append(
      button("chain-order-up", "Move this step up", "▲"),
      button("chain-order-down", "Move this step down", "▼"),
      handle
    );
    cell.append(controls);
  }

  function moveByButton(group, event) {
    const up = event.target.closest(".chain-order-up");
    const down = event.target.closest(".chain-order-down");
    if (!up && !down) {
      return;
    }
    const tbody = group.querySelector("tbody");
    const row = event.target.closest("tr.form-row");
    const rows = stepRows(tbody);
    const index = rows.indexOf(row);
    if (up && index > 0) {
      place(tbody, row, rows[index - 1]);
    } else if (down && index >= 0 && index < rows.length - 1) {
      place(tbody, row, rows[index + 2] || null);
    } else {
      return;
    }
    renumber(group);
    announce(group, row);
    (up || down).focus();
  }

  function enableDragging(group) {
    const tbody = group.querySelector("tbody");
    let dragged = null;

    tbody.addEventListener("pointerdown", (event) => {
      const handle = event.target.closest(".chain-order-handle");
      if (!handle || event.button !== 0) {
        return;
      }
      event.preventDefault();
      dragged = handle.closest("tr.form-row");
      dragged.classList.add("chain-order-dragging");
      handle.setPointerCapture(event.pointerId);
    });

    tbody.addEventListener("pointermove", (event) => {
      if (!dragged) {
        return;
      }
      const under = document.elementFromPoint(event.clientX, event.clientY);
      const target = under && under.closest("tr.form-row");
      if (!target || target === dragged || !tbody.contains(target)) {
        return;
      }
      if (target.classList.contains("empty-form")) {
        return;
      }
      const box = target.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) {
        place(tbody, dragged, target);
      } else {
        const rows = stepRows(tbody).filter((row) => row !== dragged);
        place(tbody, dragged, rows[rows.indexOf(target) + 1] || null);
      }
    });

    const drop = () => {
      if (!dragged) {
        return;
      }
      const row = dragged;
      dragged = null;
      row.classList.remove("chain-order-dragging");
      renumber(group);
      announce(group, row);
    };
    tbody.addEventListener("pointerup", drop);
    tbody.addEventListener("pointercancel", drop);
  }

  function enhance(group) {
    const tbody = group.querySelector("tbody");
    if (!tbody) {
      return;
    }
    // The empty row too: rows added with "Add another" are copies of it.
    tbody.querySelectorAll("tr.form-row").forEach(addControls);
    const status = document.createElement("p");
    status.className = "chain-order-status";
    status.setAttribute("aria-live", "polite");
    group.append(status);
    const hint = document.createElement("p");
    hint.className = "help chain-order-hint";
    hint.textContent =
      "Drag a step by its ⠿ handle, or use ▲ and ▼, to change the order; " +
      "or type the positions. The steps are saved as 1, 2, 3… in that order.";
    group.querySelector("table").before(hint);
    group.addEventListener("click", (event) => moveByButton(group, event));
    enableDragging(group);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("fieldset.chain-order").forEach(enhance);
  });
  document.addEventListener("formset:added", (event) => {
    if (event.target instanceof Element) {
      addControls(event.target);
    }
  });
})();
