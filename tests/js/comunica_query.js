// Query a SPARQL endpoint with Comunica and print the bindings as JSON lines.
// Usage: node comunica_query.js ENDPOINT_URL 'SELECT ...'
// Exits non-zero (with the reason on stderr) if Comunica cannot query the endpoint.
const { QueryEngine } = require('@comunica/query-sparql');

async function main() {
  const [endpoint, query] = process.argv.slice(2);
  if (!endpoint || !query) {
    throw new Error('usage: node comunica_query.js ENDPOINT_URL QUERY');
  }
  const engine = new QueryEngine();
  const stream = await engine.queryBindings(query, {
    sources: [{ type: 'sparql', value: endpoint }],
  });
  const rows = await stream.toArray();
  for (const b of rows) {
    const row = {};
    for (const [variable, term] of b) {
      row[variable.value] = { termType: term.termType, value: term.value };
    }
    process.stdout.write(JSON.stringify(row) + '\n');
  }
}

main().catch((err) => {
  process.stderr.write(`comunica failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
