// SPDX-License-Identifier: Apache-2.0

/// `GET /_mock/ui`: the page's skeleton. Every table is filled by `app.js`, as text.
enum DashboardPage {
    /// - Parameter assetQuery: appended to the script's and style sheet's URLs (`?token=…`, already encoded).
    static func html(assetQuery: String) -> String {
        Self.template.replacing("{{asset-query}}", with: assetQuery)
    }

    static let template = ##"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>phota-mock dashboard</title>
        <link rel="stylesheet" href="/_mock/ui/app.css{{asset-query}}">
        <script src="/_mock/ui/app.js{{asset-query}}" defer></script>
        </head>
        <body>
        <header>
          <h1>phota-mock</h1>
          <form id="key-form">
            <label for="api-key">API key</label>
            <input id="api-key" name="api-key" autocomplete="off" spellcheck="false" placeholder="e.g. dev">
          </form>
          <button id="refresh" type="button">Refresh</button>
          <label class="auto"><input id="auto" type="checkbox" checked> every 2 s</label>
          <p id="status" role="status">Loading…</p>
        </header>
        <main>
        <section id="overview">
          <h2>Clock and training</h2>
          <dl class="stats">
            <div><dt>Simulated now</dt><dd id="clock-now">–</dd></div>
            <div><dt>Clock</dt><dd id="clock-mode">–</dd></div>
            <div><dt>Queue depth</dt><dd id="queue-depth">–</dd></div>
            <div><dt>Training</dt><dd id="training">–</dd></div>
            <div><dt>Profiles stored</dt><dd id="profile-counts">–</dd></div>
          </dl>
          <p class="note">Queue, training and stored profiles are for all accounts; the clock is the key's.</p>
        </section>
        <section>
          <h2>Profiles <span class="note" id="profiles-note"></span></h2>
          <table id="profiles">
            <thead><tr><th>Profile</th><th>Tag</th><th>Tier</th><th>Status</th><th>Phases</th></tr></thead>
            <tbody></tbody>
          </table>
        </section>
        <section>
          <h2>Jobs</h2>
          <table id="jobs">
            <thead><tr><th>Job</th><th>Endpoint</th><th>Status</th><th>Client request</th><th>Created</th>
              <th>Started</th><th>Finished</th><th>Error</th></tr></thead>
            <tbody></tbody>
          </table>
        </section>
        <section>
          <h2>Callback deliveries</h2>
          <table id="callbacks">
            <thead><tr><th>Delivery</th><th>Job</th><th>Event</th><th>State</th><th>URL</th><th>Attempts</th>
              <th>Next attempt</th></tr></thead>
            <tbody></tbody>
          </table>
        </section>
        <section>
          <h2>Request journal</h2>
          <label class="option"><input id="hide-own" type="checkbox" checked> hide this page's own requests</label>
          <table id="journal">
            <thead><tr><th>Time</th><th>Key</th><th>Method</th><th>Path</th><th>Query</th><th>Status</th>
              <th>Latency</th><th>Request id</th></tr></thead>
            <tbody></tbody>
          </table>
        </section>
        <section>
          <h2>Fault rules</h2>
          <table id="faults">
            <thead><tr><th>Rule</th><th>Matches</th><th>Times</th><th>Probability</th><th>Effect</th></tr></thead>
            <tbody></tbody>
          </table>
        </section>
        </main>
        <footer>Served by phota-mock from <code>/_mock</code>. Times are UTC: profile, job and clock times on the
          simulated clock, journal and callback attempt times on the wall clock.</footer>
        </body>
        </html>

        """##
}
