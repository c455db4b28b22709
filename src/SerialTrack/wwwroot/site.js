// The site's one script: the menu button at phone width, the serial import page's chunked upload, and the EPCIS
// capture page's upload.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("menu");
  const nav = document.getElementById("nav");
  if (button && nav) {
    button.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  const importForm = document.getElementById("import-form");
  if (importForm) setUpImport(importForm);
  const captureForm = document.getElementById("capture-form");
  if (captureForm) setUpCapture(captureForm);
});

// Sends an EPCIS document to POST /epcis/capture as a partner's program would: the upload's progress first, then a
// wait while the server checks, stores and follows its events. The answer names the job, whose page then opens; a
// refusal of the whole document shows its reason and the field it names.
function setUpCapture(form) {
  const $ = (id) => document.getElementById(id);
  const token = form.querySelector("input[name=__RequestVerificationToken]").value;
  const limit = parseInt(form.dataset.limit, 10);
  const fileError = form.querySelector("[data-error-for=file]");

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = $("capture-file").files[0];
    const error = $("capture-error");
    error.hidden = true;
    fileError.textContent = "";
    if (!file) return;
    if (file.size > limit) {
      fileError.textContent = `${file.name} has ${file.size.toLocaleString()} bytes; a capture takes at most ${limit.toLocaleString()}.`;
      return;
    }
    // XML starts with "<"; everything else is sent as JSON-LD and the server says if it is neither.
    const head = (await file.slice(0, 512).text()).replace(/^\uFEFF/, "").trimStart();
    const submit = form.querySelector("button[type=submit]");
    const bar = $("capture-bar");
    const text = $("capture-text");
    submit.disabled = true;
    bar.max = Math.max(file.size, 1);
    bar.value = 0;
    text.textContent = `Sending ${file.name}…`;
    $("capture-progress").hidden = false;

    const fail = (message) => {
      $("capture-progress").hidden = true;
      error.textContent = message;
      error.hidden = false;
      submit.disabled = false;
    };
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action"));
    xhr.setRequestHeader("Content-Type", head.startsWith("<") ? "application/xml" : "application/ld+json");
    xhr.setRequestHeader("RequestVerificationToken", token);
    xhr.setRequestHeader("GS1-Capture-Error-Behaviour", form.querySelector("input[name=behaviour]:checked").value);
    xhr.upload.onprogress = (p) => {
      if (!p.lengthComputable) return;
      bar.max = p.total;
      bar.value = p.loaded;
      text.textContent = `Sending ${file.name}: ${Math.round((100 * p.loaded) / p.total)} %`;
    };
    xhr.upload.onload = () => {
      bar.removeAttribute("value");
      text.textContent = `Capturing ${file.name}: checking, storing and following its events…`;
    };
    xhr.onload = () => {
      if (xhr.status === 202) {
        window.location.href = "/epcis/captures/" + encodeURIComponent(xhr.getResponseHeader("Location").split("/").pop());
        return;
      }
      let problem = {};
      try { problem = JSON.parse(xhr.responseText); } catch { /* not problem+json */ }
      fail(problemText(problem, xhr.status) + (problem.detail && problem.field ? ` (${problem.field})` : ""));
    };
    xhr.onerror = () => fail("The document could not be sent: the connection failed.");
    xhr.send(file);
  });
}

// Sends the list to the import API in chunks so a long list shows progress and no request runs for
// minutes. Each chunk repeats the CSV header; the API numbers lines within its chunk, so rejects are
// shifted back to the line numbers of the pasted text or file.
function setUpImport(form) {
  const $ = (id) => document.getElementById(id);
  const chunkSize = parseInt(form.dataset.chunk, 10) || 1000;
  const token = form.querySelector("input[name=__RequestVerificationToken]").value;

  $("file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => { $("text").value = reader.result; };
    reader.readAsText(file);
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const submit = form.querySelector("button[type=submit]");
    form.querySelectorAll("[data-error-for]").forEach((s) => { s.textContent = ""; });
    $("import-error").hidden = true;
    $("import-result").hidden = true;

    const lines = $("text").value.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
    const allOrNothing = $("allOrNothing").checked;
    // The API's own rule: the first line that is neither blank nor a # comment is a header when a column is "serial".
    let header = -1;
    const first = lines.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("#"));
    if (first >= 0) {
      // One separator, chosen as the server chooses it (SerialImport.IsHeader): tab, then ;, then ,.
      const line = lines[first];
      const sep = line.includes("\t") ? "\t" : line.includes(";") ? ";" : ",";
      const cells = line.split(sep).map((c) => c.trim().toLowerCase());
      if (cells.includes("serial")) header = first;
    }
    const start = header >= 0 ? header + 1 : 0;
    const data = lines.length - start;
    const size = allOrNothing ? Math.max(data, 1) : chunkSize;
    const chunks = [];
    for (let s = start; s < lines.length; s += size) {
      const part = lines.slice(s, s + size);
      if (part.every((l) => l.trim() === "")) continue;
      // Line j (1-based) of the sent text is line j + offset of the original.
      chunks.push(header >= 0
        ? { text: [lines[header], ...part].join("\n"), offset: s - 1, count: part.length }
        : { text: part.join("\n"), offset: s, count: part.length });
    }
    if (chunks.length === 0) {
      $("import-error").textContent = "Paste or choose a list of serials first.";
      $("import-error").hidden = false;
      return;
    }

    const fields = {
      target: form.querySelector("input[name=target]:checked").value,
      product: $("product").value,
      location: $("location").value,
      reference: $("reference").value,
      allOrNothing,
    };
    const progress = $("progress");
    const total = chunks.reduce((n, c) => n + c.count, 0);
    progress.max = total;
    progress.value = 0;
    $("progress-text").textContent = `0 of ${total} lines`;
    $("import-progress").hidden = false;
    submit.disabled = true;

    let done = 0;
    let accepted = 0;
    const rejects = [];
    try {
      for (const chunk of chunks) {
        const response = await fetch(form.getAttribute("action"), {
          method: "POST",
          headers: { "Content-Type": "application/json", "RequestVerificationToken": token },
          credentials: "same-origin",
          body: JSON.stringify({ ...fields, text: chunk.text }),
        });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) {
          const where = body.field && form.querySelector(`[data-error-for="${body.field}"]`);
          if (where) where.textContent = body.detail;
          throw new Error(problemText(body, response.status) +
            (done > 0 ? ` The first ${done} lines were imported.` : ""));
        }
        accepted += body.accepted;
        for (const r of body.rejects) rejects.push({ ...r, line: r.line + chunk.offset });
        done += chunk.count;
        progress.value = done;
        $("progress-text").textContent = `${done} of ${total} lines`;
      }
    } catch (err) {
      $("import-error").textContent = err.message;
      $("import-error").hidden = false;
    } finally {
      submit.disabled = false;
    }
    showResult(accepted, rejects, allOrNothing);
  });

  function showResult(accepted, rejects, allOrNothing) {
    const nothing = allOrNothing && rejects.length > 0 ? " Nothing was imported: the list has errors." : "";
    $("summary").textContent = `Accepted ${accepted}, rejected ${rejects.length}.${nothing}`;
    const body = $("rejects").querySelector("tbody");
    body.replaceChildren(...rejects.map((r) => {
      const tr = document.createElement("tr");
      for (const v of [r.line, r.field ?? "", r.message]) {
        const td = document.createElement("td");
        td.textContent = v;
        tr.appendChild(td);
      }
      tr.firstChild.className = "num";
      return tr;
    }));
    $("rejects").closest(".table-wrap").hidden = rejects.length === 0;
    $("import-result").hidden = false;
  }
}

// What a refused request's problem+json says, or its status when it says nothing.
function problemText(problem, status) {
  return problem && problem.detail ? problem.detail : `The server answered ${status}.`;
}
