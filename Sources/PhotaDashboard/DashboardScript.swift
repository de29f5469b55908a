// SPDX-License-Identifier: Apache-2.0

/// `GET /_mock/ui/app.js`: reads the control plane every 2 s and renders it. Every value reaches the page as text
/// (`textContent`, attributes set as properties), never as markup.
enum DashboardScript {
    static let text = ##"""
        // SPDX-License-Identifier: Apache-2.0
        "use strict";

        const token = new URLSearchParams(location.search).get("token");
        const keyStorage = "phota-mock.dashboard.api-key";
        const refreshMs = 2000;
        const maxRows = 100;
        // Marks the page's own call to /v1/phota, so that the journal can leave it out.
        const ownMarker = "from=phota-mock-dashboard";
        const $ = (id) => document.getElementById(id);

        // ---- DOM helpers: text only ----

        function node(tag, text, className) {
          const element = document.createElement(tag);
          if (text !== undefined && text !== null) element.textContent = String(text);
          if (className) element.className = className;
          return element;
        }

        function row(id, cells) {
          const tr = document.createElement("tr");
          if (id !== null) tr.dataset.id = id;
          for (const cell of cells) {
            const td = document.createElement("td");
            if (cell instanceof Node) td.append(cell);
            else td.textContent = cell === null || cell === undefined || cell === "" ? "–" : String(cell);
            tr.append(td);
          }
          return tr;
        }

        function fill(tableId, rows, emptyText) {
          const table = $(tableId);
          if (rows.length > 0) return table.tBodies[0].replaceChildren(...rows);
          const td = node("td", emptyText, "empty");
          td.colSpan = table.tHead.rows[0].cells.length;
          const tr = document.createElement("tr");
          tr.append(td);
          table.tBodies[0].replaceChildren(tr);
        }

        function badge(status) {
          return node("span", status, "badge s-" + String(status).toLowerCase().replace(/[^a-z]/g, ""));
        }

        // A <time>: hours to milliseconds shown, the whole ISO instant as its title. Takes epoch ms or ISO text.
        function time(value) {
          if (value === null || value === undefined) return "–";
          const date = new Date(value);
          if (Number.isNaN(date.getTime())) return String(value);
          const iso = date.toISOString();
          const element = node("time", iso.slice(11, 23));
          element.dateTime = iso;
          element.title = iso;
          return element;
        }

        const seconds = (ms) => (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1) + " s";

        // ---- Calls ----

        async function get(path, headers = {}) {
          if (token !== null && path.startsWith("/_mock/")) headers["X-Admin-Token"] = token;
          const response = await fetch(path, { headers, cache: "no-store" });
          if (!response.ok) {
            let detail = "";
            try { detail = (await response.json()).detail || ""; } catch (_) { /* not JSON */ }
            throw new Error(`${path.split("?")[0]}: ${response.status} ${detail}`.trim());
          }
          return response;
        }

        const getJSON = async (path, headers) => (await get(path, headers)).json();

        function query(params) {
          const search = new URLSearchParams();
          for (const [name, value] of Object.entries(params)) if (value !== "") search.set(name, value);
          const text = search.toString();
          return text ? "?" + text : "";
        }

        // Prometheus text: [{name, labels, value}].
        function parseMetrics(text) {
          const samples = [];
          for (const line of text.split("\n")) {
            const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
            if (!match) continue;
            const labels = {};
            for (const label of (match[2] || "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
              labels[label[1]] = label[2].replace(/\\(.)/g, (_, c) => (c === "n" ? "\n" : c));
            }
            samples.push({ name: match[1], labels, value: Number(match[3]) });
          }
          return samples;
        }

        // ---- Sections ----

        async function overview(key) {
          const [clock, metrics] = await Promise.all([
            getJSON("/_mock/clock" + query({ api_key: key })),
            get("/_mock/metrics").then((response) => response.text()).then(parseMetrics),
          ]);
          $("clock-now").replaceChildren(node("span", clock.now_iso));
          let mode = clock.frozen ? "frozen" : `running ×${clock.scale}`;
          if (clock.offset_ms) mode += `, key offset +${seconds(clock.offset_ms)}`;
          $("clock-mode").textContent = mode;
          const value = (name) => metrics.find((sample) => sample.name === name)?.value ?? "–";
          $("queue-depth").textContent = value("phota_mock_queue_depth");
          $("training").textContent = value("phota_mock_training");
          const counts = node("ul", null, "counts");
          for (const sample of metrics.filter((s) => s.name === "phota_mock_profiles")) {
            const item = node("li");
            item.append(badge(sample.labels.status), node("span", " " + sample.value));
            counts.append(item);
          }
          $("profile-counts").replaceChildren(counts);
        }

        // Whether a fault rule could fire on the page's own GET /v1/phota/profiles/ids: that call would use it up.
        function couldMatchOwnCall(rule, key) {
          if (rule.callback_url) return false;
          if (rule.method && rule.method.toUpperCase() !== "GET") return false;
          if (rule.api_key && rule.api_key !== key) return false;
          if (rule.route && rule.route !== "/v1/phota/profiles/ids") return false;
          if (!rule.path) return true;
          const pattern = rule.path.split("/");
          const path = "/v1/phota/profiles/ids".split("/");
          for (let index = 0; index < pattern.length; index++) {
            if (pattern[index] === "**") return true;
            if (index >= path.length) return false;
            const segment = pattern[index];
            if (segment !== "*" && !/^\{.*\}$/.test(segment) && segment !== path[index]) return false;
          }
          return pattern.length === path.length;
        }

        function timeline(profile) {
          const list = node("ol", null, "timeline");
          const phases = [{ status: "VALIDATING", at: profile.created_at }, ...profile.history];
          phases.forEach((phase, index) => {
            const item = node("li", null, index === phases.length - 1 ? "current" : "");
            item.append(badge(phase.status), time(phase.at));
            if (index > 0) item.append(node("span", "+" + seconds(phase.at - profile.created_at), "offset"));
            if (phase.message) item.title = phase.message;
            list.append(item);
          });
          return list;
        }

        // The rows last listed, and for which key: kept while a fault rule holds the list.
        let lastProfiles = { key: "", rows: [] };

        async function profiles(key, faultRules) {
          const note = $("profiles-note");
          note.textContent = "";
          if (lastProfiles.key !== key) lastProfiles = { key, rows: [] };
          if (!key) return fill("profiles", [], "Enter an API key to list its profiles.");
          const blocking = faultRules.find((rule) => couldMatchOwnCall(rule, key));
          if (blocking) {
            note.textContent = `(not refreshed: fault rule ${blocking.id} could fire on this page's profile list call)`;
            return fill("profiles", lastProfiles.rows, "Not listed while that fault rule is in force.");
          }
          const list = await getJSON(`/v1/phota/profiles/ids?${ownMarker}`, { "X-API-Key": key });
          const ids = list.profiles.slice(-maxRows).reverse();
          const details = await Promise.all(
            ids.map((id) => getJSON(`/_mock/profiles/${encodeURIComponent(id)}`).catch(() => null)));
          lastProfiles.rows = details.filter((detail) => detail !== null).map((profile) =>
            row(profile.profile_id, [
              node("code", profile.profile_id), profile.tag, profile.training_tier, badge(profile.status),
              timeline(profile),
            ]));
          if (list.profiles.length > maxRows) note.textContent = `(newest ${maxRows} of ${list.profiles.length})`;
          fill("profiles", lastProfiles.rows, "This key has no profiles.");
        }

        async function jobs(key) {
          const body = await getJSON("/_mock/jobs" + query({ api_key: key }));
          fill("jobs", body.jobs.slice(0, maxRows).map((job) =>
            row(job.job_id, [
              node("code", job.job_id), job.endpoint, badge(job.status), job.client_request_id,
              time(job.created_at), time(job.started_at), time(job.finished_at),
              job.error ? `${job.error.status} ${job.error.code}: ${job.error.detail}` : null,
            ])), key ? "This key has no jobs." : "No jobs.");
        }

        function attempts(delivery) {
          const list = node("ol", null, "attempts");
          for (const attempt of delivery.attempts) {
            const item = node("li");
            const outcome = attempt.status !== null ? String(attempt.status) : attempt.error || "no answer";
            item.append(node("span", outcome, attempt.status >= 200 && attempt.status < 300 ? "ok" : "failed"));
            item.append(node("span", ` ${attempt.latency_ms} ms `), time(attempt.at));
            list.append(item);
          }
          return delivery.attempts.length ? list : "none yet";
        }

        async function callbacks(key) {
          const body = await getJSON("/_mock/callbacks" + query({ api_key: key }));
          fill("callbacks", body.deliveries.slice(-maxRows).reverse().map((delivery) =>
            row(delivery.delivery_id, [
              node("code", delivery.delivery_id), node("code", delivery.job_id), delivery.event,
              badge(delivery.state), delivery.url, attempts(delivery), time(delivery.next_attempt_at),
            ])), "No callback deliveries.");
        }

        async function journal(key) {
          const hideOwn = $("hide-own").checked;
          // The page's own calls are left out after the fact, so ask for more to show 50 others.
          const body = await getJSON("/_mock/journal" + query({ api_key: key, limit: hideOwn ? 250 : 50 }));
          const entries = body.entries.filter((entry) => !(hideOwn && entry.query === ownMarker));
          fill("journal", entries.slice(-50).reverse().map((entry) =>
            row(String(entry.sequence), [
              time(entry.time), entry.api_key, entry.method, node("code", entry.path), entry.query,
              node("span", entry.status, entry.status < 400 ? "ok" : "failed"), entry.latency_ms.toFixed(1) + " ms", node("code", entry.request_id),
            ])), "No requests recorded.");
        }

        function describeMatch(rule) {
          const parts = [];
          if (rule.callback_url) parts.push("callbacks to " + rule.callback_url + "…");
          else parts.push((rule.method || "any method") + " " + (rule.route || rule.path || "any /v1/phota path"));
          if (rule.api_key) parts.push("key " + rule.api_key);
          return parts.join(", ");
        }

        function renderFaults(rules) {
          fill("faults", rules.map((rule) => {
            const effect = {};
            if (rule.latency) effect.latency = rule.latency;
            if (rule.action) effect.action = rule.action;
            return row(rule.id, [
              node("code", rule.id), describeMatch(rule), rule.times ?? "until removed",
              rule.probability ?? 1, node("code", JSON.stringify(effect)),
            ]);
          }), "No fault rules.");
        }

        // ---- Refresh loop ----

        let timer = null;
        let running = false;

        async function refresh() {
          if (running) return;
          running = true;
          clearTimeout(timer);
          const key = $("api-key").value.trim();
          const errors = [];
          const record = (promise) => promise.catch((error) => errors.push(error.message));
          // Fault rules first: the profile list is not asked for while a rule could fire on that call.
          const faultRules = await getJSON("/_mock/faults").then((body) => body.faults).catch((error) => {
            errors.push(error.message);
            return null;
          });
          if (faultRules !== null) renderFaults(faultRules);
          await Promise.all([
            record(overview(key)), record(profiles(key, faultRules ?? [{ id: "(unknown)" }])), record(jobs(key)),
            record(callbacks(key)), record(journal(key)),
          ]);
          const status = $("status");
          status.textContent = errors.length ? errors.join("; ") : "Updated " + new Date().toISOString().slice(11, 19) + " UTC";
          status.classList.toggle("error", errors.length > 0);
          running = false;
          if ($("auto").checked) timer = setTimeout(refresh, refreshMs);
        }

        document.addEventListener("DOMContentLoaded", () => {
          const input = $("api-key");
          input.value = localStorage.getItem(keyStorage) || "";
          input.addEventListener("input", () => localStorage.setItem(keyStorage, input.value.trim()));
          input.addEventListener("change", refresh);
          $("key-form").addEventListener("submit", (event) => {
            event.preventDefault();
            refresh();
          });
          $("refresh").addEventListener("click", refresh);
          $("hide-own").addEventListener("change", refresh);
          $("auto").addEventListener("change", () => ($("auto").checked ? refresh() : clearTimeout(timer)));
          refresh();
        });

        """##
}
