// SPDX-License-Identifier: Apache-2.0

/// `GET /_mock/ui/app.css`: a light page in the system's own fonts (nothing is fetched).
enum DashboardStyle {
    static let text = ##"""
        /* SPDX-License-Identifier: Apache-2.0 */
        :root {
          --ink: #1f2933; --muted: #66788a; --line: #dde3ea; --panel: #ffffff; --back: #f5f7fa; --accent: #2f6fde;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); background: var(--back);
        }
        body { margin: 0; }
        header {
          display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; padding: 0.75rem 1.5rem;
          background: var(--panel); border-bottom: 1px solid var(--line);
        }
        h1 { font-size: 1.15rem; margin: 0 1rem 0 0; }
        h2 { font-size: 1rem; margin: 0 0 0.6rem; }
        form { display: flex; align-items: center; gap: 0.5rem; margin: 0; }
        input[type="text"], input:not([type]) {
          font: inherit; padding: 0.3rem 0.5rem; border: 1px solid var(--line); border-radius: 4px; width: 16rem;
        }
        button {
          font: inherit; padding: 0.3rem 0.9rem; border: 1px solid var(--accent); border-radius: 4px;
          background: var(--accent); color: #fff; cursor: pointer;
        }
        button:hover { filter: brightness(1.1); }
        #status { margin: 0 0 0 auto; color: var(--muted); }
        #status.error { color: #b42318; }
        main { padding: 1rem 1.5rem; display: grid; gap: 1rem; }
        section { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.9rem 1rem; }
        .note { color: var(--muted); font-size: 0.85rem; font-weight: normal; }
        .option { display: block; color: var(--muted); font-size: 0.85rem; margin-bottom: 0.4rem; }
        .stats { display: flex; flex-wrap: wrap; gap: 0.5rem 2.5rem; margin: 0; }
        .stats dt { color: var(--muted); font-size: 0.8rem; }
        .stats dd { margin: 0; font-size: 1.05rem; font-variant-numeric: tabular-nums; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); }
        th { color: var(--muted); font-weight: 600; font-size: 0.8rem; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        td.empty { color: var(--muted); font-style: italic; }
        code { font: 0.8rem ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
        time { color: var(--muted); font-size: 0.85rem; }
        ul.counts, ol.timeline, ol.attempts { list-style: none; margin: 0; padding: 0; }
        ul.counts, ol.timeline { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; }
        ol.timeline li { display: flex; flex-direction: column; padding-left: 0.6rem; border-left: 2px solid var(--line); }
        ol.timeline li.current { border-left-color: var(--accent); }
        .offset { color: var(--muted); font-size: 0.75rem; }
        ol.attempts li { white-space: nowrap; }
        .ok { color: #067647; }
        .failed { color: #b42318; }
        .badge {
          display: inline-block; padding: 0 0.45rem; border-radius: 999px; font-size: 0.75rem; font-weight: 600;
          background: #eef1f5; color: #44546a; width: fit-content;
        }
        .s-ready, .s-succeeded, .s-delivered { background: #dcfae6; color: #067647; }
        .s-error, .s-failed { background: #fee4e2; color: #b42318; }
        .s-inprogress, .s-running { background: #e0eaff; color: #1d4ed8; }
        .s-queuing, .s-queued, .s-validating, .s-pending { background: #fef0c7; color: #93370d; }
        footer { padding: 0 1.5rem 1.5rem; color: var(--muted); font-size: 0.8rem; }

        """##
}
